package io.awsrefresh.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.awsrefresh.credentials.RefreshAttempt;
import io.awsrefresh.credentials.RefreshListener;
import io.awsrefresh.credentials.RoleCredentialsException;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.test.sts.StsStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the application sees when STS refuses a role or cannot be reached: startup
 * reports, first-use failures, and the refresh listener beans that hear every attempt.
 * How the refresh engine rides out STS faults under load is in {@code StsFaultTests}.
 */
@ExtendWith(OutputCaptureExtension.class)
class StsFailureTests {

	private static final String APP_ROLE = "arn:aws:iam::123456789012:role/app";

	private StsStub sts;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AwsRefreshAutoConfigurations.CREDENTIALS)
		.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
				"aws.refresh.source.secret-access-key=source-secret", "aws.refresh.role-arn=" + APP_ROLE);

	@BeforeEach
	void startSts() throws IOException {
		this.sts = StsStub.start();
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
	void eagerRolesAreFetchedTogetherAtStartup() {
		this.sts.delay(Duration.ofSeconds(1));
		this.contextRunner
			.withPropertyValues("aws.refresh.endpoint=" + this.sts.endpoint(), "aws.refresh.defer-refresh=false",
					"aws.refresh.roles.audit.role-arn=arn:aws:iam::210987654321:role/audit")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(this.sts.issued()).isEqualTo(2);
				assertThat(this.sts.maxInFlight()).isEqualTo(2);
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
	void aRoleThatStartsFailingIsLoggedOnceAndFailsFastNamingTheError(CapturedOutput output) {
		this.sts.fail();
		this.contextRunner.withPropertyValues("aws.refresh.endpoint=" + this.sts.endpoint()).run((context) -> {
			RoleCredentialsProvider provider = context.getBean(RoleCredentialsProvider.class);
			for (int i = 0; i < 50; i++) {
				assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(provider::resolveCredentials)
					.withMessageContaining("role 'default' (" + APP_ROLE + ")")
					.withMessageContaining("STS answered ServiceUnavailable");
			}
			// One fetch (the SDK's three attempts) for fifty callers.
			assertThat(this.sts.assumeRoleRequests()).isEqualTo(3);
			assertThat(provider.status().consecutiveFailures()).isOne();
			assertThat(output.getAll().lines().filter((line) -> line.contains("WARN"))).singleElement()
				.asString()
				.contains("Refreshing credentials of role 'default' (" + APP_ROLE + ") failed")
				.contains("no credentials yet");
			assertThat(output).doesNotContain("source-secret");
		});
	}

	@Test
	void anAnswerInNoStsShapeIsReportedWithItsHttpStatus() {
		this.sts.answerWithHtml(502, "<html><body>Bad gateway</body></html>");
		this.contextRunner.withPropertyValues("aws.refresh.endpoint=" + this.sts.endpoint()).run((context) -> {
			RoleCredentialsProvider provider = context.getBean(RoleCredentialsProvider.class);
			assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(provider::resolveCredentials)
				.withMessageContaining("role 'default' (" + APP_ROLE + ")")
				.withMessageContaining("STS answered HTTP 502")
				.withMessageNotContaining("null");
		});
	}

	@Test
	void stsErrorsNameTheirHttpStatus() {
		this.sts.denyAccess();
		this.contextRunner.withPropertyValues("aws.refresh.endpoint=" + this.sts.endpoint()).run((context) -> {
			RoleCredentialsProvider provider = context.getBean(RoleCredentialsProvider.class);
			assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(provider::resolveCredentials)
				.withMessageContaining("STS answered AccessDenied (User: arn:aws:iam::123456789012:user/app is not "
						+ "authorized to perform: sts:AssumeRole; HTTP 403)");
		});
	}

	@Test
	void refreshListenerBeansHearEveryAttemptInOrder() {
		this.contextRunner.withPropertyValues("aws.refresh.endpoint=" + this.sts.endpoint())
			.withUserConfiguration(Listeners.class)
			.run((context) -> {
				context.getBean(AwsCredentialsProvider.class).resolveCredentials();
				List<String> heard = context.getBean(Listeners.class).heard;
				assertThat(heard).containsExactly("first:default:FIRST_USE:SUCCESS",
						"second:default:FIRST_USE:SUCCESS");
			});
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		final List<String> heard = new CopyOnWriteArrayList<>();

		@Bean
		@Order(2)
		RefreshListener second() {
			return (attempt) -> record("second", attempt);
		}

		@Bean
		@Order(1)
		RefreshListener first() {
			return (attempt) -> record("first", attempt);
		}

		private void record(String listener, RefreshAttempt attempt) {
			this.heard.add(listener + ":" + attempt.roleName() + ":" + attempt.trigger() + ":" + attempt.outcome());
		}

	}

}
