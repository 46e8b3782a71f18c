package io.awsrefresh.autoconfigure;

import java.util.List;

import java.net.URI;
import java.util.Map;

import io.awsrefresh.credentials.RoleDefinition;
import io.awsrefresh.credentials.RoleSource;
import io.awsrefresh.credentials.StsEndpoint;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.test.context.support.DynamicPropertyRegistrarBeanInitializer;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The model of {@code aws.refresh.*}: read once per bean factory, shared by every reader,
 * never throwing and never showing a secret.
 */
class AwsRefreshModelTests {

	private static final String ROLE = "arn:aws:iam::123456789012:role/app";

	@Test
	void isReadOnceAndReadAgainOnlyWhenPropertySourcesCome() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		MockEnvironment environment = new MockEnvironment().withProperty("aws.refresh.region", "eu-west-1");
		AwsRefreshModel model = AwsRefreshModel.get(beanFactory, environment);
		assertThat(AwsRefreshModel.get(beanFactory, environment)).isSameAs(model);
		assertThat(model.region()).isEqualTo(Region.EU_WEST_1);
		environment.getPropertySources()
			.addFirst(new MapPropertySource("dynamic", Map.of("aws.refresh.region", "us-west-2")));
		AwsRefreshModel again = AwsRefreshModel.get(beanFactory, environment);
		assertThat(again).isNotSameAs(model);
		assertThat(again.region()).isEqualTo(Region.US_WEST_2);
		assertThat(AwsRefreshModel.get(beanFactory, environment)).isSameAs(again);
	}

	@Test
	void propertiesOfADynamicPropertyRegistrarReachTheBeansAndAreChecked() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AwsRefreshAutoConfigurations.CREDENTIALS)
			.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
					"aws.refresh.source.secret-access-key=not-a-real-secret")
			// What the TestContext framework registers for DynamicPropertyRegistrar
			// beans.
			.withBean(DynamicPropertyRegistrarBeanInitializer.class);
		runner.withBean(DynamicPropertyRegistrar.class, () -> (registry) -> {
			registry.add("aws.refresh.endpoint", () -> "http://127.0.0.1:4566");
			registry.add("aws.refresh.region", () -> "us-west-2");
		}).run((context) -> {
			assertThat(context).hasNotFailed();
			AwsRefreshConnectionDetails connection = context.getBean(AwsRefreshConnectionDetails.class);
			assertThat(connection.getEndpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
			assertThat(connection.getRegion()).isEqualTo(Region.US_WEST_2);
		});
		runner
			.withBean(DynamicPropertyRegistrar.class,
					() -> (registry) -> registry.add("aws.refresh.endpoint", () -> "ftp://127.0.0.1:21"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidAwsRefreshPropertyException.class)
				.hasMessageContaining("aws.refresh.endpoint"));
	}

	@Test
	void theRegistrarTheCheckAndTheBeansShareOneModel() {
		new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
					"aws.refresh.source.secret-access-key=not-a-real-secret", "aws.refresh.role-arn=" + ROLE,
					"aws.refresh.roles.audit.role-arn=" + ROLE,
					"aws.refresh.roles.scanner.role-arn=" + ROLE.replace("123456789012", "{account}"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				AwsRefreshModel model = context.getBean(AwsRefreshModel.class);
				assertThat(model.roleNames()).containsExactly("default", "audit");
				// The registrar has the roles the model names get their client beans
				// when injected, and registered none up front.
				assertThat(context.getBeanNamesForType(StsClient.class)).isEmpty();
				assertThat(context.getBeanFactory()
					.getBeanDefinition(AwsClientBeanRegistrar.INJECTED_CLIENT_BEANS_BEAN)
					.getConstructorArgumentValues()
					.getIndexedArgumentValue(0, List.class)
					.getValue()).isEqualTo(List.of("default", "audit"));
				assertThat(model.roles()).extracting(ConfiguredRole::name)
					.containsExactly("default", "audit", "scanner");
			});
	}

	@Test
	void thePropertiesBeanIsBoundOnlyWhenAskedFor() {
		new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
					"aws.refresh.source.secret-access-key=not-a-real-secret", "aws.refresh.role-arn=" + ROLE,
					"aws.refresh.roles.audit.role-arn=" + ROLE)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				String name = AwsRefreshPropertiesCheck.PROPERTIES_BEAN;
				// The model bound every key at startup; Spring Boot's second binding
				// waits.
				assertThat(context.getBeanFactory().getBeanDefinition(name).isLazyInit()).isTrue();
				assertThat(context.getBeanFactory().containsSingleton(name)).isFalse();
				AwsRefreshProperties properties = context.getBean(AwsRefreshProperties.class);
				assertThat(properties.getRegion()).isEqualTo("eu-west-1");
				assertThat(properties.getRoles().get("audit").getRoleArn()).isEqualTo(ROLE);
				assertThat(context.getBeanFactory().containsSingleton(name)).isTrue();
			});
	}

	@Test
	void collectsWhatIsWrongWithoutThrowing() {
		MockEnvironment environment = new MockEnvironment().withProperty("aws.refresh.region", "Europe")
			.withProperty("aws.refresh.http.max-connections", "0")
			.withProperty("aws.refresh.roles.audit.duration", "1h")
			.withProperty("aws.refresh.stale-time", "soon");
		AwsRefreshModel model = AwsRefreshModel.read(environment);
		assertThat(model.problems()).extracting(InvalidAwsRefreshPropertyException::getProperty)
			.containsExactlyInAnyOrder("aws.refresh.region", "aws.refresh.http.max-connections",
					"aws.refresh.roles.audit.role-arn", "aws.refresh.stale-time");
		// The role without a role ARN is left out; the others are still read.
		assertThat(model.roles()).extracting(ConfiguredRole::name).containsExactly("default");
		assertThat(model.region()).isNull();
	}

	@Test
	void neverShowsASecret() {
		MockEnvironment environment = new MockEnvironment().withProperty("aws.refresh.region", "eu-west-1")
			.withProperty("aws.refresh.endpoint", "http://127.0.0.1:4566")
			.withProperty("aws.refresh.source.access-key-id", "AKIDEXAMPLE")
			.withProperty("aws.refresh.source.secret-access-key", "secret-key-value")
			.withProperty("aws.refresh.role-arn", ROLE)
			.withProperty("aws.refresh.external-id", "external-id-value")
			.withProperty("aws.refresh.provided-contexts[0].provider-arn",
					"arn:aws:iam::aws:contextProvider/IdentityCenter")
			.withProperty("aws.refresh.provided-contexts[0].context-assertion", "assertion-value");
		AwsRefreshModel model = AwsRefreshModel.read(environment);
		assertThat(model.problems()).isEmpty();
		assertThat(model.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
		assertThat(model.toString()).contains("AKIDEXAMPLE", ROLE)
			.doesNotContain("secret-key-value", "external-id-value", "assertion-value");
	}

	@Test
	void aNamedRoleTakesTheDefaultRolesStsRegionAndEndpointTogetherOrNeither() {
		// Both unset: both inherited.
		assertThat(auditSts(null, "aws.refresh.sts.region=us-east-1", "aws.refresh.sts.endpoint=http://127.0.0.1:4566"))
			.isEqualTo(new StsEndpoint(Region.US_EAST_1, URI.create("http://127.0.0.1:4566")));
		// One set: neither is inherited, since the default role's endpoint is that of
		// another region. The region's own STS is called; aws.refresh.endpoint, where
		// set,
		// (or a connection's) is the fallback as for any role.
		assertThat(auditSts(null, "aws.refresh.sts.endpoint=http://127.0.0.1:4566",
				"aws.refresh.roles.audit.sts.region=eu-central-1"))
			.isEqualTo(new StsEndpoint(Region.EU_CENTRAL_1, null));
		assertThat(auditSts(URI.create("http://127.0.0.1:4566"), "aws.refresh.sts.region=us-east-1",
				"aws.refresh.roles.audit.sts.region=eu-central-1"))
			.isEqualTo(new StsEndpoint(Region.EU_CENTRAL_1, URI.create("http://127.0.0.1:4566")));
	}

	private static StsEndpoint auditSts(@Nullable URI endpoint, String... properties) {
		MockEnvironment environment = new MockEnvironment().withProperty("aws.refresh.region", "eu-west-1")
			.withProperty("aws.refresh.role-arn", ROLE)
			.withProperty("aws.refresh.roles.audit.role-arn", "arn:aws:iam::210987654321:role/audit");
		for (String property : properties) {
			String[] keyAndValue = property.split("=", 2);
			environment.setProperty(keyAndValue[0], keyAndValue[1]);
		}
		AwsRefreshModel model = AwsRefreshModel.read(environment);
		assertThat(model.problems()).isEmpty();
		RoleDefinition audit = model.roleDefinitions(Region.EU_WEST_1, endpoint, (name) -> null, () -> null)
			.stream()
			.filter((role) -> role.name().equals("audit"))
			.findFirst()
			.orElseThrow();
		return ((RoleSource.AssumeRole) audit.source()).sts();
	}

}
