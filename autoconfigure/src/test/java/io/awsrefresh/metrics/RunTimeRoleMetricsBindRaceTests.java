package io.awsrefresh.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.awsrefresh.credentials.RefreshAttempt;
import io.awsrefresh.credentials.RefreshAttempt.Outcome;
import io.awsrefresh.credentials.RefreshAttempt.Trigger;
import io.awsrefresh.credentials.RoleSource;
import io.awsrefresh.credentials.RunTimeRoleFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Run-time roles' attempts heard while the meters are being bound: the binding moves the
 * attempts heard before it from their role's name to their tag name, and an attempt heard
 * meanwhile must end up there too, not under a role name the binding already went past.
 * <p>
 * The binding is made slow by many run-time roles heard before it (an application that
 * asked for a template's role in many accounts while starting), and attempts of further
 * accounts are heard on another thread all through it. With a correct binding no trial
 * can lose an attempt; a binding that reads the role names once and then sets itself
 * bound leaves behind every name heard in between.
 */
class RunTimeRoleMetricsBindRaceTests {

	private static final int HEARD_BEFORE = 20_000;

	private static final int TRIALS = 20;

	@Test
	void attemptsHeardWhileTheMetersAreBoundAreCountedUnderTheirTagName() throws Exception {
		for (int trial = 0; trial < TRIALS; trial++) {
			try (RunTimeRoleFixture fixture = new RunTimeRoleFixture()) {
				CredentialsRefreshMetrics metrics = new CredentialsRefreshMetrics(fixture::providers,
						Clock.systemUTC());
				for (int account = 0; account < HEARD_BEFORE; account++) {
					metrics.onAttempt(attempt(100_000_000_000L + account));
				}
				AtomicBoolean bound = new AtomicBoolean();
				AtomicLong heardMeanwhile = new AtomicLong();
				CountDownLatch hearing = new CountDownLatch(1);
				Thread other = new Thread(() -> {
					long account = 900_000_000_000L;
					while (!bound.get()) {
						metrics.onAttempt(attempt(account++));
						heardMeanwhile.incrementAndGet();
						hearing.countDown();
					}
				});
				other.start();
				assertThat(hearing.await(30, TimeUnit.SECONDS)).isTrue();
				SimpleMeterRegistry meters = new SimpleMeterRegistry();
				metrics.bindTo(meters);
				bound.set(true);
				other.join(TimeUnit.SECONDS.toMillis(30));
				assertThat(other.isAlive()).isFalse();
				double counted = meters.get("aws.refresh.credentials.refreshes")
					.tags("role", "audit", "outcome", "success")
					.functionCounter()
					.count();
				assertThat(metrics.timedRoles()).as("trial %d: run-time role names left behind by the binding", trial)
					.isSubsetOf(fixture.providers().roleNames());
				assertThat(counted).as("trial %d: attempts counted under role=audit", trial)
					.isEqualTo(HEARD_BEFORE + heardMeanwhile.get());
			}
		}
	}

	private static RefreshAttempt attempt(long account) {
		Instant now = Instant.now();
		return RefreshAttempt
			.builder("audit@" + account, RoleSource.Kind.ASSUME_ROLE, Trigger.FIRST_USE, Outcome.SUCCESS)
			.timing(now, Duration.ofMillis(3))
			.nextAttempt(now.plus(Duration.ofMinutes(45)))
			.build();
	}

}
