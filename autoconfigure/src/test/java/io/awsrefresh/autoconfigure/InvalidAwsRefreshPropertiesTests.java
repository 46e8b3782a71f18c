package io.awsrefresh.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.awsrefresh.autoconfigure.actuate.AwsRefreshMetricsAutoConfiguration;
import io.awsrefresh.autoconfigure.actuate.AwsRefreshObservationAutoConfiguration;
import io.awsrefresh.credentials.MfaTokenProvider;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every invalid {@code aws.refresh.*} value stops startup with an analysis that names the
 * key and a valid example. No STS call is made: every role defers its refresh.
 */
class InvalidAwsRefreshPropertiesTests {

	private static final String ROLE = "arn:aws:iam::123456789012:role/app";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AwsRefreshAutoConfigurations.CREDENTIALS)
		.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
				"aws.refresh.source.secret-access-key=not-a-real-secret", "aws.refresh.role-arn=" + ROLE);

	@ParameterizedTest
	@ValueSource(strings = { "aws.refresh.enabled", "aws.refresh.duration", "aws.refresh.roles.audit.duration",
			"aws.refresh.stale-time", "aws.refresh.defer-refresh", "aws.refresh.sts.endpoint",
			"aws.refresh.services.s3.endpoint", "aws.refresh.cache.expire-after-access",
			"aws.refresh.http.socket-timeout", "aws.refresh.presign.minimum-validity", "aws.refresh.client-beans",
			// Keys that hold keys, as an empty YAML map or list reads.
			"aws.refresh.source", "aws.refresh.roles", "aws.refresh.roles.audit", "aws.refresh.http", "aws.refresh.sts",
			"aws.refresh.tags", "aws.refresh.provided-contexts", "aws.refresh.services.s3" })
	void aBlankValueReadsAsUnsetWhateverTheKeysType(String key) {
		for (String blank : new String[] { "", "${AWS_REFRESH_TEST_UNSET_VARIABLE:}" }) {
			this.contextRunner.withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
				.withPropertyValues("aws.refresh.roles.audit.role-arn=" + ROLE, key + "=" + blank)
				.run((context) -> assertThat(context).as("%s=%s", key, blank).hasNotFailed());
		}
	}

	static Stream<Arguments> invalidValues() {
		return Stream.of(
				arguments("aws.refresh.role-arn", new String[] { "aws.refresh.role-arn=arn:aws:iam::12:role/app" }),
				arguments("aws.refresh.role-arn", new String[] { "aws.refresh.role-arn=app" }),
				arguments("aws.refresh.roles.audit.role-arn",
						new String[] { "aws.refresh.roles.audit.role-arn=arn:aws:s3:::bucket" }),
				arguments("aws.refresh.roles.audit.role-arn", new String[] { "aws.refresh.roles.audit.duration=1h" }),
				arguments("aws.refresh.duration", new String[] { "aws.refresh.duration=14m" }),
				arguments("aws.refresh.duration", new String[] { "aws.refresh.duration=13h" }),
				arguments("aws.refresh.roles.audit.duration",
						new String[] { "aws.refresh.roles.audit.role-arn=" + ROLE,
								"aws.refresh.roles.audit.duration=5m" }),
				arguments("aws.refresh.role-session-name", new String[] { "aws.refresh.role-session-name=a" }),
				// Spring Boot reads the same keys for both: one ARN would win silently.
				arguments("aws.refresh.roles.audit",
						new String[] { "aws.refresh.roles.Audit.role-arn=arn:aws:iam::111111111111:role/first",
								"aws.refresh.roles.audit.role-arn=arn:aws:iam::222222222222:role/second" }),
				// {account} in a role that is no template would reach STS as written.
				arguments("aws.refresh.role-session-name",
						new String[] { "aws.refresh.role-session-name=app-{account}" }),
				arguments("aws.refresh.roles.audit.role-session-name",
						new String[] { "aws.refresh.roles.audit.role-arn=" + ROLE,
								"aws.refresh.roles.audit.role-session-name=audit-{account}" }),
				arguments("aws.refresh.roles.audit.source-identity",
						new String[] { "aws.refresh.roles.audit.role-arn=" + ROLE,
								"aws.refresh.roles.audit.source-identity=scan-{account}" }),
				arguments("aws.refresh.external-id", new String[] { "aws.refresh.external-id=partner-{account}" }),
				arguments("aws.refresh.roles.scanner.provided-contexts[0].provider-arn",
						new String[] { "aws.refresh.roles.scanner.role-arn=arn:aws:iam::{account}:role/Audit",
								"aws.refresh.roles.scanner.provided-contexts[0].provider-arn="
										+ "arn:aws:iam::aws:contextProvider/{account}",
								"aws.refresh.roles.scanner.provided-contexts[0].context-assertion=assertion" }),
				arguments("aws.refresh.role-session-name", new String[] { "aws.refresh.role-session-name=has spaces" }),
				arguments("aws.refresh.role-session-name",
						new String[] { "aws.refresh.role-session-name=" + "x".repeat(65) }),
				arguments("aws.refresh.external-id", new String[] { "aws.refresh.external-id=x" }),
				arguments("aws.refresh.external-id", new String[] { "aws.refresh.external-id=" + "x".repeat(1225) }),
				arguments("aws.refresh.stale-time",
						new String[] { "aws.refresh.prefetch-time=5m", "aws.refresh.stale-time=5m" }),
				arguments("aws.refresh.stale-time", new String[] { "aws.refresh.stale-time=0s" }),
				arguments("aws.refresh.prefetch-time",
						new String[] { "aws.refresh.duration=1h", "aws.refresh.prefetch-time=1h" }),
				arguments("aws.refresh.roles.audit.prefetch-time",
						new String[] { "aws.refresh.roles.audit.role-arn=" + ROLE,
								"aws.refresh.roles.audit.duration=15m", "aws.refresh.roles.audit.prefetch-time=20m" }),
				arguments("aws.refresh.roles.audit.source-role",
						new String[] { "aws.refresh.roles.audit.role-arn=" + ROLE,
								"aws.refresh.roles.audit.source-role=nobody" }),
				arguments("aws.refresh.roles.b.source-role",
						new String[] { "aws.refresh.roles.a.role-arn=" + ROLE, "aws.refresh.roles.a.source-role=b",
								"aws.refresh.roles.b.role-arn=" + ROLE, "aws.refresh.roles.b.source-role=a" }),
				arguments("aws.refresh.roles.a.source-role",
						new String[] { "aws.refresh.roles.a.role-arn=" + ROLE, "aws.refresh.roles.a.source-role=a" }),
				arguments("aws.refresh.roles.default", new String[] { "aws.refresh.roles.default.role-arn=" + ROLE }),
				arguments("aws.refresh.role-arn",
						new String[] { "aws.refresh.role-arn=arn:aws:iam::{account}:role/app" }),
				arguments("aws.refresh.roles.scanner.role-arn",
						new String[] { "aws.refresh.roles.scanner.role-arn=arn:aws:iam::{acount}:role/Audit" }),
				arguments("aws.refresh.roles.b.source-role",
						new String[] { "aws.refresh.roles.scanner.role-arn=arn:aws:iam::{account}:role/Audit",
								"aws.refresh.roles.b.role-arn=" + ROLE, "aws.refresh.roles.b.source-role=scanner" }),
				arguments("aws.refresh.run-time-roles.max-size",
						new String[] { "aws.refresh.run-time-roles.max-size=0" }),
				arguments("aws.refresh.run-time-roles.expire-after-access",
						new String[] { "aws.refresh.run-time-roles.expire-after-access=0s" }),
				// The deprecated names are checked under their own keys.
				arguments("aws.refresh.sessions.max-size", new String[] { "aws.refresh.sessions.max-size=0" }),
				arguments("aws.refresh.sessions.expire-after-access",
						new String[] { "aws.refresh.sessions.expire-after-access=0s" }),
				arguments("aws.refresh.serial-number",
						new String[] { "aws.refresh.serial-number=arn:aws:iam::123456789012:mfa/jane" }),
				arguments("aws.refresh.serial-number", new String[] { "aws.refresh.serial-number=short" }),
				// The default role assumes no role: keys of the AssumeRole call would do
				// nothing.
				arguments("aws.refresh.serial-number",
						new String[] { "aws.refresh.role-arn=",
								"aws.refresh.serial-number=arn:aws:iam::123456789012:mfa/jane" }),
				arguments("aws.refresh.external-id",
						new String[] { "aws.refresh.role-arn=", "aws.refresh.external-id=partner-42" }),
				arguments("aws.refresh.policy-arns[1]",
						new String[] { "aws.refresh.policy-arns[0]=arn:aws:iam::aws:policy/ReadOnlyAccess",
								"aws.refresh.policy-arns[1]=ReadOnlyAccess" }),
				arguments("aws.refresh.policy", new String[] { "aws.refresh.policy=Allow everything" }),
				arguments("aws.refresh.provided-contexts[0].provider-arn",
						new String[] { "aws.refresh.provided-contexts[0].provider-arn=IdentityCenter",
								"aws.refresh.provided-contexts[0].context-assertion=assertion" }),
				arguments("aws.refresh.provided-contexts[0].provider-arn",
						new String[] { "aws.refresh.provided-contexts[0].context-assertion=assertion" }),
				arguments("aws.refresh.provided-contexts[0].context-assertion", new String[] {
						"aws.refresh.provided-contexts[0].provider-arn=arn:aws:iam::aws:contextProvider/IdentityCenter" }),
				arguments("aws.refresh.transitive-tag-keys[0]",
						new String[] { "aws.refresh.tags.team=payments", "aws.refresh.transitive-tag-keys[0]=owner" }),
				arguments("aws.refresh.source-identity", new String[] { "aws.refresh.source-identity=jane doe" }),
				arguments("aws.refresh.tags.team", new String[] { "aws.refresh.tags.team=pay#ments!" }),
				arguments("aws.refresh.policy", new String[] { "aws.refresh.policy={not json" }),
				arguments("aws.refresh.region", new String[] { "aws.refresh.region=EU West 1" }),
				arguments("aws.refresh.sts.region", new String[] { "aws.refresh.sts.region=europe" }),
				arguments("aws.refresh.endpoint", new String[] { "aws.refresh.endpoint=ftp://127.0.0.1:21" }),
				arguments("aws.refresh.sts.endpoint", new String[] { "aws.refresh.sts.endpoint=localhost:4566" }),
				arguments("aws.refresh.source.secret-access-key",
						new String[] { "aws.refresh.source.secret-access-key=" }),
				arguments("aws.refresh.source.access-key-id", new String[] { "aws.refresh.source.access-key-id= " }),
				arguments("aws.refresh.source.profile", new String[] { "aws.refresh.source.profile=test-profile" }),
				arguments("aws.refresh.source.profile", new String[] { "aws.refresh.source.access-key-id=",
						"aws.refresh.source.secret-access-key=", "aws.refresh.source.profile=no-such-profile" }));
	}

	@ParameterizedTest(name = "{0} <- {1}")
	@MethodSource("invalidValues")
	void invalidValueFailsStartupNamingTheKey(String key, String[] properties) {
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidAwsRefreshPropertiesFailureAnalyzer(new StandardEnvironment())
				.analyze(context.getStartupFailure());
			assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
			assertThat(analysis.getDescription()).contains("Property: " + key + "\n");
			assertThat(analysis.getAction()).contains("for example");
			assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("not-a-real-secret");
		});
	}

	static Stream<Arguments> valuesOfKeysThatHoldKeys() {
		String exampleRole = "arn:aws:iam::123456789012:role/app";
		String contextProvider = "arn:aws:iam::aws:contextProvider/IdentityCenter";
		return Stream.of(
				// Beside keys under it (the runner sets two source.* keys): it was
				// ignored. The example is one of the keys set: source.profile is
				// rejected beside static keys.
				arguments(new String[] { "aws.refresh.source=x" }, "aws.refresh.source",
						"aws.refresh.source.access-key-id=${AWS_ACCESS_KEY_ID}"),
				arguments(new String[] { "aws.refresh.roles=x", "aws.refresh.roles.audit.role-arn=" + ROLE },
						"aws.refresh.roles", "aws.refresh.roles.audit.role-arn=" + exampleRole),
				arguments(new String[] { "aws.refresh.roles.reader=x", "aws.refresh.roles.reader.role-arn=" + ROLE },
						"aws.refresh.roles.reader", "aws.refresh.roles.reader.role-arn=" + exampleRole),
				arguments(
						new String[] { "aws.refresh.roles[eu.audit]=x",
								"aws.refresh.roles[eu.audit].role-arn=" + ROLE },
						"aws.refresh.roles[eu.audit]", "aws.refresh.roles[eu.audit].role-arn=" + exampleRole),
				arguments(new String[] { "aws.refresh.tags=x", "aws.refresh.tags.team=payments" }, "aws.refresh.tags",
						"aws.refresh.tags.team=payments"),
				arguments(new String[] { "aws.refresh.sts=x", "aws.refresh.sts.region=eu-west-1" }, "aws.refresh.sts",
						"aws.refresh.sts.region=eu-west-1"),
				arguments(
						new String[] { "aws.refresh.services.s3=x", "aws.refresh.services.s3.path-style-access=true" },
						"aws.refresh.services.s3", "aws.refresh.services.s3.path-style-access=true"),
				arguments(
						new String[] { "aws.refresh.provided-contexts=x",
								"aws.refresh.provided-contexts[0].provider-arn=" + contextProvider,
								"aws.refresh.provided-contexts[0].context-assertion=assertion" },
						"aws.refresh.provided-contexts",
						"aws.refresh.provided-contexts[0].provider-arn=" + contextProvider),
				// Alone: it was reported as "cannot be read as a Http", for example
				// "=...".
				arguments(new String[] { "aws.refresh.http=x" }, "aws.refresh.http",
						"aws.refresh.http.max-connections=50"),
				arguments(new String[] { "aws.refresh.cache=x" }, "aws.refresh.cache", "aws.refresh.cache.max-size=64"),
				arguments(new String[] { "aws.refresh.presign=x" }, "aws.refresh.presign",
						"aws.refresh.presign.minimum-validity=5m"),
				arguments(new String[] { "aws.refresh.run-time-roles=x" }, "aws.refresh.run-time-roles",
						"aws.refresh.run-time-roles.max-size=1000"),
				arguments(new String[] { "aws.refresh.services=x" }, "aws.refresh.services",
						"aws.refresh.services.s3.endpoint=http://127.0.0.1:4566"),
				arguments(new String[] { "aws.refresh.iot=x" }, "aws.refresh.iot",
						"aws.refresh.iot.endpoint=c2abcdefgh1234.credentials.iot.eu-west-1.amazonaws.com"),
				arguments(new String[] { "aws.refresh.sdk-metrics=x" }, "aws.refresh.sdk-metrics",
						"aws.refresh.sdk-metrics.enabled=false"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("valuesOfKeysThatHoldKeys")
	void aValueGivenToAKeyThatHoldsKeysFailsStartupShowingAKeyUnderIt(String[] properties, String key, String example) {
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(problems(context.getStartupFailure())).singleElement().satisfies((problem) -> {
				assertThat(problem.getProperty()).isEqualTo(key);
				// Beside the keys under it, Spring Boot ignores the value.
				boolean besideKeys = properties.length > 1 || key.equals("aws.refresh.source");
				assertThat(problem.getReason())
					.isEqualTo(besideKeys ? "holds keys, not a value, and keys under it are set: remove the value"
							: "holds keys, not a value: set the keys under it");
				assertThat(problem.getExample()).isEqualTo(example);
				// A value where keys belong may be anything, a credential too.
				assertThat(problem.getValue()).isNull();
			});
		});
	}

	static Stream<Arguments> namesThatHoldADot() {
		String role = "aws.refresh.roles[eu.audit]";
		return Stream.of(
				arguments(new String[] { role + ".role-arn=" + ROLE, role + ".duration=bogus" },
						new String[] { role + ".duration" }),
				arguments(new String[] { role + ".duration=1h" }, new String[] { role + ".role-arn" }),
				arguments(new String[] { role + ".role-arn=arn:aws:s3:::bucket" }, new String[] { role + ".role-arn" }),
				arguments(new String[] { role + ".role-arn=" + ROLE, role + ".duration=5m" },
						new String[] { role + ".duration" }),
				arguments(new String[] { role + ".role-arn=" + ROLE, role + ".sts.region=europe" },
						new String[] { role + ".sts.region" }),
				arguments(new String[] { role + ".role-arn=" + ROLE, role + ".external-id=x" },
						new String[] { role + ".external-id" }),
				arguments(new String[] { role + ".role-arn=" + ROLE, role + ".source-role=nobody" },
						new String[] { role + ".source-role" }),
				arguments(new String[] { role + ".role-arn=" + ROLE, role + ".source-role=eu.audit" },
						new String[] { role + ".source-role" }),
				arguments(new String[] { role + ".role-arn=" + ROLE, role + ".tags[cost.centre]=pay#ments" },
						new String[] { role + ".tags[cost.centre]" }),
				arguments(new String[] { role + ".role-arn=" + ROLE, "aws.refresh.roles[EU.Audit].role-arn=" + ROLE },
						new String[] { "aws.refresh.roles[EU.Audit]" }),
				// No client of this service id is on the test class path.
				arguments(new String[] { "aws.refresh.services[runtime.sagemaker].region=Europe" }, new String[] {
						"aws.refresh.services[runtime.sagemaker].region", "aws.refresh.services[runtime.sagemaker]" }));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("namesThatHoldADot")
	void aRoleOrServiceNameThatHoldsADotIsReportedInBracketsAsItIsWritten(String[] properties, String[] keys) {
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(problems(context.getStartupFailure()))
				.extracting(InvalidAwsRefreshPropertyException::getProperty)
				.containsExactlyInAnyOrder(keys);
			assertThat(problems(context.getStartupFailure()))
				.allSatisfy((problem) -> assertThat(problem.getExample()).doesNotContain("roles.eu.audit")
					.doesNotContain("services.runtime.sagemaker"));
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "aws.refresh.duration", "aws.refresh.sdk-metrics.enabled",
			"aws.refresh.sdk-observations.enabled" })
	void withTheStarterTurnedOffItsKeysAreReadAlike(String key) {
		// The starter off, nothing of it is checked: neither duration nor sdk-metrics
		// stops startup, so neither does sdk-observations.
		new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withConfiguration(AutoConfigurations.of(AwsRefreshMetricsAutoConfiguration.class,
					AwsRefreshObservationAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(ObservationRegistry.class, ObservationRegistry::create)
			.withPropertyValues("aws.refresh.enabled=false", key + "=maybe")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RoleCredentialsProvider.class));
	}

	@ParameterizedTest
	@ValueSource(strings = { "aws.refresh.source.pass", "aws.refresh.source.sesion-tokn",
			"aws.refresh.roles.audit.source.pwd", "aws.refresh.sts.auth-header", "aws.refresh.source.acces-ky" })
	void theValueOfAMisspeltKeyUnderASourceOrHintingAtASecretIsNeverShown(String key) {
		this.contextRunner.withPropertyValues(key + "=hunter2-not-to-be-shown").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(problems(context.getStartupFailure()))
				.extracting(InvalidAwsRefreshPropertyException::getProperty)
				.contains(key);
			assertThat(problems(context.getStartupFailure())).allSatisfy((problem) -> {
				assertThat(problem.getValue()).isNull();
				assertThat(problem.getMessage()).doesNotContain("hunter2");
			});
			for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
				assertThat(String.valueOf(cause.getMessage())).doesNotContain("hunter2");
			}
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "aws.refresh", "aws.refresh.roles.audit" })
	void tagsGivenAValueAreOneMistakeReportedOnceThoughTransitiveTagKeysNameThem(String role) {
		// tags: team=payments, where tags: {team: payments} was meant.
		this.contextRunner
			.withPropertyValues("aws.refresh.roles.audit.role-arn=" + ROLE, role + ".tags=team=payments",
					role + ".transitive-tag-keys=team")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(problems(context.getStartupFailure()))
					.extracting(InvalidAwsRefreshPropertyException::getProperty)
					.containsExactly(role + ".tags");
			});
	}

	private static List<InvalidAwsRefreshPropertyException> problems(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidAwsRefreshPropertiesException several) {
				return several.getProblems();
			}
			if (cause instanceof InvalidAwsRefreshPropertyException one) {
				return List.of(one);
			}
		}
		throw new AssertionError("no invalid aws.refresh value in " + failure);
	}

	@Test
	void switchesOfSdkCallsThatAreNeitherTrueNorFalseAreReportedWithEveryOtherInvalidValue() {
		// Without the metrics and observation auto-configurations, whose conditions
		// would stop startup first with the same report of their own key.
		this.contextRunner
			.withPropertyValues("aws.refresh.sdk-metrics.enabled=flase", "aws.refresh.sdk-observations.enabled=maybe",
					"aws.refresh.duration=soon")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(problems(context.getStartupFailure()))
					.extracting(InvalidAwsRefreshPropertyException::getProperty,
							InvalidAwsRefreshPropertyException::getValue, InvalidAwsRefreshPropertyException::getReason,
							InvalidAwsRefreshPropertyException::getExample)
					.containsExactlyInAnyOrder(
							tuple("aws.refresh.sdk-metrics.enabled", "flase", "must be true or false",
									"aws.refresh.sdk-metrics.enabled=false"),
							tuple("aws.refresh.sdk-observations.enabled", "maybe", "must be true or false",
									"aws.refresh.sdk-observations.enabled=false"),
							tuple("aws.refresh.duration", "soon",
									"cannot be read as a duration (such as 30s, 5m or 1h)", "aws.refresh.duration=1h"));
			});
	}

	@Test
	void missingRegionFailsStartupNamingTheKey() {
		new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CREDENTIALS).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidAwsRefreshPropertiesFailureAnalyzer(new StandardEnvironment())
				.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Property: aws.refresh.region\n");
			assertThat(analysis.getAction()).contains("aws.refresh.region=eu-west-1");
		});
	}

	@Test
	void serialNumberIsAcceptedWithAnMfaTokenProvider() {
		this.contextRunner.withPropertyValues("aws.refresh.serial-number=arn:aws:iam::123456789012:mfa/jane")
			.withBean(MfaTokenProvider.class, () -> (serialNumber) -> "123456")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void externalIdIsNeverEchoed() {
		String externalId = "secret id with spaces";
		this.contextRunner.withPropertyValues("aws.refresh.external-id=" + externalId).run((context) -> {
			FailureAnalysis analysis = new InvalidAwsRefreshPropertiesFailureAnalyzer(new StandardEnvironment())
				.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription() + analysis.getAction()).contains("aws.refresh.external-id")
				.doesNotContain(externalId);
		});
	}

	@Test
	void contextAssertionIsNeverEchoed() {
		// Too short to be an assertion, but a secret all the same.
		String assertion = "q9z";
		this.contextRunner
			.withPropertyValues(
					"aws.refresh.provided-contexts[0].provider-arn=arn:aws:iam::aws:contextProvider/IdentityCenter",
					"aws.refresh.provided-contexts[0].context-assertion=" + assertion)
			.run((context) -> {
				FailureAnalysis analysis = new InvalidAwsRefreshPropertiesFailureAnalyzer(new StandardEnvironment())
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription() + analysis.getAction())
					.contains("aws.refresh.provided-contexts[0].context-assertion", "4 to 2048 characters")
					.doesNotContain(assertion);
			});
	}

	@Test
	void durationInheritedByAChainedRoleIsCappedAtOneHourNamingBothKeys() {
		this.contextRunner
			.withPropertyValues("aws.refresh.duration=2h", "aws.refresh.roles.audit.role-arn=" + ROLE,
					"aws.refresh.roles.audit.source-role=default")
			.run((context) -> {
				FailureAnalysis analysis = new InvalidAwsRefreshPropertiesFailureAnalyzer(new StandardEnvironment())
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription())
					.contains("Property: aws.refresh.roles.audit.duration\n    Value: \"2h\"")
					.contains("inherited from aws.refresh.duration");
			});
	}

	@Test
	void roleAssumedWithPlainSourceCredentialsMayLastLongerThanOneHour() {
		this.contextRunner
			.withPropertyValues("aws.refresh.role-arn=", "aws.refresh.duration=2h",
					"aws.refresh.roles.audit.role-arn=" + ROLE, "aws.refresh.roles.audit.source-role=default")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void tagKeyInTheReservedAwsNamespaceFailsStartup() {
		// Added as a property source: "key=value" pairs are split at the first colon.
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("tags", Map.of("aws.refresh.tags.[aws:team]", "payments"))))
			.run((context) -> {
				FailureAnalysis analysis = new InvalidAwsRefreshPropertiesFailureAnalyzer(new StandardEnvironment())
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Property: aws.refresh.tags[aws:team]\n")
					.contains("not starting with aws:");
			});
	}

	@Test
	void blankRoleArnMeansNoRole() {
		this.contextRunner.withPropertyValues("aws.refresh.role-arn=  ")
			.run((context) -> assertThat(context.getBean(RoleCredentialsProvider.class).roleArn()).isNull());
	}

	@Test
	void unknownKeyFailsStartupNamingItAndTheNearestValidKey() {
		this.contextRunner.withPropertyValues("aws.refresh.roles.audit.rolearnn=" + ROLE).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasMessageContaining("aws.refresh.roles.audit.rolearnn");
			FailureAnalysis analysis = new InvalidAwsRefreshPropertiesFailureAnalyzer(new StandardEnvironment())
				.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Property: aws.refresh.roles.audit.rolearnn\n")
				.contains("Value: \"" + ROLE + "\"")
				.contains("did you mean aws.refresh.roles.audit.role-arn?");
		});
	}

	@Test
	void everyInvalidValueOfEveryConcernIsReportedTogether() {
		new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
					"aws.refresh.role-arn=" + ROLE, "aws.refresh.external-id=x", "aws.refresh.tags.team=pay#ments",
					"aws.refresh.roles.a.role-arn=" + ROLE, "aws.refresh.roles.a.source-role=b",
					"aws.refresh.roles.b.role-arn=" + ROLE, "aws.refresh.roles.b.source-role=a",
					"aws.refresh.roles.c.role-arn=" + ROLE, "aws.refresh.roles.c.source-role=a",
					"aws.refresh.roles.d.role-arn=" + ROLE, "aws.refresh.roles.d.duration=15m",
					"aws.refresh.roles.d.prefetch-time=20m", "aws.refresh.roles.e.duration=1h",
					"aws.refresh.http.max-connections=0", "aws.refresh.http.socket-timeout=0s",
					"aws.refresh.cache.max-size=0", "aws.refresh.presign.minimum-validity=-5m",
					"aws.refresh.services.s4.endpoint=http://127.0.0.1:4566", "aws.refresh.services.sts.region=Europe",
					"aws.refresh.enpoint=http://127.0.0.1:4566")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).isInstanceOf(InvalidAwsRefreshPropertiesException.class);
				InvalidAwsRefreshPropertiesException failure = (InvalidAwsRefreshPropertiesException) context
					.getStartupFailure();
				// The cycle is reported once, and c, chained from it, not at all.
				assertThat(failure.getProblems()).extracting(InvalidAwsRefreshPropertyException::getProperty)
					.containsExactlyInAnyOrder("aws.refresh.enpoint", "aws.refresh.source.secret-access-key",
							"aws.refresh.http.max-connections", "aws.refresh.http.socket-timeout",
							"aws.refresh.cache.max-size", "aws.refresh.presign.minimum-validity",
							"aws.refresh.services.s4", "aws.refresh.services.sts.region", "aws.refresh.external-id",
							"aws.refresh.tags.team", "aws.refresh.roles.b.source-role",
							"aws.refresh.roles.d.prefetch-time", "aws.refresh.roles.e.role-arn");
				FailureAnalysis analysis = new InvalidAwsRefreshPropertiesFailureAnalyzer(new StandardEnvironment())
					.analyze(failure);
				assertThat(analysis.getDescription()).startsWith("13 aws.refresh values are invalid:");
			});
	}

	@Test
	void endpointPasswordIsNeverEchoed() {
		this.contextRunner.withPropertyValues("aws.refresh.endpoint=ftp://user:hunter2@127.0.0.1:21").run((context) -> {
			FailureAnalysis analysis = new InvalidAwsRefreshPropertiesFailureAnalyzer(new StandardEnvironment())
				.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("aws.refresh.endpoint").doesNotContain("hunter2");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "${AWS_REFRESH_TEST_UNSET_VARIABLE:}" })
	void aBlankValueOverridesTheValueOfALowerPropertySource(String blank) {
		// application.yml assumes a role; a profile, a command-line argument or an
		// environment variable (AWS_REFRESH_ROLEARN=) set blank turns it off, as a blank
		// value of any key overrides a lower source in Spring Boot: "role-arn:
		// ${ROLE_ARN:}
		// means no role".
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addLast(new MapPropertySource("application.yml",
						Map.of("aws.refresh.role-arn", "arn:aws:iam::123456789012:role/prod"))))
			.withPropertyValues("aws.refresh.role-arn=" + blank)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(RoleCredentialsProvider.class).roleArn()).isNull();
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "aws.refresh.enabled", "aws.refresh.sdk-metrics.enabled",
			"aws.refresh.sdk-observations.enabled" })
	void aSwitchThatIsNeitherTrueNorFalseIsReportedWithEveryOtherInvalidValueWhateverReadsItFirst(String key) {
		// As an application has them: the auto-configurations the switches turn on or
		// off,
		// and the registries they need.
		new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withConfiguration(AutoConfigurations.of(AwsRefreshMetricsAutoConfiguration.class,
					AwsRefreshObservationAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(ObservationRegistry.class, ObservationRegistry::create)
			.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
					"aws.refresh.source.secret-access-key=not-a-real-secret", "aws.refresh.role-arn=" + ROLE,
					key + "=maybe", "aws.refresh.duration=soon")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(problems(context.getStartupFailure()))
					.extracting(InvalidAwsRefreshPropertyException::getProperty)
					.containsExactlyInAnyOrder(key, "aws.refresh.duration");
			});
	}

	@Test
	void aSwitchThatAnApplicationsOwnConditionReadsIsReportedWithEveryOtherInvalidValue() {
		this.contextRunner.withUserConfiguration(OwnMetricsConfiguration.class)
			.withPropertyValues("aws.refresh.sdk-metrics.enabled=maybe", "aws.refresh.duration=soon")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(problems(context.getStartupFailure()))
					.extracting(InvalidAwsRefreshPropertyException::getProperty)
					.containsExactlyInAnyOrder("aws.refresh.sdk-metrics.enabled", "aws.refresh.duration");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "aws.refresh.enabled", "aws.refresh.sdk-metrics.enabled",
			"aws.refresh.sdk-observations.enabled" })
	void aSwitchWhosePlaceholderCannotBeResolvedIsReportedWithEveryOtherInvalidValue(String key) {
		// As aws.refresh.duration=${...} is: its value cannot be read.
		this.contextRunner.withPropertyValues(key + "=${AWS_REFRESH_TEST_UNSET_VARIABLE}", "aws.refresh.duration=soon")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(problems(context.getStartupFailure()))
					.extracting(InvalidAwsRefreshPropertyException::getProperty)
					.containsExactlyInAnyOrder(key, "aws.refresh.duration");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "aws.refresh.http=x;aws.refresh.http.max-conections=50",
			"aws.refresh.sts=x;aws.refresh.sts.regoin=eu-west-1" })
	void aMisspeltKeyUnderAKeyGivenAValueIsReportedToo(String settings) {
		String[] properties = settings.split(";");
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			// Two mistakes, both named: the value of the group and the misspelt key.
			assertThat(problems(context.getStartupFailure()))
				.extracting(InvalidAwsRefreshPropertyException::getProperty)
				.containsExactlyInAnyOrder(properties[0].split("=")[0], properties[1].split("=")[0]);
		});
	}

	static Stream<Arguments> theExampleOfAMistakeIsAcceptedInTheConfigurationItIsShownFor() {
		return Stream.of(
				// Valid only with a tag of that key: the user's own value, not a sample.
				arguments((Object) new String[] { "aws.refresh.tags.project=orders",
						"aws.refresh.transitive-tag-key=project" }),
				arguments((Object) new String[] { "aws.refresh.roles.audit.role-arn=" + ROLE,
						"aws.refresh.roles.audit.tags.project=orders",
						"aws.refresh.roles.audit.transitve-tag-keys=project" }),
				arguments((Object) new String[] { "aws.refresh.role-sesion-name=orders-batch" }));
	}

	@Test
	void aValueBesideTheKeysUnderItIsToBeRemovedAndItsExampleIsOneOfThoseKeys() {
		// The runner's source credentials are static keys: a profile beside them is
		// rejected, so the example is not source.profile.
		this.contextRunner.withPropertyValues("aws.refresh.source=default").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(problems(context.getStartupFailure())).singleElement().satisfies((problem) -> {
				assertThat(problem.getProperty()).isEqualTo("aws.refresh.source");
				assertThat(problem.getReason()).endsWith("keys under it are set: remove the value");
				assertThat(problem.getExample()).startsWith("aws.refresh.source.access-key-id=");
			});
		});
	}

	@Test
	void theValueOfAMisspeltKeyIsLeftOutOfTheExampleWhereItWouldNotBindToTheKeyMeant() {
		this.contextRunner.withPropertyValues("aws.refresh.stale-tme=soon").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(problems(context.getStartupFailure())).singleElement()
				.extracting(InvalidAwsRefreshPropertyException::getExample)
				.isEqualTo("aws.refresh.stale-time=1m");
		});
	}

	@ParameterizedTest
	@MethodSource
	void theExampleOfAMistakeIsAcceptedInTheConfigurationItIsShownFor(String[] properties) {
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			InvalidAwsRefreshPropertyException problem = problems(context.getStartupFailure()).get(0);
			// The mistake replaced by the example, as the report says.
			String[] corrected = Stream
				.concat(Stream.of(properties).filter((property) -> !property.startsWith(problem.getProperty() + "=")),
						Stream.of(problem.getExample()))
				.toArray(String[]::new);
			this.contextRunner.withPropertyValues(corrected)
				.run((copied) -> assertThat(copied).as("%s copied for %s", problem.getExample(), problem.getProperty())
					.hasNotFailed());
		});
	}

	@Test
	void aRoleWhoseNameHoldsCapitalsIsNamedAsItIsWrittenWhateverFindsTheMistake() {
		String role = "aws.refresh.roles.prodReader";
		this.contextRunner
			.withPropertyValues(role + ".role-arn=" + ROLE, role + ".duration=soon", role + ".stale-tme=1m",
					role + ".external-id=x")
			.run((context) -> {
				assertThat(context).hasFailed();
				// As the role's own check names it (external-id): a key of a role
				// prodreader, copied from the example, makes a second role that only
				// differs in case, which stops startup.
				assertThat(problems(context.getStartupFailure()))
					.extracting(InvalidAwsRefreshPropertyException::getProperty)
					.containsExactlyInAnyOrder(role + ".duration", role + ".stale-tme", role + ".external-id");
				assertThat(problems(context.getStartupFailure()))
					.allSatisfy((problem) -> assertThat(problem.getExample()).startsWith(role + "."));
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "cost centre", "project:name", "a=b" })
	void theExampleForATagWhoseKeyHoldsASpaceAColonOrAnEqualsSignSetsItWhenCopiedIntoAPropertiesFile(String tagKey) {
		// STS takes spaces, colons and equals signs in tag keys; project:name is common.
		String tag = "aws.refresh.tags[" + tagKey + "]";
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("tags", Map.of(tag, "pay#ments"))))
			.run((context) -> {
				assertThat(context).hasFailed();
				InvalidAwsRefreshPropertyException problem = problems(context.getStartupFailure()).get(0);
				assertThat(problem.getProperty()).isEqualTo(tag);
				PropertySource<?> copied = new PropertiesPropertySourceLoader()
					.load("application.properties", new ByteArrayResource(problem.getExample().getBytes()))
					.get(0);
				assertThat(((EnumerablePropertySource<?>) copied).getPropertyNames()).as(problem.getExample())
					.containsExactly(tag);
			});
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAwsRefreshFlag("aws.refresh.sdk-metrics.enabled")
	static class OwnMetricsConfiguration {

		@Bean
		String ownMetrics() {
			return "own metrics";
		}

	}

}
