package io.awsrefresh.credentials;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delay before a retry: one second after the first failure, doubling up to a minute
 * once no usable credentials are held and up to five minutes while they are, jittered to
 * between half and all of that; while served, at most half the time they are still
 * served, but never below the one-minute cap of a role that holds nothing. The last
 * attempt a second before the end of what is served is the refresh engine's, tested in
 * {@link RefreshEngineTests}.
 */
class BackoffTests {

	private static final Backoff BACKOFF = Backoff.DEFAULT;

	private static final long SECOND = 1000;

	private static final long MINUTE = 60 * SECOND;

	private static final double HIGHEST_JITTER = Math.nextDown(1.0);

	@Test
	void theDefaultsAreOneSecondThenAMinuteWithoutCredentialsAndFiveMinutesWhileServed() {
		assertThat(BACKOFF.initial()).isEqualTo(Duration.ofSeconds(1));
		assertThat(BACKOFF.max()).isEqualTo(Duration.ofMinutes(1));
		assertThat(BACKOFF.maxWhileServed()).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void withoutCredentialsTheDelayDoublesFromOneSecondUpToAMinute() {
		long[] lowest = new long[8];
		long[] highest = new long[8];
		for (int failures = 1; failures <= 8; failures++) {
			lowest[failures - 1] = BACKOFF.delayMillis(failures, 0);
			highest[failures - 1] = BACKOFF.delayMillis(failures, HIGHEST_JITTER);
		}
		// Half of 1 s, 2 s, 4 s ... 32 s, then of the 1-minute cap (not of 64 s).
		assertThat(lowest).containsExactly(500, 1000, 2000, 4000, 8000, 16000, 30000, 30000);
		assertThat(highest).containsExactly(999, 1999, 3999, 7999, 15999, 31999, 59999, 59999);
	}

	@Test
	void whileServedTheDelayDoublesFromOneSecondUpToFiveMinutes() {
		long servedFor = Duration.ofHours(1).toMillis();
		long[] lowest = new long[11];
		for (int failures = 1; failures <= 11; failures++) {
			lowest[failures - 1] = BACKOFF.delayWhileServedMillis(failures, 0, servedFor);
		}
		// Half of 1 s, 2 s ... 256 s, then of the 5-minute cap (not of 512 s).
		assertThat(lowest).containsExactly(500, 1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 150000, 150000);
		assertThat(BACKOFF.delayWhileServedMillis(11, HIGHEST_JITTER, servedFor)).isEqualTo(5 * MINUTE - 1);
	}

	@Test
	void theJitterSpreadsTheDelayLinearlyBetweenHalfAndAllOfIt() {
		// 4 failures: 8 s before jitter.
		assertThat(BACKOFF.delayMillis(4, 0)).isEqualTo(4000);
		assertThat(BACKOFF.delayMillis(4, 0.25)).isEqualTo(5000);
		assertThat(BACKOFF.delayMillis(4, 0.5)).isEqualTo(6000);
		assertThat(BACKOFF.delayMillis(4, 0.75)).isEqualTo(7000);
		assertThat(BACKOFF.delayWhileServedMillis(4, 0.5, Duration.ofHours(1).toMillis())).isEqualTo(6000);
	}

	@Test
	void everyDrawFallsBetweenHalfAndAllOfTheCappedExponentialDelay() {
		Random random = new Random(20261129L);
		for (int draw = 0; draw < 100_000; draw++) {
			int failures = 1 + random.nextInt(40);
			double jitter = random.nextDouble();
			long servedFor = (long) (random.nextDouble() * Duration.ofHours(12).toMillis());
			long exponential = Math.min(SECOND << Math.min(failures - 1, 30), MINUTE);
			long exponentialWhileServed = Math.min(SECOND << Math.min(failures - 1, 30), 5 * MINUTE);
			long whileServed = Math.min(exponentialWhileServed, Math.max(servedFor / 2, MINUTE));
			assertThat(BACKOFF.delayMillis(failures, jitter)).as("failures %d, jitter %s", failures, jitter)
				.isBetween(exponential / 2, exponential);
			assertThat(BACKOFF.delayWhileServedMillis(failures, jitter, servedFor))
				.as("failures %d, jitter %s, served for %d ms", failures, jitter, servedFor)
				.isBetween(whileServed / 2, whileServed);
		}
	}

	@Test
	void theDelayNeverShrinksAsFailuresGrowAndNeverExceedsItsCap() {
		long servedFor = Duration.ofHours(1).toMillis();
		long previous = 0;
		long previousWhileServed = 0;
		for (int failures = 1; failures <= 64; failures++) {
			long delay = BACKOFF.delayMillis(failures, HIGHEST_JITTER);
			long whileServed = BACKOFF.delayWhileServedMillis(failures, HIGHEST_JITTER, servedFor);
			assertThat(delay).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(MINUTE);
			assertThat(whileServed).isGreaterThanOrEqualTo(previousWhileServed).isLessThanOrEqualTo(5 * MINUTE);
			previous = delay;
			previousWhileServed = whileServed;
		}
	}

	@Test
	void anyNumberOfFailuresStaysAtTheCapWithoutOverflowing() {
		assertThat(BACKOFF.delayMillis(Integer.MAX_VALUE, 0)).isEqualTo(30000);
		assertThat(BACKOFF.delayMillis(Integer.MAX_VALUE, 0.5)).isEqualTo(45000);
		assertThat(BACKOFF.delayWhileServedMillis(Integer.MAX_VALUE, 0, Long.MAX_VALUE)).isEqualTo(150000);
		assertThat(BACKOFF.delayWhileServedMillis(Integer.MAX_VALUE, HIGHEST_JITTER, Long.MAX_VALUE))
			.isEqualTo(5 * MINUTE - 1);
	}

	@Test
	void whileServedTheDelayIsAtMostHalfTheTimeStillServed() {
		// 4 minutes left: at most 2 minutes, instead of the 5-minute cap.
		long fourMinutes = 4 * MINUTE;
		assertThat(BACKOFF.delayWhileServedMillis(20, 0, fourMinutes)).isEqualTo(MINUTE);
		assertThat(BACKOFF.delayWhileServedMillis(20, HIGHEST_JITTER, fourMinutes)).isEqualTo(2 * MINUTE - 1);
		// 7 minutes left: 3.5 minutes cap the exponential 256 s.
		long sevenMinutes = 7 * MINUTE;
		assertThat(BACKOFF.delayWhileServedMillis(9, 0, sevenMinutes)).isEqualTo(105000);
		assertThat(BACKOFF.delayWhileServedMillis(8, 0, sevenMinutes)).isEqualTo(64000);
		// Early failures are not shortened: their delay is already below half.
		assertThat(BACKOFF.delayWhileServedMillis(1, 0, sevenMinutes)).isEqualTo(500);
		Random random = new Random(42L);
		for (int draw = 0; draw < 10_000; draw++) {
			long servedFor = 2 * MINUTE + (long) (random.nextDouble() * Duration.ofHours(1).toMillis());
			long delay = BACKOFF.delayWhileServedMillis(1 + random.nextInt(30), random.nextDouble(), servedFor);
			assertThat(delay).as("served for %d ms", servedFor).isLessThanOrEqualTo(servedFor / 2);
		}
	}

	@Test
	void nearTheEndTheDelayWhileServedIsNeverShorterThanWithoutCredentials() {
		// A minute and a half left: half would be 45 s, but the floor is the 1-minute
		// cap.
		long ninetySeconds = 90 * SECOND;
		assertThat(BACKOFF.delayWhileServedMillis(20, 0, ninetySeconds)).isEqualTo(30000);
		assertThat(BACKOFF.delayWhileServedMillis(20, HIGHEST_JITTER, ninetySeconds)).isEqualTo(59999);
		// With two minutes or less left, while served is the same as without credentials.
		Random random = new Random(7L);
		for (int draw = 0; draw < 10_000; draw++) {
			int failures = 1 + random.nextInt(30);
			double jitter = random.nextDouble();
			long servedFor = (long) (random.nextDouble() * 2 * MINUTE);
			assertThat(BACKOFF.delayWhileServedMillis(failures, jitter, servedFor))
				.as("failures %d, jitter %s, served for %d ms", failures, jitter, servedFor)
				.isEqualTo(BACKOFF.delayMillis(failures, jitter));
		}
		// And with any time left, never shorter.
		for (int draw = 0; draw < 10_000; draw++) {
			int failures = 1 + random.nextInt(30);
			double jitter = random.nextDouble();
			long servedFor = (long) (random.nextDouble() * Duration.ofHours(12).toMillis());
			assertThat(BACKOFF.delayWhileServedMillis(failures, jitter, servedFor))
				.isGreaterThanOrEqualTo(BACKOFF.delayMillis(failures, jitter));
		}
	}

	@Test
	void nothingLeftToServeBacksOffAsWithoutCredentials() {
		for (int failures = 1; failures <= 10; failures++) {
			assertThat(BACKOFF.delayWhileServedMillis(failures, 0.5, 0)).isEqualTo(BACKOFF.delayMillis(failures, 0.5));
		}
	}

	@Test
	void anotherBackoffKeepsToItsOwnInitialDelayAndCaps() {
		Backoff fast = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(3));
		long[] lowest = new long[7];
		long[] lowestWhileServed = new long[7];
		for (int failures = 1; failures <= 7; failures++) {
			lowest[failures - 1] = fast.delayMillis(failures, 0);
			lowestWhileServed[failures - 1] = fast.delayWhileServedMillis(failures, 0, Duration.ofHours(1).toMillis());
		}
		assertThat(lowest).containsExactly(50, 100, 200, 400, 500, 500, 500);
		assertThat(lowestWhileServed).containsExactly(50, 100, 200, 400, 800, 1500, 1500);
		// Half the time left caps it (4 s left: 2 s), down to its short cap (1.5 s left:
		// 1 s, not 0.75 s).
		assertThat(fast.delayWhileServedMillis(7, 0, 4 * SECOND)).isEqualTo(1000);
		assertThat(fast.delayWhileServedMillis(7, 0, 1500)).isEqualTo(500);
	}

}
