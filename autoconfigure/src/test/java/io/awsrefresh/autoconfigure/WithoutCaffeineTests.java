package io.awsrefresh.autoconfigure;

import java.io.IOException;

import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.credentials.AssumeRoleSpec;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.test.sts.StsStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Caffeine is an optional dependency of the auto-configuration (the starter brings it):
 * without it on the class path, the configured roles still work against a loopback STS,
 * the client registry backs off, and what needs the cache says so.
 */
class WithoutCaffeineTests {

	private StsStub sts;

	private ApplicationContextRunner contextRunner;

	@BeforeEach
	void start() throws IOException {
		this.sts = StsStub.start();
		this.sts.issueCredentials();
		this.contextRunner = new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withClassLoader(new FilteredClassLoader("com.github.benmanes.caffeine"))
			.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
					"aws.refresh.source.secret-access-key=source-secret",
					"aws.refresh.role-arn=arn:aws:iam::123456789012:role/app",
					"aws.refresh.roles.audit.role-arn=arn:aws:iam::210987654321:role/audit",
					"aws.refresh.sts.endpoint=" + this.sts.endpoint());
	}

	@AfterEach
	void stop() {
		this.sts.close();
	}

	@Test
	void configuredRolesWorkAndTheRegistryBacksOff() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(AwsClientRegistry.class);
			assertThat(context.getBean(AwsCredentialsProvider.class).resolveCredentials().accessKeyId())
				.isEqualTo(this.sts.issuedAccessKeyIds().get(0));
			RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
			assertThat(roles.get("audit").resolveCredentials().accessKeyId())
				.isEqualTo(this.sts.issuedAccessKeyIds().get(1));
			assertThat(roles.runTimeRoleCount()).isZero();
			assertThatIllegalStateException()
				.isThrownBy(() -> roles.forRole(AssumeRoleSpec.of("arn:aws:iam::333333333333:role/report", "report")))
				.withMessageContaining("Caffeine is not on the class path")
				.withMessageContaining("com.github.ben-manes.caffeine:caffeine");
		});
	}

	@Test
	void aRoleTemplateStopsStartupNamingItsKeyAndWhatToAdd() {
		this.contextRunner.withPropertyValues("aws.refresh.roles.tenant.role-arn=arn:aws:iam::{account}:role/tenant")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOfSatisfying(InvalidAwsRefreshPropertyException.class,
						(ex) -> assertThat(ex.getProperty()).isEqualTo("aws.refresh.roles.tenant.role-arn"))
				.hasMessageContaining("Caffeine is not on the class path")
				.hasMessageContaining("add com.github.ben-manes.caffeine:caffeine"));
	}

	@Test
	void aTemplateWithAnotherInvalidValueIsReportedForBoth() {
		this.contextRunner
			.withPropertyValues("aws.refresh.roles.tenant.role-arn=arn:aws:iam::{account}:role/tenant",
					"aws.refresh.roles.tenant.duration=5m")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOfSatisfying(InvalidAwsRefreshPropertiesException.class,
						(ex) -> assertThat(ex.getProblems()).extracting(InvalidAwsRefreshPropertyException::getProperty)
							.containsExactlyInAnyOrder("aws.refresh.roles.tenant.duration",
									"aws.refresh.roles.tenant.role-arn")));
	}

	@Test
	void withCaffeineATemplateStartsAndRunTimeRolesAreHeld() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(new Class<?>[0]))
			.withPropertyValues("aws.refresh.roles.tenant.role-arn=arn:aws:iam::{account}:role/tenant")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(AwsClientRegistry.class);
				RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
				roles.forAccount("tenant", "111111111111").resolveCredentials();
				assertThat(roles.runTimeRoleCount()).isOne();
			});
	}

}
