package io.awsrefresh.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.awsrefresh.client.SharedClientResources;
import io.awsrefresh.credentials.RefreshState;
import io.awsrefresh.credentials.RoleCredentialsException;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.StsClientCustomizer;
import io.awsrefresh.credentials.UnknownRoleException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Which beans the credentials auto-configuration defines, and when it backs off. No STS
 * call is made here.
 */
class AwsRefreshCredentialsAutoConfigurationTests {

	private static final String REFUSED_STS_ENDPOINT = "aws.refresh.sts.endpoint=http://127.0.0.1:1";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AwsRefreshAutoConfigurations.CREDENTIALS)
		.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
				"aws.refresh.source.secret-access-key=source-secret");

	@Test
	void withoutRoleArnTheSourceCredentialsAreUsedAsTheyAre() {
		this.contextRunner.run((context) -> {
			RoleCredentialsProvider provider = context.getBean(RoleCredentialsProvider.class);
			assertThat(context.getBean(AwsCredentialsProvider.class)).isSameAs(provider);
			assertThat(provider.roleArn()).isNull();
			assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo("AKIDEXAMPLE");
			assertThat(provider.toString()).doesNotContain("source-secret");
		});
	}

	@Test
	void roleArnMakesTheDefaultProviderAnAssumedRole() {
		this.contextRunner.withPropertyValues("aws.refresh.role-arn=arn:aws:iam::123456789012:role/app")
			.run((context) -> {
				RoleCredentialsProvider provider = context.getBean(RoleCredentialsProvider.class);
				assertThat(provider.roleName()).isEqualTo("default");
				assertThat(provider.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/app");
				assertThat(provider).isNotInstanceOf(AutoCloseable.class);
			});
	}

	@Test
	void namedRolesAreReachableByNameAndUnknownNamesListTheConfiguredOnes() {
		this.contextRunner.withPropertyValues("aws.refresh.roles.audit.role-arn=arn:aws:iam::210987654321:role/audit")
			.run((context) -> {
				RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
				assertThat(roles.get("audit").roleArn()).isEqualTo("arn:aws:iam::210987654321:role/audit");
				assertThatExceptionOfType(UnknownRoleException.class).isThrownBy(() -> roles.get("audti"))
					.withMessageContaining("'audti'")
					.withMessageContaining("[default, audit]");
			});
	}

	@Test
	void profileSourceReadsTheNamedProfile() {
		new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CREDENTIALS)
			.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.profile=test-profile")
			.run((context) -> assertThat(
					context.getBean(AwsCredentialsProvider.class).resolveCredentials().accessKeyId())
				.isEqualTo("profilekey"));
	}

	@Test
	void regionComesFromTheSdkRegionChainWhenNotConfigured() {
		new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CREDENTIALS)
			.withSystemProperties("aws.region=ap-south-1")
			.run((context) -> assertThat(context.getBean(AwsRegionProvider.class).getRegion())
				.isEqualTo(Region.AP_SOUTH_1));
	}

	@Test
	void backsOffFromUserCredentialsProviderAndRegionProviderButKeepsItsOwnRegion() {
		AwsCredentialsProvider own = StaticCredentialsProvider.create(AwsBasicCredentials.create("mine", "mine"));
		this.contextRunner.withBean(AwsCredentialsProvider.class, () -> own)
			.withBean(AwsRegionProvider.class, () -> () -> Region.EU_NORTH_1)
			.withPropertyValues("aws.refresh.role-arn=arn:aws:iam::123456789012:role/app")
			.run((context) -> {
				assertThat(context).hasSingleBean(AwsCredentialsProvider.class);
				assertThat(context.getBean(AwsCredentialsProvider.class)).isSameAs(own);
				assertThat(context.getBean(AwsRegionProvider.class).getRegion()).isEqualTo(Region.EU_NORTH_1);
				// The roles keep aws.refresh.region: another library's generic beans are
				// not read.
				RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
				assertThat(roles.defaultRole().roleArn()).isEqualTo("arn:aws:iam::123456789012:role/app");
				assertThat(roles.defaultRole().status().state()).isEqualTo(RefreshState.PENDING);
			});
	}

	@Test
	void stsClientsBoundEachCallAndShareTheScheduler() {
		List<ClientOverrideConfiguration> seen = new CopyOnWriteArrayList<>();
		this.contextRunner
			.withPropertyValues("aws.refresh.role-arn=arn:aws:iam::123456789012:role/app", REFUSED_STS_ENDPOINT)
			.withBean(StsClientCustomizer.class,
					() -> (builder, callingRole, region) -> seen.add(builder.overrideConfiguration()))
			.withBean(SharedClientResources.class, () -> new SharedClientResources(() -> null, () -> null))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				// Built at the first fetch, not at startup.
				assertThat(seen).isEmpty();
				fetchEveryRole(context);
				assertThat(seen).singleElement().satisfies((config) -> {
					assertThat(config.apiCallAttemptTimeout()).contains(Duration.ofSeconds(30));
					assertThat(config.apiCallTimeout()).contains(Duration.ofSeconds(60));
					assertThat(config.retryMode()).contains(RetryMode.STANDARD);
					assertThat(config.scheduledExecutorService())
						.contains(context.getBean(SharedClientResources.class).scheduler());
				});
			});
	}

	@Test
	void stsCustomizersKnowWhichCredentialsCallStsAndWhere() {
		List<String> seen = new CopyOnWriteArrayList<>();
		this.contextRunner
			.withPropertyValues("aws.refresh.role-arn=arn:aws:iam::123456789012:role/app",
					"aws.refresh.roles.audit.role-arn=arn:aws:iam::210987654321:role/audit",
					"aws.refresh.roles.audit.source-role=default", "aws.refresh.roles.reports.sts.region=eu-central-1",
					"aws.refresh.roles.reports.role-arn=arn:aws:iam::210987654321:role/reports", REFUSED_STS_ENDPOINT,
					"aws.refresh.roles.reports.sts.endpoint=http://127.0.0.1:1")
			.withBean(StsClientCustomizer.class,
					() -> (builder, callingRole, region) -> seen.add(callingRole + " in " + region))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(seen).isEmpty();
				fetchEveryRole(context);
				// One STS client per calling credentials and endpoint, not per role.
				assertThat(seen).containsExactlyInAnyOrder("null in eu-west-1", "default in eu-west-1",
						"null in eu-central-1");
			});
	}

	/**
	 * Each role's first fetch, which builds its STS client and fails at once: nothing
	 * listens on the endpoint.
	 */
	private static void fetchEveryRole(AssertableApplicationContext context) {
		RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
		for (String role : roles.roleNames()) {
			assertThat(catchThrowable(() -> roles.get(role).resolveCredentials()))
				.isInstanceOf(RoleCredentialsException.class);
		}
	}

	@Test
	void deferredRolesBuildNoHttpOrStsClientAtStartup() {
		List<String> built = new CopyOnWriteArrayList<>();
		this.contextRunner.withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withPropertyValues("aws.refresh.role-arn=arn:aws:iam::123456789012:role/app", REFUSED_STS_ENDPOINT)
			.withBean(StsClientCustomizer.class, () -> (builder, callingRole, region) -> built.add(callingRole))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				// Startup stays free of SDK clients: nothing is built before it is used.
				assertThat(context.getBeanFactory().containsSingleton("awsRefreshHttpClient")).isFalse();
				assertThat(built).isEmpty();
				fetchEveryRole(context);
				assertThat(context.getBeanFactory().containsSingleton("awsRefreshHttpClient")).isTrue();
				assertThat(built).containsExactly((String) null);
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "false", "FALSE", " false ", "off", "no", "0" })
	void disabledByProperty(String value) {
		this.contextRunner.withPropertyValues("aws.refresh.enabled=" + value)
			.run((context) -> assertThat(context).doesNotHaveBean(RoleCredentialsProviders.class)
				.doesNotHaveBean(AwsCredentialsProvider.class));
	}

	@ParameterizedTest
	@ValueSource(strings = { "true", "True", "", "on", "yes", "1" })
	void enabledWhenTrueOrBlank(String value) {
		this.contextRunner.withPropertyValues("aws.refresh.enabled=" + value)
			.run((context) -> assertThat(context).hasSingleBean(RoleCredentialsProviders.class));
	}

	@ParameterizedTest
	@ValueSource(strings = { "flase", "ture", "maybe", "2" })
	void aValueOfEnabledThatIsNoBooleanStopsStartupInsteadOfTurningTheStarterOff(String value) {
		this.contextRunner.withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withPropertyValues("aws.refresh.enabled=" + value)
			.run((context) -> {
				assertThat(context).hasFailed();
				InvalidAwsRefreshPropertyException ex = findCause(context.getStartupFailure(),
						InvalidAwsRefreshPropertyException.class);
				assertThat(ex.getProperty()).isEqualTo("aws.refresh.enabled");
				assertThat(ex.getReason()).isEqualTo("must be true or false");
				assertThat(ex.getExample()).isEqualTo("aws.refresh.enabled=false");
			});
	}

	private static <E extends Throwable> E findCause(Throwable failure, Class<E> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + failure);
	}

	@Test
	void backsOffWithoutSts() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(StsAssumeRoleCredentialsProvider.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RoleCredentialsProviders.class));
	}

}
