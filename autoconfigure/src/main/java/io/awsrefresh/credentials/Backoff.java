package io.awsrefresh.credentials;

import java.time.Duration;

/**
 * Delay before retrying after failed attempts: exponential, capped, with jitter so that
 * many instances that failed together do not retry together. Two caps: a short one once
 * no usable credentials are held (callers are failing, so try again soon), and a long one
 * while usable credentials are still served (callers are fine, so a fleet does not hammer
 * a recovering STS), shortened to half the time they are still served as their end nears,
 * but never below the short cap: a fleet whose credentials end together must not retry
 * faster near the end than it would after it.
 *
 * @param initial delay after the first failure, before jitter
 * @param max cap of the delay once no usable credentials are held, before jitter
 * @param maxWhileServed cap of the delay while usable credentials are held, before jitter
 */
record Backoff(Duration initial, Duration max, Duration maxWhileServed) {

	/**
	 * One second after the first failure, doubling up to a minute without usable
	 * credentials and up to five minutes with them.
	 */
	static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(5));

	/**
	 * Delay before the next attempt when no usable credentials are held.
	 * @param failures consecutive failed attempts so far (at least one)
	 * @param jitter a random number in [0, 1)
	 * @return the delay in milliseconds, between half and all of the exponential delay
	 */
	long delayMillis(int failures, double jitter) {
		return jittered(exponential(failures, this.max.toMillis()), jitter);
	}

	/**
	 * Delay before the next attempt while usable credentials are held: the exponential
	 * delay up to {@link #maxWhileServed()}, but at most half the time they are still
	 * served, or {@link #max()} if that is longer.
	 * @param failures consecutive failed attempts so far (at least one)
	 * @param jitter a random number in [0, 1)
	 * @param servedForMillis how long the credentials held are still served
	 * @return the delay in milliseconds, between half and all of that delay
	 */
	long delayWhileServedMillis(int failures, double jitter, long servedForMillis) {
		long nearEnd = Math.max(servedForMillis / 2, this.max.toMillis());
		return jittered(Math.min(exponential(failures, this.maxWhileServed.toMillis()), nearEnd), jitter);
	}

	private long exponential(int failures, long max) {
		long delay = this.initial.toMillis();
		for (int i = 1; i < failures && delay < max; i++) {
			delay *= 2;
		}
		return Math.min(delay, max);
	}

	private static long jittered(long delay, double jitter) {
		return delay / 2 + (long) (jitter * (delay / 2));
	}

}
