package io.awsrefresh.credentials;

import java.time.Duration;

/**
 * Delay before retrying after failed attempts: exponential, capped, with jitter so that
 * many instances that failed together do not retry together.
 *
 * @param initial delay after the first failure, before jitter
 * @param max cap of the delay, before jitter
 */
record Backoff(Duration initial, Duration max) {

	/**
	 * One second after the first failure, doubling up to a minute.
	 */
	static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

	/**
	 * Delay before the next attempt.
	 * @param failures consecutive failed attempts so far (at least one)
	 * @param jitter a random number in [0, 1)
	 * @return the delay in milliseconds, between half and all of the exponential delay
	 */
	long delayMillis(int failures, double jitter) {
		long max = this.max.toMillis();
		long delay = this.initial.toMillis();
		for (int i = 1; i < failures && delay < max; i++) {
			delay *= 2;
		}
		delay = Math.min(delay, max);
		return delay / 2 + (long) (jitter * (delay / 2));
	}

}
