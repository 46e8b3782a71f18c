package io.awsrefresh.actuate;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import io.awsrefresh.credentials.AssumeRoleSpec;
import io.awsrefresh.credentials.RefreshSettings;
import io.awsrefresh.credentials.RefreshState;
import io.awsrefresh.credentials.RoleCredentialsException;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleDefinition;
import io.awsrefresh.credentials.RoleSource;
import io.awsrefresh.credentials.StsEndpoint;
import io.awsrefresh.credentials.StsHttpStub;
import io.awsrefresh.test.Await;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.model.StsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The health of every role's credentials, read from the roles' status without fetching
 * anything: UP while every role is served, DOWN once one has no usable credentials, and
 * each role's details (state, source, expiry and time left on the indicator's clock,
 * failures), never a secret. The roles are built by hand, with custom sources and an STS
 * that is never called.
 */
class AwsCredentialsHealthIndicatorTests {

	/**
	 * The engines run on the system clock: the custom sources' credentials must be valid
	 * on it.
	 */
	private static final Instant EXPIRES = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

	private static final RoleDefinition DEFAULT = new RoleDefinition(RoleCredentialsProviders.DEFAULT_ROLE,
			new RoleSource.Direct(), RefreshSettings.DEFAULTS);

	private static final RoleDefinition ORDERS = new RoleDefinition(
			"orders", new RoleSource.AssumeRole(AssumeRoleSpec.of("arn:aws:iam::123456789012:role/orders", "orders"),
					null, new StsEndpoint(Region.EU_WEST_1, URI.create("http://127.0.0.1:9"))),
			RefreshSettings.DEFAULTS);

	private static final RoleDefinition VAULT = new RoleDefinition("vault",
			new RoleSource.Custom("vault", (role) -> credentials("vault", EXPIRES)),
			RefreshSettings.DEFAULTS.withDeferRefresh(false));

	private static final StsException ACCESS_DENIED = (StsException) StsException.builder()
		.statusCode(403)
		.awsErrorDetails(AwsErrorDetails.builder()
			.errorCode("AccessDenied")
			.errorMessage("not authorized to perform sts:AssumeRole")
			.build())
		.build();

	// Shut down before the roles are built, it drops every timer: no refresh or retry
	// runs in the background, so each role's status stays as the test left it.
	private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

	private final AtomicInteger calls = new AtomicInteger();

	private RoleCredentialsProviders roles;

	private Runnable closeAfter = () -> {
	};

	@BeforeEach
	void dropTimers() {
		this.timers.shutdown();
	}

	@AfterEach
	void closeRoles() {
		if (this.roles != null) {
			this.roles.close();
		}
		this.closeAfter.run();
	}

	@Test
	void upWhileEveryRoleIsServedWithEachRolesDetailsInTheOrderOfTheRoles() {
		this.roles = roles(DEFAULT, ORDERS, VAULT);
		Health health = indicator(EXPIRES.minus(Duration.ofMinutes(41)).minusMillis(59_700)).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(roleDetails(health).keySet()).containsExactly("default", "orders", "vault");
		assertThat(role(health, "default")).isEqualTo(Map.of("state", RefreshState.SOURCE_MANAGED, "source",
				RoleSource.Kind.SOURCE_CREDENTIALS, "consecutiveFailures", 0));
		assertThat(role(health, "orders"))
			.isEqualTo(Map.of("state", RefreshState.PENDING, "source", RoleSource.Kind.ASSUME_ROLE, "roleArn",
					"arn:aws:iam::123456789012:role/orders", "consecutiveFailures", 0));
		Map<String, Object> vault = role(health, "vault");
		assertThat(vault.keySet()).containsExactly("state", "source", "expiration", "timeLeft", "servedUntil",
				"lastSuccess", "consecutiveFailures", "nextAttempt");
		assertThat(vault).containsEntry("state", RefreshState.FRESH)
			.containsEntry("source", RoleSource.Kind.CUSTOM)
			.containsEntry("expiration", EXPIRES)
			.containsEntry("timeLeft", "PT41M59S")
			.containsEntry("servedUntil", EXPIRES.minusSeconds(15))
			.containsEntry("consecutiveFailures", 0);
		assertThat((Instant) vault.get("nextAttempt")).isBefore(EXPIRES);
	}

