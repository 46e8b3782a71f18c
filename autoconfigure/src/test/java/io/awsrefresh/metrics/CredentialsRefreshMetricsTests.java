package io.awsrefresh.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.awsrefresh.credentials.RefreshAttempt;
import io.awsrefresh.credentials.RefreshAttempt.Outcome;
import io.awsrefresh.credentials.RefreshAttempt.Trigger;
import io.awsrefresh.credentials.RefreshListener;
import io.awsrefresh.credentials.RefreshSettings;
import io.awsrefresh.credentials.RefreshState;
import io.awsrefresh.credentials.RoleCredentialsException;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleDefinition;
import io.awsrefresh.credentials.RoleSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The meters of every configured role: attempts counted by outcome from what the role's
 * refresh engine counted (attempts made before the meters were bound included), the time
 * attempts took as the meters heard it, and the time left until expiry on the meters' own
 * clock.
 */
class CredentialsRefreshMetricsTests {

	/**
	 * The engines run on the system clock: the custom source's credentials must be valid
	 * on it.
	 */
	private static final Instant EXPIRES = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final AtomicInteger brokerCalls = new AtomicInteger();

	// The broker's retries wait here, so that its counts stay as the test left them.
	private final CountDownLatch brokerRetries = new CountDownLatch(1);

	private RoleCredentialsProviders roles;

	@AfterEach
	void closeRoles() {
		if (this.roles != null) {
			this.roles.close();
		}
	}

	@Test
	void attemptsMadeBeforeTheMetersAreBoundAreCountedByOutcome() {
		CredentialsRefreshMetrics metrics = new CredentialsRefreshMetrics(() -> this.roles, Clock.systemUTC());
		// 'vault' is fetched at startup, while no meter registry exists yet.
		this.roles = roles(metrics);
		metrics.bindTo(this.meters);
		assertThat(refreshes("vault", "success")).isEqualTo(1);
		assertThat(refreshes("vault", "failure")).isZero();
		assertThat(this.meters.get("aws.refresh.credentials.refresh.duration")
			.tag("role", "vault")
			.functionTimer()
			.count()).isEqualTo(1);
		assertThatExceptionOfType(RoleCredentialsException.class)
			.isThrownBy(() -> this.roles.get("broker").resolveCredentials());
		assertThat(refreshes("broker", "failure")).isEqualTo(1);
		assertThat(refreshes("broker", "success")).isZero();
		assertThat(this.meters.get("aws.refresh.credentials.refresh.duration")
			.tag("role", "broker")
			.functionTimer()
			.count()).isEqualTo(1);
		// The source credentials are the SDK's business: nothing is attempted for them.
		assertThat(refreshes("default", "success")).isZero();
		assertThat(refreshes("default", "failure")).isZero();
	}

	@Test
	void everyConfiguredRoleHasEachMeterTaggedWithItsName() {
		this.roles = roles((attempt) -> {
		});
		new CredentialsRefreshMetrics(() -> this.roles, Clock.systemUTC()).bindTo(this.meters);
		assertThat(this.meters.find("aws.refresh.credentials.refreshes").meters())
			.extracting(CredentialsRefreshMetricsTests::tags)
			.containsExactlyInAnyOrder("outcome=success role=default", "outcome=failure role=default",
					"outcome=success role=vault", "outcome=failure role=vault", "outcome=success role=broker",
					"outcome=failure role=broker");
		assertThat(this.meters.find("aws.refresh.credentials.refresh.duration").meters())
			.extracting(CredentialsRefreshMetricsTests::tags)
			.containsExactlyInAnyOrder("role=default", "role=vault", "role=broker");
		assertThat(this.meters.find("aws.refresh.credentials.expiry").gauges())
			.extracting(CredentialsRefreshMetricsTests::tags)
			.containsExactlyInAnyOrder("role=default", "role=vault", "role=broker");
		assertThat(this.meters.find("aws.refresh.credentials.expiry").gauges())
			.allSatisfy((gauge) -> assertThat(gauge.getId().getBaseUnit()).isEqualTo("seconds"));
	}

	@Test
	void theDurationTimerAddsUpTheAttemptsHeardBeforeAndAfterBinding() {
		this.roles = roles((attempt) -> {
		});
		CredentialsRefreshMetrics metrics = new CredentialsRefreshMetrics(() -> this.roles, Clock.systemUTC());
		metrics.onAttempt(attempt("broker", Outcome.FAILURE, Duration.ofMillis(120)));
		metrics.bindTo(this.meters);
		metrics.onAttempt(attempt("broker", Outcome.SUCCESS, Duration.ofMillis(80)));
		metrics.onAttempt(attempt("vault", Outcome.SUCCESS, Duration.ofMillis(5)));
		assertThat(this.meters.get("aws.refresh.credentials.refresh.duration").tag("role", "broker").functionTimer())
			.satisfies((timer) -> {
				assertThat(timer.count()).isEqualTo(2);
				assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(200);
			});
		assertThat(this.meters.get("aws.refresh.credentials.refresh.duration")
			.tag("role", "vault")
			.functionTimer()
			.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5);
		// The counters read the roles' own status, which no attempt told here reaches.
		assertThat(refreshes("broker", "success")).isZero();
	}

