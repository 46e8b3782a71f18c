package io.awsrefresh.autoconfigure.actuate;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.awsrefresh.actuate.AwsCredentialsHealthIndicator;
import io.awsrefresh.autoconfigure.AwsRefreshAutoConfigurations;
import io.awsrefresh.credentials.RefreshState;
import io.awsrefresh.credentials.RoleCredentialsException;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.test.Await;
import io.awsrefresh.test.sts.StsStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import software.amazon.awssdk.auth.credentials.AwsCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code awsCredentials} health contributor against a loopback STS that refuses a
 * role and then accepts it.
 */
class AwsCredentialsHealthTests {

	private StsStub sts;

	private ApplicationContextRunner contextRunner;

	@BeforeEach
	void startSts() throws IOException {
		this.sts = StsStub.start();
		this.contextRunner = new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CREDENTIALS)
			.withConfiguration(AutoConfigurations.of(AwsCredentialsHealthAutoConfiguration.class))
			.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
					"aws.refresh.source.secret-access-key=source-secret",
					"aws.refresh.role-arn=arn:aws:iam::123456789012:role/app",
					"aws.refresh.sts.endpoint=" + this.sts.endpoint());
	}

	@AfterEach
	void stopSts() {
		this.sts.close();
	}

	@Test
	void downWhileStsRefusesTheRoleAndUpOnceItAccepts() {
		this.sts.denyAccess();
		this.contextRunner.run((context) -> {
			AwsCredentialsHealthIndicator health = context.getBean("awsCredentialsHealthIndicator",
					AwsCredentialsHealthIndicator.class);
			// Deferred and not used yet: nothing is wrong, and a health check never asks
			// STS.
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			assertThat(role(health.health())).containsEntry("state", RefreshState.PENDING);
			assertThat(this.sts.assumeRoleRequests()).isZero();

			RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
			assertThatExceptionOfType(RoleCredentialsException.class)
				.isThrownBy(() -> roles.defaultRole().resolveCredentials());
			Health down = health.health();
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(role(down)).containsEntry("state", RefreshState.EXPIRED)
				.containsEntry("consecutiveFailures", 1)
				.containsKeys("failingSince", "nextAttempt");
			assertThat(role(down).get("lastFailure"))
				.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class))
				.containsEntry("errorCode", "AccessDenied");

			int requests = this.sts.assumeRoleRequests();
			this.sts.issueCredentials();
			// The engine retries on its own, with backoff: no caller is needed.
			Await.until(() -> roles.defaultRole().status().state() == RefreshState.FRESH);
			Health up = health.health();
			assertThat(up.getStatus()).isEqualTo(Status.UP);
			assertThat(role(up)).containsEntry("state", RefreshState.FRESH)
				.containsEntry("consecutiveFailures", 0)
				.containsKeys("expiration", "timeLeft", "lastSuccess", "lastFailure");
			assertThat(this.sts.assumeRoleRequests()).isGreaterThan(requests);
			String shown = up.toString() + down;
			this.sts.secrets().forEach((secret) -> assertThat(shown).doesNotContain(secret));
			assertThat(shown).doesNotContain("source-secret");
		});
	}

	@Test
	void upWhileStaleCredentialsAreStillServedThroughFailuresAndDownPastTheSafetyMargin() {
		// Credentials that live 8 s, with the default settings: stale 1.6 s before expiry
		// (a fifth of the lifetime), served while failing until 0.8 s before it.
		this.sts.credentialsLifetime(Duration.ofSeconds(8));
		this.sts.issueCredentials();
		this.contextRunner.run((context) -> {
			AwsCredentialsHealthIndicator health = context.getBean("awsCredentialsHealthIndicator",
					AwsCredentialsHealthIndicator.class);
			RoleCredentialsProvider role = context.getBean(RoleCredentialsProviders.class).defaultRole();
			AwsCredentials issued = role.resolveCredentials();
			this.sts.fail();
			Await.until(() -> role.status().state() == RefreshState.STALE);
			Health stale = health.health();
			assertThat(stale.getStatus()).isEqualTo(Status.UP);
			// No nextAttempt while a retry is in flight.
			assertThat(role(stale)).containsEntry("state", RefreshState.STALE)
				.containsKeys("failingSince", "lastFailure");
			Instant expiration = role.status().expiration();
			assertThat((Instant) role(stale).get("servedUntil")).isBetween(expiration.minusSeconds(1),
					expiration.minusMillis(700));
			assertThat((int) role(stale).get("consecutiveFailures")).isPositive();
			assertThat(role.resolveCredentials()).isEqualTo(issued);
			Await.until(() -> role.status().state() == RefreshState.EXPIRED);
			Health down = health.health();
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(role(down)).containsEntry("state", RefreshState.EXPIRED);
		});
	}

	@Test
	void isTheAwsCredentialsContributorOfTheHealthEndpoint() {
		this.sts.issueCredentials();
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class,
					HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoint.health.show-details=always",
					"management.endpoints.web.exposure.include=health")
			.run((context) -> {
				HealthDescriptor health = context.getBean(HealthEndpoint.class).healthForPath("awsCredentials");
				assertThat(health).isInstanceOf(IndicatedHealthDescriptor.class);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(((IndicatedHealthDescriptor) health).getDetails()).containsKey("roles");
			});
	}

	@Test
	void backsOffWithoutSpringBootHealthOrWhenDisabled() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AwsCredentialsHealthIndicator.class));
		this.contextRunner.withPropertyValues("management.health.awscredentials.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AwsCredentialsHealthIndicator.class));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> role(Health health) {
		Map<String, Object> roles = (Map<String, Object>) health.getDetails().get("roles");
		return (Map<String, Object>) roles.get("default");
	}

}
