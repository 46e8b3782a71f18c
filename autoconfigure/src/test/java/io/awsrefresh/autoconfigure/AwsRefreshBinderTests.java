package io.awsrefresh.autoconfigure;

import java.beans.PropertyDescriptor;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.BeanUtils;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@link AwsRefreshBinder} binds {@code aws.refresh.*} once and reports every value that
 * cannot be converted and every key that binds to nothing, each once, instead of stopping
 * at the first: the other keys are still bound. Unknown keys are not looked for in
 * environment variables, and a secret-looking key's value is never reported.
 */
class AwsRefreshBinderTests {

	private static final String ROLE = "arn:aws:iam::123456789012:role/audit";

	private final MockEnvironment environment = new MockEnvironment();

	private final PropertyProblems problems = new PropertyProblems();

	@Test
	void validKeysBindWithoutProblems() {
		this.environment.withProperty("aws.refresh.region", "eu-west-1")
			.withProperty("aws.refresh.duration", "30m")
			.withProperty("aws.refresh.roles.audit.role-arn", ROLE)
			.withProperty("aws.refresh.services.s3.path-style-access", "true");
		AwsRefreshProperties properties = bind();
		assertThat(this.problems.list()).isEmpty();
		assertThat(properties.getRegion()).isEqualTo("eu-west-1");
		assertThat(properties.getDuration()).isEqualTo(Duration.ofMinutes(30));
		assertThat(properties.getRoles().get("audit").getRoleArn()).isEqualTo(ROLE);
		assertThat(properties.getServices().get("s3").isPathStyleAccess()).isTrue();
	}

