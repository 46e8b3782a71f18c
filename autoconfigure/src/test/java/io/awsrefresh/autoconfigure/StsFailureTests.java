package io.awsrefresh.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;

import io.awsrefresh.credentials.RoleCredentialsException;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What happens when STS refuses a role, cannot be reached, or fails after issuing
 * credentials.
 */
@ExtendWith(OutputCaptureExtension.class)
class StsFailureTests {

	private static final String APP_ROLE = "arn:aws:iam::123456789012:role/app";

	private StubSts sts;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AwsRefreshCredentialsAutoConfiguration.class))
		.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
				"aws.refresh.source.secret-access-key=source-secret", "aws.refresh.role-arn=" + APP_ROLE);

	@BeforeEach
	void startSts() throws IOException {
		this.sts = StubSts.start();
	}

	@AfterEach
	void stopSts() {
		this.sts.close();
	}

	@Test
	void eagerStartupAgainstUnreachableStsFailsNamingTheRoleAndKey() throws IOException {
		this.contextRunner
			.withPropertyValues("aws.refresh.defer-refresh=false",
					"aws.refresh.endpoint=http://127.0.0.1:" + closedPort())
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new RoleCredentialsFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Role 'default'")
					.contains("STS could not be reached")
					.contains(APP_ROLE);
				assertThat(analysis.getAction()).contains("'aws.refresh.role-arn'")
					.contains("aws.refresh.defer-refresh=true");
			});
	}

	@Test
	void eagerStartupOfNamedRoleRefusedByStsNamesTheErrorCodeAndKey() {
		this.sts.denyAccess();
		this.contextRunner
			.withPropertyValues("aws.refresh.endpoint=" + this.sts.endpoint(),
					"aws.refresh.roles.audit.role-arn=arn:aws:iam::210987654321:role/audit",
					"aws.refresh.roles.audit.defer-refresh=false")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new RoleCredentialsFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Role 'audit'")
					.contains("STS answered AccessDenied")
					.contains("arn:aws:iam::210987654321:role/audit");
				assertThat(analysis.getAction()).contains("'aws.refresh.roles.audit.role-arn'");
				assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("source-secret");
			});
	}

	@Test
	void deferredRoleStartsWithoutStsAndFailsOnFirstUseNamingTheRole() throws IOException {
		this.contextRunner.withPropertyValues("aws.refresh.endpoint=http://127.0.0.1:" + closedPort())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				AwsCredentialsProvider provider = context.getBean(AwsCredentialsProvider.class);
				assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(provider::resolveCredentials)
					.withMessageContaining("role 'default' (" + APP_ROLE + ")")
					.withMessageContaining("STS could not be reached");
			});
	}

	@Test
	void failedRefreshKeepsServingValidCredentialsAndIsLoggedAndCounted(CapturedOutput output) {
		// Prefetch 1 second after issue, stale after 10 seconds.
		this.contextRunner
			.withPropertyValues("aws.refresh.endpoint=" + this.sts.endpoint(), "aws.refresh.duration=15m",
					"aws.refresh.prefetch-time=899s", "aws.refresh.stale-time=890s")
			.run((context) -> {
				RoleCredentialsProvider provider = context.getBean(RoleCredentialsProvider.class);
				AwsCredentials issued = provider.resolveCredentials();
				this.sts.fail();
				Thread.sleep(1500);
				assertThat(provider.resolveCredentials()).isEqualTo(issued);
				assertThat(provider.status().failures()).isEqualTo(1);
				assertThat(provider.status().lastFailure()).contains("ServiceUnavailable");
				assertThat(output).contains("Refreshing credentials of role 'default' (" + APP_ROLE + ") failed")
					.doesNotContain("stub-secret", "stub-token");
				this.sts.issueCredentials();
				Thread.sleep(1100);
				assertThat(provider.resolveCredentials().accessKeyId()).isNotEqualTo(issued.accessKeyId());
			});
	}

	@Test
	void failedBackgroundRefreshIsLoggedAndCountedAndRetried(CapturedOutput output) {
		// Background refresh a second after prefetch time: 2 seconds after issue.
		this.contextRunner
			.withPropertyValues("aws.refresh.endpoint=" + this.sts.endpoint(), "aws.refresh.duration=15m",
					"aws.refresh.prefetch-time=899s", "aws.refresh.stale-time=880s", "aws.refresh.defer-refresh=false")
			.run((context) -> {
				RoleCredentialsProvider provider = context.getBean(RoleCredentialsProvider.class);
				this.sts.fail();
				long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
				while (provider.status().failures() == 0 && System.nanoTime() < deadline) {
					Thread.sleep(100);
				}
				assertThat(provider.status().failures()).isPositive();
				assertThat(provider.status().refreshes()).isOne();
				assertThat(output).contains("Refreshing credentials of role 'default' (" + APP_ROLE + ") failed");
				this.sts.issueCredentials();
				deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
				while (provider.status().refreshes() < 2 && System.nanoTime() < deadline) {
					provider.resolveCredentials();
					Thread.sleep(100);
				}
				assertThat(provider.status().refreshes()).isEqualTo(2);
			});
	}

	@Test
	void expiredCredentialsWithStsDownFailWithAnExceptionNamingTheRole() {
		// Prefetch 1 second after issue, stale after 2 seconds.
		this.contextRunner
			.withPropertyValues("aws.refresh.endpoint=" + this.sts.endpoint(), "aws.refresh.duration=15m",
					"aws.refresh.prefetch-time=899s", "aws.refresh.stale-time=898s")
			.run((context) -> {
				AwsCredentialsProvider provider = context.getBean(AwsCredentialsProvider.class);
				provider.resolveCredentials();
				this.sts.fail();
				Thread.sleep(2100);
				assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(provider::resolveCredentials)
					.withMessageContaining("role 'default' (" + APP_ROLE + ")")
					.withMessageContaining("ServiceUnavailable")
					.satisfies((ex) -> assertThat(ex.getStsErrorCode()).isEqualTo("ServiceUnavailable"));
			});
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
