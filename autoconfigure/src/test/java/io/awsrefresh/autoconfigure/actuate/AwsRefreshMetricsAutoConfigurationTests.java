package io.awsrefresh.autoconfigure.actuate;

import io.awsrefresh.autoconfigure.AwsRefreshAutoConfigurations;
import io.awsrefresh.autoconfigure.InvalidAwsRefreshPropertiesException;
import io.awsrefresh.autoconfigure.InvalidAwsRefreshPropertyException;
import io.awsrefresh.metrics.SdkMetricsPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code aws.refresh.sdk-metrics.enabled} turns the meters of SDK calls on when unset,
 * blank or {@code true}, off when {@code false}, and stops startup naming the key for any
 * other boolean word Spring reads ({@code yes}, {@code off}, ...) as such, and stops
 * startup naming the key for anything else: a misspelt {@code flase} must not turn them
 * off without a word.
 */
class AwsRefreshMetricsAutoConfigurationTests {

	private static final String KEY = "aws.refresh.sdk-metrics.enabled";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
		.withConfiguration(AutoConfigurations.of(AwsRefreshMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
				"aws.refresh.source.secret-access-key=source-secret");

	@ParameterizedTest
	@ValueSource(strings = { "true", "True", "yes", "on", "1", "", " " })
	void sdkCallsAreMeteredWhenTrueOrBlank(String value) {
		this.contextRunner.withPropertyValues(KEY + "=" + value)
			.run((context) -> assertThat(context).hasSingleBean(SdkMetricsPublisher.class));
	}

	@ParameterizedTest
	@ValueSource(strings = { "false", "FALSE", " false ", "no", "off", "0" })
	void sdkCallsAreNotMeteredWhenFalse(String value) {
		this.contextRunner.withPropertyValues(KEY + "=" + value)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SdkMetricsPublisher.class));
	}

	@ParameterizedTest
	@ValueSource(strings = { "flase", "maybe", "enabled", "2" })
	void aValueThatIsNoBooleanStopsStartupNamingTheKeyOnce(String value) {
		this.contextRunner.withPropertyValues(KEY + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			// The startup check's report of one mistake.
			assertThat(findCause(context.getStartupFailure(), InvalidAwsRefreshPropertiesException.class)).isNull();
			InvalidAwsRefreshPropertyException ex = findCause(context.getStartupFailure(),
					InvalidAwsRefreshPropertyException.class);
			assertThat(ex).isNotNull();
			assertThat(ex.getProperty()).isEqualTo(KEY);
			assertThat(ex.getValue()).isEqualTo(value);
			assertThat(ex.getReason()).isEqualTo("must be true or false");
			assertThat(ex.getExample()).isEqualTo(KEY + "=false");
		});
	}

	private static <E extends Throwable> @Nullable E findCause(Throwable failure, Class<E> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
