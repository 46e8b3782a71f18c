package io.awsrefresh.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.awsrefresh.credentials.RefreshAttempt.Outcome;
import io.awsrefresh.credentials.RefreshAttempt.Trigger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One role's history, for its status: how many attempts succeeded and failed, and only
 * the last success and the last failure, each kept apart from the other, in the order the
 * attempts are told, when they finished (start plus duration); however many attempts
 * there are, it holds no more than those two.
 */
class RefreshHistoryTests {

	private static final Instant T = Instant.parse("2026-11-29T12:00:00Z");

	private final RefreshHistory history = new RefreshHistory();

	@Test
	void aNewHistoryHasNoAttempts() {
		assertThat(this.history.refreshes()).isZero();
		assertThat(this.history.failures()).isZero();
		assertThat(this.history.lastSuccess()).isNull();
		assertThat(this.history.lastFailure()).isNull();
		assertThat(this.history.lastFailedAttempt()).isNull();
	}

	@Test
	void aSuccessIsCountedAndRememberedWhenItFinished() {
		this.history.onAttempt(success(T, Duration.ofMillis(120)));
		assertThat(this.history.refreshes()).isOne();
		assertThat(this.history.failures()).isZero();
		assertThat(this.history.lastSuccess()).isEqualTo(T.plusMillis(120));
		assertThat(this.history.lastFailure()).isNull();
		assertThat(this.history.lastFailedAttempt()).isNull();
	}

	@Test
	void aFailureIsCountedAndRememberedWithItsAttempt() {
		RefreshAttempt failure = failure(T, Duration.ofSeconds(2), 1);
		this.history.onAttempt(failure);
		assertThat(this.history.refreshes()).isZero();
		assertThat(this.history.failures()).isOne();
		assertThat(this.history.lastSuccess()).isNull();
		assertThat(this.history.lastFailure()).isEqualTo(T.plusSeconds(2));
		assertThat(this.history.lastFailedAttempt()).isSameAs(failure);
	}

	@Test
	void eachKindKeepsItsLastAttemptAndARecoveryDoesNotForgetTheFailures() {
		RefreshAttempt firstFailure = failure(T.plusSeconds(10), Duration.ofMillis(200), 1);
		RefreshAttempt secondFailure = failure(T.plusSeconds(20), Duration.ofMillis(300), 2);
		this.history.onAttempt(success(T, Duration.ofMillis(100)));
		this.history.onAttempt(firstFailure);
		this.history.onAttempt(secondFailure);
		assertThat(this.history.lastSuccess()).isEqualTo(T.plusMillis(100));
		assertThat(this.history.lastFailure()).isEqualTo(T.plusSeconds(20).plusMillis(300));
		assertThat(this.history.lastFailedAttempt()).isSameAs(secondFailure);
		this.history.onAttempt(success(T.plusSeconds(30), Duration.ofMillis(150)));
		assertThat(this.history.refreshes()).isEqualTo(2);
		assertThat(this.history.failures()).isEqualTo(2);
		assertThat(this.history.lastSuccess()).isEqualTo(T.plusSeconds(30).plusMillis(150));
		// The failures stay in the status after the role recovered.
		assertThat(this.history.lastFailure()).isEqualTo(T.plusSeconds(20).plusMillis(300));
		assertThat(this.history.lastFailedAttempt()).isSameAs(secondFailure);
	}

	@Test
	void theLastAttemptToldIsKeptAsTheRefreshEngineTellsThemInOrder() {
		RefreshAttempt later = failure(T.plusSeconds(60), Duration.ofMillis(100), 1);
		RefreshAttempt earlier = failure(T, Duration.ofMillis(100), 2);
		this.history.onAttempt(later);
		this.history.onAttempt(earlier);
		assertThat(this.history.lastFailedAttempt()).isSameAs(earlier);
		assertThat(this.history.lastFailure()).isEqualTo(T.plusMillis(100));
	}

	@Test
	void anyNumberOfAttemptsIsCountedWhileOnlyTheLastOfEachKindIsKept() {
		RefreshAttempt lastFailure = null;
		for (int i = 0; i < 10_000; i++) {
			Instant startedAt = T.plusSeconds(i);
			if (i % 4 == 3) {
				lastFailure = failure(startedAt, Duration.ofMillis(50), 1);
				this.history.onAttempt(lastFailure);
			}
			else {
				this.history.onAttempt(success(startedAt, Duration.ofMillis(50)));
			}
		}
		assertThat(this.history.refreshes()).isEqualTo(7500);
		assertThat(this.history.failures()).isEqualTo(2500);
		assertThat(this.history.lastSuccess()).isEqualTo(T.plusSeconds(9998).plusMillis(50));
		assertThat(this.history.lastFailedAttempt()).isSameAs(lastFailure);
		assertThat(this.history.lastFailure()).isEqualTo(T.plusSeconds(9999).plusMillis(50));
	}

	@Test
	void attemptsToldFromManyThreadsAreAllCounted() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> tellers = new ArrayList<>();
			for (int thread = 0; thread < 8; thread++) {
				boolean succeeding = thread % 2 == 0;
				tellers.add(threads.submit(() -> {
					start.await();
					for (int i = 0; i < 1000; i++) {
						this.history.onAttempt(succeeding ? success(T, Duration.ZERO) : failure(T, Duration.ZERO, 1));
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> teller : tellers) {
				teller.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(this.history.refreshes()).isEqualTo(4000);
		assertThat(this.history.failures()).isEqualTo(4000);
	}

	private static RefreshAttempt success(Instant startedAt, Duration duration) {
		return RefreshAttempt.builder("app", RoleSource.Kind.ASSUME_ROLE, Trigger.SCHEDULED, Outcome.SUCCESS)
			.timing(startedAt, duration)
			.expiration(startedAt.plus(Duration.ofHours(1)))
			.nextAttempt(startedAt.plus(Duration.ofMinutes(27)))
			.build();
	}

	private static RefreshAttempt failure(Instant startedAt, Duration duration, int attempt) {
		return RefreshAttempt
			.builder("app", RoleSource.Kind.ASSUME_ROLE, (attempt > 1) ? Trigger.RETRY : Trigger.SCHEDULED,
					Outcome.FAILURE)
			.attempt(attempt)
			.timing(startedAt, duration)
			.error("STS answered ServiceUnavailable (Service unavailable; HTTP 503)", "ServiceUnavailable")
			.nextAttempt(startedAt.plusSeconds(1))
			.build();
	}

}