	@Test
	void keysBindFromEverySourceThatHoldsThemInTheEnvironmentsOrder() {
		this.environment.withProperty("aws.refresh.roles.audit.role-arn", ROLE)
			.withProperty("aws.refresh.region", "eu-west-1");
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("overrides", Map.of("aws.refresh.region", "us-east-2")));
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("unrelated", Map.of("spring.application.name", "app")));
		this.environment.getPropertySources()
			.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of("AWS_REFRESH_ROLES_AUDIT_DURATION", "15m", "AWS_REFRESH_ROLES_READER_ROLEARN", ROLE,
							"AWS_REFRESH_REGION", "ap-south-1")));
		AwsRefreshProperties properties = bind();
		assertThat(this.problems.list()).isEmpty();
		assertThat(properties.getRegion()).isEqualTo("us-east-2");
		assertThat(properties.getRoles()).containsOnlyKeys("audit", "reader");
		assertThat(properties.getRoles().get("audit").getRoleArn()).isEqualTo(ROLE);
		assertThat(properties.getRoles().get("audit").getDuration()).isEqualTo(Duration.ofMinutes(15));
		assertThat(properties.getRoles().get("reader").getRoleArn()).isEqualTo(ROLE);
	}

	@Test
	void placeholdersResolveFromSourcesThatHoldNoAwsRefreshKey() {
		this.environment.withProperty("aws.refresh.roles.audit.role-arn", "${AUDIT_ROLE_ARN}");
		this.environment.getPropertySources().addLast(new MapPropertySource("secrets", Map.of("AUDIT_ROLE_ARN", ROLE)));
		AwsRefreshProperties properties = bind();
		assertThat(this.problems.list()).isEmpty();
		assertThat(properties.getRoles().get("audit").getRoleArn()).isEqualTo(ROLE);
	}

	@Test
	void valueThatCannotBeConvertedIsReportedAndTheOtherKeysStillBind() {
		this.environment.withProperty("aws.refresh.region", "eu-west-1")
			.withProperty("aws.refresh.duration", "soon")
			.withProperty("aws.refresh.roles.audit.role-arn", ROLE)
			.withProperty("aws.refresh.roles.audit.duration", "15m");
		AwsRefreshProperties properties = bind();
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.duration");
			assertThat(problem.getValue()).isEqualTo("soon");
			assertThat(problem.getReason()).isEqualTo("cannot be read as a duration (such as 30s, 5m or 1h)");
			assertThat(problem.getExample()).isEqualTo("aws.refresh.duration=1h");
		});
		assertThat(properties.getDuration()).isNull();
		assertThat(properties.getRegion()).isEqualTo("eu-west-1");
		assertThat(properties.getRoles().get("audit").getRoleArn()).isEqualTo(ROLE);
		assertThat(properties.getRoles().get("audit").getDuration()).isEqualTo(Duration.ofMinutes(15));
	}

	@Test
	void everyValueThatCannotBeConvertedIsReportedOnceAndKeepsItsDefault() {
		this.environment.withProperty("aws.refresh.defer-refresh", "maybe")
			.withProperty("aws.refresh.http.max-connections", "many")
			.withProperty("aws.refresh.cache.expire-after-access", "a while")
			.withProperty("aws.refresh.http.connection-timeout", "3s");
		AwsRefreshProperties properties = bind();
		AwsRefreshProperties defaults = new AwsRefreshProperties();
		assertThat(this.problems.list())
			.extracting(InvalidAwsRefreshPropertyException::getProperty, InvalidAwsRefreshPropertyException::getReason)
			.containsExactlyInAnyOrder(tuple("aws.refresh.defer-refresh", "cannot be read as true or false"),
					tuple("aws.refresh.http.max-connections", "cannot be read as a whole number"),
					tuple("aws.refresh.cache.expire-after-access",
							"cannot be read as a duration (such as 30s, 5m or 1h)"));
		assertThat(properties.getDeferRefresh()).isNull();
		assertThat(properties.getHttp().getMaxConnections()).isEqualTo(defaults.getHttp().getMaxConnections());
		assertThat(properties.getCache().getExpireAfterAccess()).isEqualTo(defaults.getCache().getExpireAfterAccess());
		assertThat(properties.getHttp().getConnectionTimeout()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void unknownKeyIsReportedOnceWithTheNearestKeyAndTheOtherKeysStillBind() {
		this.environment.withProperty("aws.refresh.region", "eu-west-1")
			.withProperty("aws.refresh.roles.audit.rolearnn", ROLE);
		// The same misspelt key in a second source, as from a profile-specific file.
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("application-prod.properties",
					Map.of("aws.refresh.roles.audit.rolearnn", ROLE)));
		AwsRefreshProperties properties = bind();
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.roles.audit.rolearnn");
			assertThat(problem.getValue()).isEqualTo(ROLE);
			assertThat(problem.getReason()).isEqualTo(
					"binds to nothing: no aws.refresh key has this name; did you mean aws.refresh.roles.audit.role-arn?");
			assertThat(problem.getExample())
				.isEqualTo("aws.refresh.roles.audit.role-arn=arn:aws:iam::123456789012:role/app");
		});
		assertThat(properties.getRegion()).isEqualTo("eu-west-1");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			// A value that cannot be converted: a valid value of the key, not of its
			// type (5m is a duration, but not one STS issues).
			"aws.refresh.duration=soon | aws.refresh.duration=1h",
			"aws.refresh.roles.audit.duration=soon | aws.refresh.roles.audit.duration=1h",
			"aws.refresh.defer-refresh=maybe | aws.refresh.defer-refresh=false",
			"aws.refresh.http.max-connections=many | aws.refresh.http.max-connections=50",
			"aws.refresh.http.socket-timeout=long | aws.refresh.http.socket-timeout=30s",
			"aws.refresh.client-beans=some | aws.refresh.client-beans=injected",
			// A misspelt key: the nearest key, with a value.
			"aws.refresh.regoin=eu-west-1 | aws.refresh.region=eu-west-1",
			"aws.refresh.roles.audit.rolearnn=x | aws.refresh.roles.audit.role-arn=arn:aws:iam::123456789012:role/app",
			"aws.refresh.roles[eu.audit].duratoin=1h | aws.refresh.roles[eu.audit].duration=1h",
			"aws.refresh.provided-contexts[0].context-asertion=x | "
					+ "aws.refresh.provided-contexts[0].context-assertion=${IDENTITY_CONTEXT}",
			"aws.refresh.policy-arn[0]=x | aws.refresh.policy-arns=arn:aws:iam::aws:policy/ReadOnlyAccess",
			// Path-style addressing exists for S3 only.
			"aws.refresh.services.sqs.path-style-acess=true | aws.refresh.services.s3.path-style-access=true",
			// A value given to a map, a list or a group of keys: a key under it.
			"aws.refresh.roles=x | aws.refresh.roles.audit.role-arn=arn:aws:iam::123456789012:role/app",
			"aws.refresh.roles.reader=x | aws.refresh.roles.reader.role-arn=arn:aws:iam::123456789012:role/app",
			"aws.refresh.roles.audit.sts=x | aws.refresh.roles.audit.sts.region=eu-west-1",
			"aws.refresh.services=x | aws.refresh.services.s3.endpoint=http://127.0.0.1:4566",
			"aws.refresh.services.sqs=x | aws.refresh.services.sqs.endpoint=http://127.0.0.1:4566",
			"aws.refresh.tags=x | aws.refresh.tags.team=payments",
			"aws.refresh.provided-contexts=x | "
					+ "aws.refresh.provided-contexts[0].provider-arn=arn:aws:iam::aws:contextProvider/IdentityCenter",
			"aws.refresh.provided-contexts[0]=x | "
					+ "aws.refresh.provided-contexts[0].provider-arn=arn:aws:iam::aws:contextProvider/IdentityCenter",
			"aws.refresh.source=x | aws.refresh.source.profile=default",
			"aws.refresh.http=x | aws.refresh.http.max-connections=50",
			"aws.refresh.sdk-metrics=x | aws.refresh.sdk-metrics.enabled=false" })
	void everyExampleIsAValidSettingOfTheKeyOrOfAKeyUnderIt(String property, String example) {
		String[] keyAndValue = property.split("=", 2);
		this.environment.withProperty(keyAndValue[0], keyAndValue[1]);
		bind();
		assertThat(this.problems.list()).isNotEmpty()
			.allSatisfy((problem) -> assertThat(problem.getExample()).doesNotEndWith("=..."));
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getExample).contains(example);
	}

	@Test
	void misspeltKeyOfAListElementIsReportedAsUnknownAndTheKeysAfterTheListStillBind() {
		// Such a key fails the whole list, before keys bound after it.
		this.environment.withProperty("aws.refresh.provided-contexts[0].context-asertion", "assertion-value")
			.withProperty("aws.refresh.stale-time", "soon")
			.withProperty("aws.refresh.sts.region", "eu-west-2")
			.withProperty("aws.refresh.tags.team", "payments");
		AwsRefreshProperties properties = bind();
		assertThat(this.problems.list())
			.extracting(InvalidAwsRefreshPropertyException::getProperty, InvalidAwsRefreshPropertyException::getReason,
					InvalidAwsRefreshPropertyException::getExample)
			.containsExactlyInAnyOrder(
					tuple("aws.refresh.provided-contexts[0].context-asertion",
							"binds to nothing: no aws.refresh key has this name; did you mean "
									+ "aws.refresh.provided-contexts[0].context-assertion?",
							"aws.refresh.provided-contexts[0].context-assertion=${IDENTITY_CONTEXT}"),
					tuple("aws.refresh.stale-time", "cannot be read as a duration (such as 30s, 5m or 1h)",
							"aws.refresh.stale-time=1m"));
		assertThat(properties.getSts().getRegion()).isEqualTo("eu-west-2");
		assertThat(properties.getTags()).containsEntry("team", "payments");
	}

	@Test
	void valueGivenToAKeyThatHoldsKeysBesideKeysUnderItIsReportedAndTheKeysUnderItStillBind() {
		this.environment.withProperty("aws.refresh.source", "default")
			.withProperty("aws.refresh.source.profile", "test-profile")
			.withProperty("aws.refresh.roles.audit", "reader")
			.withProperty("aws.refresh.roles.audit.role-arn", ROLE);
		AwsRefreshProperties properties = bind();
		assertThat(this.problems.list())
			.extracting(InvalidAwsRefreshPropertyException::getProperty, InvalidAwsRefreshPropertyException::getValue,
					InvalidAwsRefreshPropertyException::getReason, InvalidAwsRefreshPropertyException::getExample)
			.containsExactlyInAnyOrder(
					tuple("aws.refresh.source", null,
							"holds keys, not a value, and keys under it are set: remove the value",
							"aws.refresh.source.profile=default"),
					tuple("aws.refresh.roles.audit", null,
							"holds keys, not a value, and keys under it are set: remove the value",
							"aws.refresh.roles.audit.role-arn=arn:aws:iam::123456789012:role/app"));
		assertThat(properties.getSource().getProfile()).isEqualTo("test-profile");
		assertThat(properties.getRoles().get("audit").getRoleArn()).isEqualTo(ROLE);
	}

	@Test
	void valueOfAKeyThatHoldsKeysInAnEnvironmentVariableIsNotReportedBesideKeysUnderItLikeAnUnknownKey() {
		this.environment.withProperty("aws.refresh.source.profile", "test-profile");
		this.environment.getPropertySources()
			.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of("AWS_REFRESH_SOURCE", "unrelated")));
		assertThat(bind().getSource().getProfile()).isEqualTo("test-profile");
		assertThat(this.problems.list()).isEmpty();
	}

	@Test
	void blankValueOfAKeyThatHoldsKeysReadsAsUnsetAndEveryOtherKeyStillBinds() {
		// As an empty YAML map or list reads, or a variable that is not set.
		this.environment.withProperty("aws.refresh.http", "")
			.withProperty("aws.refresh.roles.audit", "${AWS_REFRESH_TEST_UNSET_VARIABLE:}")
			.withProperty("aws.refresh.roles.audit.role-arn", ROLE)
			.withProperty("aws.refresh.provided-contexts", "${AWS_REFRESH_TEST_UNSET_VARIABLE:}")
			.withProperty("aws.refresh.region", "eu-west-1")
			.withProperty("aws.refresh.stale-time", "2m");
		this.environment.getPropertySources()
			.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of("AWS_REFRESH_SOURCE", "", "AWS_REFRESH_FAVOURITE_COLOUR", "blue")));
		AwsRefreshProperties properties = bind();
		assertThat(this.problems.list()).isEmpty();
		assertThat(properties.getRegion()).isEqualTo("eu-west-1");
		assertThat(properties.getStaleTime()).isEqualTo(Duration.ofMinutes(2));
		assertThat(properties.getRoles().get("audit").getRoleArn()).isEqualTo(ROLE);
	}

	@Test
	void unknownKeyFarFromEveryKeyPointsToTheDocumentation() {
		this.environment.withProperty("aws.refresh.favourite-colour", "blue");
		bind();
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.favourite-colour");
			assertThat(problem.getReason()).isEqualTo("binds to nothing: no aws.refresh key has this name");
			assertThat(problem.getExample())
				.isEqualTo("see docs/configuration.md in the aws-refresh repository for every key");
		});
	}

	@Test
	void unknownKeyFromEnvironmentVariablesOnlyIsNotReported() {
		this.environment.getPropertySources()
			.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of("AWS_REFRESH_REGION", "eu-west-1", "AWS_REFRESH_FAVOURITE_COLOUR", "blue",
							"AWS_REFRESH_ROLES_AUDIT_ROLEARNN", ROLE)));
		AwsRefreshProperties properties = bind();
		assertThat(this.problems.list()).isEmpty();
		// The variables are read all the same.
		assertThat(properties.getRegion()).isEqualTo("eu-west-1");
	}

	@Test
	void unknownKeyInAnotherSourceIsReportedAlongsideEnvironmentVariables() {
		this.environment.withProperty("aws.refresh.favourite-colour", "blue");
		this.environment.getPropertySources()
			.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of("AWS_REFRESH_SOMETHING_ELSE", "x")));
		bind();
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getProperty)
			.containsExactly("aws.refresh.favourite-colour");
	}

	@Test
	void environmentVariableThatCannotBeConvertedIsReported() {
		this.environment.getPropertySources()
			.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of("AWS_REFRESH_DURATION", "soon")));
		bind();
		assertThat(this.problems.list()).singleElement()
			.satisfies((problem) -> assertThat(problem.getProperty()).isEqualTo("aws.refresh.duration"));
	}

	@Test
	void valueOfASecretLookingUnknownKeyIsNeverReported() {
		this.environment.withProperty("aws.refresh.source.secret-acess-key", "s3cr3t-value")
			.withProperty("aws.refresh.roles.partner.externalid-typo", "partner-secret-id");
		bind();
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getProperty)
			.containsExactlyInAnyOrder("aws.refresh.source.secret-acess-key",
					"aws.refresh.roles.partner.externalid-typo");
		assertThat(this.problems.list()).allSatisfy((problem) -> {
			assertThat(problem.getValue()).isNull();
			assertThat(problem.getMessage() + problem.getReason() + problem.getExample()).doesNotContain("s3cr3t")
				.doesNotContain("partner-secret-id");
		});
		assertThat(this.problems.list()).anySatisfy((problem) -> assertThat(problem.getReason())
			.endsWith("did you mean aws.refresh.source.secret-access-key?"));
	}

	@Test
	void valueOfAMisspeltContextAssertionKeyIsNeverReported() {
		this.environment
			.withProperty("aws.refresh.provided-contexts[0].provider-arn",
					"arn:aws:iam::aws:contextProvider/IdentityCenter")
			.withProperty("aws.refresh.provided-contexts[0].context-asertion", "bearer-assertion-value");
		bind();
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.provided-contexts[0].context-asertion");
			assertThat(problem.getValue()).isNull();
			assertThat(problem.getMessage()).doesNotContain("bearer-assertion-value");
		});
	}

	@Test
	void valueOfASecretLookingKeyThatCannotBeConvertedIsNeverReported() {
		// A role whose name hints at a secret: its duration is not shown either.
		this.environment.withProperty("aws.refresh.roles.token-broker.duration", "s3cr3t");
		bind();
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.roles.token-broker.duration");
			assertThat(problem.getValue()).isNull();
			assertThat(problem.getMessage()).doesNotContain("s3cr3t");
		});
	}

	@Test
	void everyGroupOfKeysIsAJavaBeanSinceItIsBoundAsOne() {
		// The bind handler skips Spring Boot's attempt at constructor binding for the
		// starter's own types: a group bound through a constructor would bind nothing.
		Set<Class<?>> groups = new LinkedHashSet<>();
		collectGroups(AwsRefreshProperties.class, groups);
		assertThat(groups).contains(AwsRefreshProperties.class, AwsRefreshProperties.NamedRole.class,
				RoleProperties.Sts.class, RoleProperties.ProvidedContext.class);
		assertThat(groups).allSatisfy((group) -> {
			assertThat(group.isRecord()).as(group.getName()).isFalse();
			assertThat(group.getConstructors()).as(group.getName())
				.anySatisfy((constructor) -> assertThat(constructor.getParameterCount()).isZero());
		});
	}

	private static void collectGroups(Class<?> type, Set<Class<?>> groups) {
		if (!AwsRefreshKeys.isOurs(type) || !groups.add(type)) {
			return;
		}
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getReadMethod() != null) {
				ResolvableType propertyType = ResolvableType.forMethodReturnType(property.getReadMethod());
				collectGroups(propertyType.resolve(Object.class), groups);
				for (ResolvableType generic : propertyType.getGenerics()) {
					collectGroups(generic.resolve(Object.class), groups);
				}
			}
		}
	}

	private AwsRefreshProperties bind() {
		return AwsRefreshBinder.bind(this.environment, this.problems);
	}

}