	@Test
	void attemptsOfARunTimeRoleAreCountedUnderItsTagNameNeverItsOwn() {
		this.roles = roles((attempt) -> {
		});
		CredentialsRefreshMetrics metrics = new CredentialsRefreshMetrics(() -> this.roles, Clock.systemUTC());
		metrics.bindTo(this.meters);
		metrics.onAttempt(attempt("audit@123456789012", Outcome.SUCCESS, Duration.ofMillis(30)));
		metrics.onAttempt(attempt("audit@210987654321", Outcome.FAILURE, Duration.ofMillis(10)));
		assertThat(refreshes("audit", "success")).isEqualTo(1);
		assertThat(refreshes("audit", "failure")).isEqualTo(1);
		assertThat(this.meters.get("aws.refresh.credentials.refresh.duration").tag("role", "audit").functionTimer())
			.satisfies((timer) -> {
				assertThat(timer.count()).isEqualTo(2);
				assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
			});
		assertThat(this.meters.getMeters()).extracting((meter) -> meter.getId().getTag("role"))
			.doesNotContain("audit@123456789012", "audit@210987654321");
		// No expiry of its own: it would be one gauge per account.
		assertThat(this.meters.find("aws.refresh.credentials.expiry").tag("role", "audit").gauges()).isEmpty();
	}

	@Test
	void runTimeRolesLeaveNothingBehindOnceTheMetersAreBound() {
		this.roles = roles((attempt) -> {
		});
		CredentialsRefreshMetrics metrics = new CredentialsRefreshMetrics(() -> this.roles, Clock.systemUTC());
		// Before binding, a name cannot be told from a configured role's yet.
		metrics.onAttempt(attempt("audit@111111111111", Outcome.SUCCESS, Duration.ofMillis(30)));
		metrics.bindTo(this.meters);
		for (int account = 0; account < 1000; account++) {
			metrics.onAttempt(attempt("audit@" + (200000000000L + account), Outcome.SUCCESS, Duration.ofMillis(30)));
		}
		assertThat(metrics.timedRoles()).containsExactlyInAnyOrderElementsOf(this.roles.roleNames());
		assertThat(metrics.runTimeTags()).containsExactly("audit");
		// The one heard before binding too.
		assertThat(refreshes("audit", "success")).isEqualTo(1001);
	}

	@Test
	void theExpiryGaugeIsTheTimeLeftOnTheMetersClockNegativeOnceExpiredAndNaNWithoutCredentials() {
		this.roles = roles((attempt) -> {
		});
		SimpleMeterRegistry later = new SimpleMeterRegistry();
		new CredentialsRefreshMetrics(() -> this.roles, clockAt(EXPIRES.minusMillis(90_500))).bindTo(this.meters);
		new CredentialsRefreshMetrics(() -> this.roles, clockAt(EXPIRES.plusSeconds(30))).bindTo(later);
		assertThat(this.roles.get("vault").status().state()).isEqualTo(RefreshState.FRESH);
		assertThat(expiry(this.meters, "vault")).isEqualTo(90.5);
		assertThat(expiry(later, "vault")).isEqualTo(-30.0);
		// Never fetched, and the source credentials, whose expiry is not known here.
		assertThat(expiry(this.meters, "broker")).isNaN();
		assertThat(expiry(this.meters, "default")).isNaN();
	}

	private RoleCredentialsProviders roles(RefreshListener listener) {
		return RoleCredentialsProviders
			.builder(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSOURCE", "source-secret")))
			.role(new RoleDefinition(RoleCredentialsProviders.DEFAULT_ROLE, new RoleSource.Direct(),
					RefreshSettings.DEFAULTS))
			.role(new RoleDefinition("vault", new RoleSource.Custom("vault", (role) -> vaultCredentials()),
					RefreshSettings.DEFAULTS.withDeferRefresh(false)))
			.role(new RoleDefinition("broker", new RoleSource.Custom("broker", this::brokerCredentials),
					RefreshSettings.DEFAULTS))
			.listener(listener)
			.build();
	}

	private static AwsSessionCredentials vaultCredentials() {
		return AwsSessionCredentials.builder()
			.accessKeyId("ASIAVAULT")
			.secretAccessKey("vault-secret")
			.sessionToken("vault-token")
			.expirationTime(EXPIRES)
			.build();
	}

	private AwsSessionCredentials brokerCredentials(String role) throws InterruptedException {
		if (this.brokerCalls.incrementAndGet() > 1) {
			// Closing the roles interrupts the retry.
			this.brokerRetries.await();
		}
		throw new IllegalStateException("the broker is down");
	}

	private double refreshes(String role, String outcome) {
		return this.meters.get("aws.refresh.credentials.refreshes")
			.tags("role", role, "outcome", outcome)
			.functionCounter()
			.count();
	}

	private static double expiry(SimpleMeterRegistry meters, String role) {
		Gauge gauge = meters.get("aws.refresh.credentials.expiry").tag("role", role).gauge();
		return gauge.value();
	}

	// Micrometer keeps a meter's tags sorted by key.
	private static String tags(Meter meter) {
		return String.join(" ", meter.getId().getTags().stream().map(CredentialsRefreshMetricsTests::tag).toList());
	}

	private static String tag(Tag tag) {
		return tag.getKey() + "=" + tag.getValue();
	}

	private static RefreshAttempt attempt(String role, Outcome outcome, Duration duration) {
		Instant startedAt = Instant.parse("2026-12-04T12:00:00Z");
		return RefreshAttempt.builder(role, RoleSource.Kind.CUSTOM, Trigger.SCHEDULED, outcome)
			.timing(startedAt, duration)
			.nextAttempt(startedAt.plus(Duration.ofMinutes(30)))
			.build();
	}

	private static Clock clockAt(Instant instant) {
		return Clock.fixed(instant, ZoneOffset.UTC);
	}

}
