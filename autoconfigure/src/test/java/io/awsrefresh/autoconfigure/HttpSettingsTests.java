package io.awsrefresh.autoconfigure;

import java.time.Duration;

import io.awsrefresh.autoconfigure.AwsRefreshProperties.Http;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings of the shared HTTP clients, {@code aws.refresh.http.*}: read as set, with
 * each invalid value reported under its key, with its value and an example, and every
 * check run whatever the others found.
 */
class HttpSettingsTests {

	private final Http http = new Http();

	private final PropertyProblems problems = new PropertyProblems();

	@Test
	void defaultsAreFiftyConnectionsTheDefaultCompletionThreadsAndTwoAndThirtySeconds() {
		assertThat(HttpSettings.read(this.http, this.problems))
			.isEqualTo(new HttpSettings(50, null, Duration.ofSeconds(2), Duration.ofSeconds(30)));
		assertThat(this.problems.list()).isEmpty();
	}

	@Test
	void valuesAreReadAsSet() {
		this.http.setMaxConnections(1);
		this.http.setCompletionThreads(16);
		this.http.setConnectionTimeout(Duration.ofMillis(500));
		this.http.setSocketTimeout(Duration.ofMinutes(2));
		assertThat(HttpSettings.read(this.http, this.problems))
			.isEqualTo(new HttpSettings(1, 16, Duration.ofMillis(500), Duration.ofMinutes(2)));
		assertThat(this.problems.list()).isEmpty();
	}

	@Test
	void maxConnectionsMustBeAtLeastOne() {
		this.http.setMaxConnections(0);
		HttpSettings.read(this.http, this.problems);
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.http.max-connections");
			assertThat(problem.getValue()).isEqualTo("0");
			assertThat(problem.getReason()).isEqualTo("must be at least 1");
			assertThat(problem.getExample()).isEqualTo("aws.refresh.http.max-connections=50");
		});
	}

	@Test
	void completionThreadsMustBeAtLeastOneWhenSet() {
		this.http.setCompletionThreads(0);
		HttpSettings.read(this.http, this.problems);
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.http.completion-threads");
			assertThat(problem.getValue()).isEqualTo("0");
			assertThat(problem.getExample()).isEqualTo("aws.refresh.http.completion-threads=16");
		});
	}

	@Test
	void timeoutsMustBePositive() {
		this.http.setConnectionTimeout(Duration.ofSeconds(-1));
		this.http.setSocketTimeout(Duration.ZERO);
		HttpSettings.read(this.http, this.problems);
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getProperty)
			.containsExactly("aws.refresh.http.connection-timeout", "aws.refresh.http.socket-timeout");
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getValue)
			.containsExactly("-1s", "0s");
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getExample)
			.containsExactly("aws.refresh.http.connection-timeout=2s", "aws.refresh.http.socket-timeout=30s");
	}

	@Test
	void everyInvalidValueIsReportedTogetherInKeyOrder() {
		this.http.setMaxConnections(-3);
		this.http.setCompletionThreads(-1);
		this.http.setConnectionTimeout(Duration.ZERO);
		this.http.setSocketTimeout(Duration.ofMillis(-1));
		HttpSettings.read(this.http, this.problems);
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getProperty)
			.containsExactly("aws.refresh.http.max-connections", "aws.refresh.http.completion-threads",
					"aws.refresh.http.connection-timeout", "aws.refresh.http.socket-timeout");
	}

}
