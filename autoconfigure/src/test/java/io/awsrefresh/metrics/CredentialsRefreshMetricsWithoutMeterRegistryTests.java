package io.awsrefresh.metrics;

import java.io.IOException;

import io.awsrefresh.autoconfigure.AwsRefreshAutoConfigurations;
import io.awsrefresh.autoconfigure.actuate.AwsRefreshMetricsAutoConfiguration;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.test.sts.StsStub;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Micrometer on the class path without a meter registry (no metrics auto-configuration,
 * or it excluded): the refresh meters are never bound. Run-time roles, whose number has
 * no bound (a template in each account, a role built in code per request or per user's
 * provided context), must still leave nothing behind in them once they are gone.
 */
class CredentialsRefreshMetricsWithoutMeterRegistryTests {

	private StsStub sts;

	@BeforeEach
	void startSts() throws IOException {
		this.sts = StsStub.start();
	}

	@AfterEach
	void stopSts() {
		this.sts.close();
	}

	@Test
	void runTimeRolesLeaveNothingBehindWhenNoMeterRegistryEverBindsTheMeters() {
		new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withConfiguration(AutoConfigurations.of(AwsRefreshMetricsAutoConfiguration.class))
			.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.endpoint=" + this.sts.endpoint(),
					"aws.refresh.source.access-key-id=AKIDEXAMPLE", "aws.refresh.source.secret-access-key=not-a-secret",
					"aws.refresh.roles.scanner.role-arn=arn:aws:iam::{account}:role/SecurityAudit",
					"aws.refresh.run-time-roles.max-size=5")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(MeterRegistry.class);
				RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
				for (long account = 0; account < 40; account++) {
					roles.forAccount("scanner", String.valueOf(210000000000L + account)).resolveCredentials();
				}
				assertThat(this.sts.assumeRoleRequests()).isEqualTo(40);
				assertThat(roles.runTimeRoleCount()).isLessThanOrEqualTo(5);
				// Nothing to bind to: no meters, and nothing timed per role meanwhile.
				assertThat(context).doesNotHaveBean(CredentialsRefreshMetrics.class);
			});
	}

	@Test
	void runTimeRolesLeaveNothingBehindOnceTheMetersAreBound() {
		new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withConfiguration(AutoConfigurations.of(AwsRefreshMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.endpoint=" + this.sts.endpoint(),
					"aws.refresh.source.access-key-id=AKIDEXAMPLE", "aws.refresh.source.secret-access-key=not-a-secret",
					"aws.refresh.roles.scanner.role-arn=arn:aws:iam::{account}:role/SecurityAudit",
					"aws.refresh.run-time-roles.max-size=5")
			.run((context) -> {
				CredentialsRefreshMetrics metrics = context.getBean(CredentialsRefreshMetrics.class);
				metrics.bindTo(context.getBean(MeterRegistry.class));
				RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
				for (long account = 0; account < 40; account++) {
					roles.forAccount("scanner", String.valueOf(210000000000L + account)).resolveCredentials();
				}
				assertThat(metrics.timedRoles()).isSubsetOf(roles.roleNames());
			});
	}

}