	@Test
	void timeLeftIsMeasuredOnTheIndicatorsClockAndIsNeverNegative() {
		this.roles = roles(VAULT);
		assertThat(role(indicator(EXPIRES.minusMillis(1500)).health(), "vault")).containsEntry("timeLeft", "PT1S");
		Health afterExpiry = indicator(EXPIRES.plus(Duration.ofMinutes(5))).health();
		assertThat(role(afterExpiry, "vault")).containsEntry("timeLeft", "PT0S").containsEntry("expiration", EXPIRES);
		// Whether credentials are usable is the engine's call, on its own clock.
		assertThat(afterExpiry.getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void aHealthCheckNeverFetchesCredentials() {
		RoleDefinition counted = new RoleDefinition("counted", new RoleSource.Custom("counted", (role) -> {
			this.calls.incrementAndGet();
			return credentials("counted", EXPIRES);
		}), RefreshSettings.DEFAULTS);
		this.roles = roles(ORDERS, counted);
		AwsCredentialsHealthIndicator indicator = indicator(Instant.now());
		for (int i = 0; i < 3; i++) {
			Health health = indicator.health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(role(health, "orders")).containsEntry("state", RefreshState.PENDING);
			assertThat(role(health, "counted")).containsEntry("state", RefreshState.PENDING);
		}
		assertThat(this.calls).hasValue(0);
		assertThat(this.roles.stsClientCount()).isZero();
	}

	@Test
	void downOnceARoleHasNoUsableCredentialsWithItsLastFailure() {
		RoleDefinition denied = new RoleDefinition("denied", new RoleSource.Custom("broker", (role) -> {
			throw ACCESS_DENIED;
		}), RefreshSettings.DEFAULTS);
		this.roles = roles(VAULT, denied);
		assertThatExceptionOfType(RoleCredentialsException.class)
			.isThrownBy(() -> this.roles.get("denied").resolveCredentials());
		Health health = indicator(Instant.now()).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(role(health, "vault")).containsEntry("state", RefreshState.FRESH);
		Map<String, Object> role = role(health, "denied");
		assertThat(role).containsEntry("state", RefreshState.EXPIRED)
			.containsEntry("source", RoleSource.Kind.CUSTOM)
			.containsEntry("consecutiveFailures", 1)
			.containsKeys("failingSince", "nextAttempt")
			.doesNotContainKeys("expiration", "timeLeft", "servedUntil", "lastSuccess");
		assertThat(role.get("lastFailure")).asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
			.containsOnlyKeys("time", "errorCode", "message")
			.containsEntry("errorCode", "AccessDenied")
			.hasEntrySatisfying("message",
					(message) -> assertThat(message).asString().contains("not authorized to perform sts:AssumeRole"));
		assertThat(health.toString()).doesNotContain("vault-secret", "vault-token", "source-secret");
	}

	@Test
	void upWhileStaleCredentialsAreServedThroughFailures() {
		// Stale 300 ms after each fetch: the one wait of this class.
		RoleDefinition reports = new RoleDefinition("reports", new RoleSource.Custom("reports", (role) -> {
			if (this.calls.incrementAndGet() > 1) {
				throw new IllegalStateException("the reports broker is down");
			}
			return credentials("reports", Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS));
		}), new RefreshSettings(false, Duration.ofMillis(3_599_900), Duration.ofMillis(3_599_700)));
		this.roles = roles(reports);
		Await.until(() -> this.roles.get("reports").status().state() == RefreshState.STALE);
		AwsSessionCredentials held = (AwsSessionCredentials) this.roles.get("reports").resolveCredentials();
		assertThat(held.accessKeyId()).isEqualTo("ASIAREPORTS");
		assertThat(this.calls).hasValue(2);
		Health health = indicator(Instant.now()).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		Map<String, Object> role = role(health, "reports");
		Instant expiration = held.expirationTime().get();
		assertThat(role).containsEntry("state", RefreshState.STALE)
			.containsEntry("expiration", expiration)
			.containsEntry("servedUntil", expiration.minusSeconds(15))
			.containsEntry("consecutiveFailures", 1)
			.containsKeys("lastSuccess", "failingSince", "nextAttempt");
		assertThat(role.get("lastFailure")).asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
			.containsOnlyKeys("time", "message")
			.containsEntry("message", "IllegalStateException: the reports broker is down");
		assertThat(health.toString()).doesNotContain("reports-secret", "reports-token");
	}

	@Test
	void runTimeRolesAreSummedUpTheWorstFailingFirstAndNeverMakeTheServiceDown() {
		// A template used in 15 accounts, 12 of which do not trust the application's
		// role: what one tenant did to its account must not take the service down.
		StsEndpoint endpoint = new StsEndpoint(Region.EU_WEST_1, null);
		RoleDefinition audit = new RoleDefinition("audit",
				new RoleSource.AssumeRole(
						AssumeRoleSpec.of("arn:aws:iam::" + RoleDefinition.ACCOUNT + ":role/audit", "audit"), null,
						endpoint),
				RefreshSettings.DEFAULTS);
		StsHttpStub sts = StsHttpStub.refusingAssumeRole((request) -> request.parameter("RoleArn").contains("::1")
				? "User is not authorized to perform sts:AssumeRole" : null);
		// STS's client times its calls on the scheduler too: a held one rather than a
		// shut one, so that no retry runs while the test reads the status.
		ScheduledExecutorService held = Executors.newSingleThreadScheduledExecutor();
		CountDownLatch release = new CountDownLatch(1);
		held.execute(() -> awaitQuietly(release));
		this.closeAfter = () -> {
			release.countDown();
			held.shutdownNow();
		};
		this.roles = RoleCredentialsProviders
			.builder(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSOURCE", "source-secret")))
			.scheduler(held)
			.role(DEFAULT)
			.role(audit)
			.runTimeRoles(100, Duration.ofHours(1), endpoint)
			.httpClient(sts)
			.build();
		Health before = indicator(Instant.now()).health();
		assertThat(before.getDetails()).containsOnlyKeys("roles");
		for (int i = 0; i < 15; i++) {
			String account = ((i < 12) ? "1" : "2") + String.format("%011d", i);
			if (i < 12) {
				assertThatExceptionOfType(RoleCredentialsException.class)
					.isThrownBy(() -> this.roles.forAccount("audit", account).resolveCredentials());
			}
			else {
				assertThat(this.roles.forAccount("audit", account).resolveCredentials()).isNotNull();
			}
		}
		Health health = indicator(Instant.now()).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(roleDetails(health)).containsOnlyKeys("default");
		Map<String, Object> runTimeRoles = runTimeRoles(health);
		assertThat(runTimeRoles).containsEntry("held", 15)
			.containsEntry("states", Map.of(RefreshState.FRESH, 3, RefreshState.EXPIRED, 12))
			.containsEntry("failingCount", 12);
		Map<String, Object> failing = asMap(runTimeRoles.get("failing"));
		// At most ten, the first to fail first.
		assertThat(failing.keySet()).containsExactlyElementsOf(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)
			.stream()
			.map((i) -> "audit@1" + String.format("%011d", i))
			.toList());
		assertThat(asMap(failing.get("audit@100000000000"))).containsEntry("state", RefreshState.EXPIRED)
			.containsEntry("roleArn", "arn:aws:iam::100000000000:role/audit")
			.containsEntry("consecutiveFailures", 1)
			.containsKeys("failingSince", "nextAttempt", "lastFailure");
		assertThat(health.toString()).doesNotContain("source-secret", "stub-secret", "stub-token");
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private RoleCredentialsProviders roles(RoleDefinition... roles) {
		RoleCredentialsProviders.Builder builder = RoleCredentialsProviders
			.builder(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSOURCE", "source-secret")))
			.scheduler(this.timers);
		for (RoleDefinition role : roles) {
			builder.role(role);
		}
		return builder.build();
	}

	private AwsCredentialsHealthIndicator indicator(Instant now) {
		return new AwsCredentialsHealthIndicator(this.roles, Clock.fixed(now, ZoneOffset.UTC));
	}

	private static AwsSessionCredentials credentials(String role, Instant expiration) {
		return AwsSessionCredentials.builder()
			.accessKeyId("ASIA" + role.toUpperCase())
			.secretAccessKey(role + "-secret")
			.sessionToken(role + "-token")
			.expirationTime(expiration)
			.build();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> roleDetails(Health health) {
		return (Map<String, Object>) health.getDetails().get("roles");
	}

	private static Map<String, Object> runTimeRoles(Health health) {
		return asMap(health.getDetails().get("runTimeRoles"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(Object details) {
		return (Map<String, Object>) details;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> role(Health health, String name) {
		return (Map<String, Object>) roleDetails(health).get(name);
	}

}
