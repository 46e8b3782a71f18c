package io.awsrefresh.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Explains one invalid {@code aws.refresh.*} value or several, wherever the exception is
 * in the chain: for each, the key, the value only when the exception shows one, where the
 * key was set (its first entry's origin for a list or a map), the reason, and a valid
 * example in the action.
 */
class InvalidAwsRefreshPropertiesFailureAnalyzerTests {

	private static final ClassPathResource FILE = new ClassPathResource("application.yml");

	private final MockEnvironment environment = new MockEnvironment();

	private final InvalidAwsRefreshPropertiesFailureAnalyzer analyzer = new InvalidAwsRefreshPropertiesFailureAnalyzer(
			this.environment);

	@Test
	void oneProblemIsDescribedWithItsKeyValueReasonAndExample() {
		InvalidAwsRefreshPropertyException problem = new InvalidAwsRefreshPropertyException("aws.refresh.duration",
				"5m", "must be between 15m and 12h", "aws.refresh.duration=1h");
		FailureAnalysis analysis = this.analyzer.analyze(problem);
		assertThat(analysis.getDescription()).isEqualTo("An aws.refresh value is invalid:\n\n"
				+ "    Property: aws.refresh.duration\n    Value: \"5m\"\n    Reason: must be between 15m and 12h\n");
		assertThat(analysis.getAction())
			.isEqualTo("Update your configuration, for example:\n\n    aws.refresh.duration=1h\n");
		assertThat(analysis.getCause()).isSameAs(problem);
	}

	@Test
	void severalProblemsAreCountedAndEachHasItsOwnBlockAndExampleInOrder() {
		InvalidAwsRefreshPropertiesException problems = new InvalidAwsRefreshPropertiesException(List.of(
				new InvalidAwsRefreshPropertyException("aws.refresh.region", "Europe", "not an AWS region id",
						"aws.refresh.region=eu-west-1"),
				new InvalidAwsRefreshPropertyException("aws.refresh.http.max-connections", 0, "must be at least 1",
						"aws.refresh.http.max-connections=50"),
				new InvalidAwsRefreshPropertyException("aws.refresh.cache.expire-after-access", "0s",
						"must be positive", "aws.refresh.cache.expire-after-access=30m")));
		FailureAnalysis analysis = this.analyzer.analyze(problems);
		assertThat(analysis.getDescription()).isEqualTo("3 aws.refresh values are invalid:\n"
				+ "\n    Property: aws.refresh.region\n    Value: \"Europe\"\n    Reason: not an AWS region id\n"
				+ "\n    Property: aws.refresh.http.max-connections\n    Value: \"0\"\n    Reason: must be at least 1\n"
				+ "\n    Property: aws.refresh.cache.expire-after-access\n    Value: \"0s\"\n"
				+ "    Reason: must be positive\n");
		assertThat(analysis.getAction()).isEqualTo("Update your configuration, for example:\n\n"
				+ "    aws.refresh.region=eu-west-1\n    aws.refresh.http.max-connections=50\n"
				+ "    aws.refresh.cache.expire-after-access=30m\n");
		assertThat(analysis.getCause()).isSameAs(problems);
	}

	@Test
	void originIsTheFileAndLineWhereTheKeyWasSet() {
		addFile(Map.of("aws.refresh.region", tracked("Europe", 3, 12)));
		FailureAnalysis analysis = this.analyzer.analyze(new InvalidAwsRefreshPropertyException("aws.refresh.region",
				"Europe", "not an AWS region id", "aws.refresh.region=eu-west-1"));
		assertThat(analysis.getDescription()).contains("    Property: aws.refresh.region\n    Value: \"Europe\"\n"
				+ "    Origin: class path resource [application.yml] - 4:13\n    Reason: not an AWS region id\n");
	}

	@Test
	void originOfAKeyInAPlainPropertySourceNamesTheSource() {
		this.environment.setProperty("aws.refresh.http.max-connections", "0");
		FailureAnalysis analysis = this.analyzer.analyze(new InvalidAwsRefreshPropertyException(
				"aws.refresh.http.max-connections", 0, "must be at least 1", "aws.refresh.http.max-connections=50"));
		assertThat(analysis.getDescription()).contains("    Origin: \"aws.refresh.http.max-connections\" from "
				+ "property source \"mockProperties\"\n    Reason: must be at least 1\n");
	}

	@Test
	void originIsLookedUpUnderTheCanonicalFormOfTheKey() {
		addFile(Map.of("aws.refresh.http.maxConnections", tracked("0", 7, 2)));
		FailureAnalysis analysis = this.analyzer.analyze(new InvalidAwsRefreshPropertyException(
				"aws.refresh.http.max-connections", 0, "must be at least 1", "aws.refresh.http.max-connections=50"));
		assertThat(analysis.getDescription()).contains("    Origin: class path resource [application.yml] - 8:3\n");
	}

	@Test
	void keyHoldingAListTakesTheOriginOfItsFirstEntry() {
		Map<String, Object> file = new LinkedHashMap<>();
		file.put("aws.refresh.policy-arns[0]", tracked("arn:aws:iam::aws:policy/ReadOnlyAccess", 5, 6));
		file.put("aws.refresh.policy-arns[1]", tracked("ReadOnlyAccess", 6, 6));
		addFile(file);
		FailureAnalysis analysis = this.analyzer.analyze(new InvalidAwsRefreshPropertyException(
				"aws.refresh.policy-arns", null, "at most 10 policies", "aws.refresh.policy-arns[0]=arn:..."));
		assertThat(analysis.getDescription()).contains("    Origin: class path resource [application.yml] - 6:7\n");
	}

	@Test
	void keyHoldingAMapTakesTheOriginOfItsFirstEntry() {
		Map<String, Object> file = new LinkedHashMap<>();
		file.put("aws.refresh.tags.team", tracked("payments", 9, 4));
		file.put("aws.refresh.tags.owner", tracked("jane", 10, 4));
		addFile(file);
		FailureAnalysis analysis = this.analyzer.analyze(new InvalidAwsRefreshPropertyException("aws.refresh.tags",
				null, "at most 50 tags", "aws.refresh.tags.team=payments"));
		assertThat(analysis.getDescription()).contains("    Origin: class path resource [application.yml] - 10:5\n");
	}

	@Test
	void keyThatWasNotSetHasNoOrigin() {
		this.environment.setProperty("aws.refresh.roles.audit.duration", "1h");
		FailureAnalysis analysis = this.analyzer
			.analyze(new InvalidAwsRefreshPropertyException("aws.refresh.roles.audit.role-arn", null,
					"a role needs a role-arn", "aws.refresh.roles.audit.role-arn=arn:aws:iam::123456789012:role/a"));
		assertThat(analysis.getDescription()).isEqualTo("An aws.refresh value is invalid:\n\n"
				+ "    Property: aws.refresh.roles.audit.role-arn\n    Reason: a role needs a role-arn\n");
	}

	@Test
	void keyThatIsNotAValidPropertyNameIsStillDescribed() {
		FailureAnalysis analysis = this.analyzer.analyze(new InvalidAwsRefreshPropertyException(
				"aws.refresh.tags.aws:team", "payments", "not starting with aws:", "aws.refresh.tags.team=payments"));
		assertThat(analysis.getDescription()).startsWith("An aws.refresh value is invalid:")
			.contains("    Property: aws.refresh.tags.aws:team\n")
			.contains("    Reason: not starting with aws:\n");
	}

	@Test
	void tagKeyHoldingAColonTakesTheOriginOfItsBracketedKey() {
		// The key is reported as aws.refresh.tags.aws:team
		// (InvalidAwsRefreshPropertiesTests),
		// and can only be set bracketed.
		addFile(Map.of("aws.refresh.tags.[aws:team]", tracked("payments", 11, 8)));
		FailureAnalysis analysis = this.analyzer.analyze(new InvalidAwsRefreshPropertyException(
				"aws.refresh.tags.aws:team", "payments", "not starting with aws:", "aws.refresh.tags.team=payments"));
		assertThat(analysis.getDescription()).contains("    Origin: class path resource [application.yml] - 12:9\n");
	}

	@Test
	void problemIsFoundAsACauseDeepInTheChain() {
		InvalidAwsRefreshPropertyException problem = new InvalidAwsRefreshPropertyException("aws.refresh.region",
				"Europe", "not an AWS region id", "aws.refresh.region=eu-west-1");
		Throwable failure = new BeanCreationException("awsRefreshModel",
				new IllegalStateException("wrapped", new RuntimeException(problem)));
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis.getCause()).isSameAs(problem);
		assertThat(analysis.getDescription()).startsWith("An aws.refresh value is invalid:")
			.contains("Property: aws.refresh.region\n");
	}

	@Test
	void severalProblemsWrappingOneOfThemAreReportedTogether() {
		InvalidAwsRefreshPropertyException first = new InvalidAwsRefreshPropertyException("aws.refresh.region",
				"Europe", "not an AWS region id", "aws.refresh.region=eu-west-1");
		InvalidAwsRefreshPropertiesException problems = new InvalidAwsRefreshPropertiesException(
				List.of(first, new InvalidAwsRefreshPropertyException("aws.refresh.cache.max-size", 0,
						"must be at least 1", "aws.refresh.cache.max-size=64")));
		FailureAnalysis analysis = this.analyzer.analyze(new BeanCreationException("x", problems));
		assertThat(analysis.getDescription()).startsWith("2 aws.refresh values are invalid:");
		assertThat(analysis.getCause()).isSameAs(problems);
	}

	@Test
	void valueIsNeverShownWhenTheExceptionHasNoneEvenIfTheEnvironmentHoldsOne() {
		this.environment.setProperty("aws.refresh.external-id", "partner-secret-42");
		FailureAnalysis analysis = this.analyzer.analyze(new InvalidAwsRefreshPropertyException(
				"aws.refresh.external-id", null, "2 to 1224 characters", "aws.refresh.external-id=partner-42"));
		assertThat(analysis.getDescription()).contains("    Property: aws.refresh.external-id\n    Origin: ")
			.doesNotContain("Value:")
			.doesNotContain("partner-secret-42");
		assertThat(analysis.getAction()).doesNotContain("partner-secret-42");
	}

	@Test
	void otherFailuresAreLeftToOtherAnalyzers() {
		assertThat(this.analyzer.analyze(new IllegalStateException("no", new IllegalArgumentException()))).isNull();
	}

	@Test
	void runsBeforeOtherAnalyzers() {
		assertThat(this.analyzer.getOrder()).isEqualTo(Integer.MIN_VALUE);
	}

	private void addFile(Map<String, Object> properties) {
		this.environment.getPropertySources()
			.addFirst(new OriginTrackedMapPropertySource("Config resource 'class path resource [application.yml]'",
					properties));
	}

	private static OriginTrackedValue tracked(String value, int line, int column) {
		return OriginTrackedValue.of(value,
				new TextResourceOrigin(FILE, new TextResourceOrigin.Location(line, column)));
	}

}
