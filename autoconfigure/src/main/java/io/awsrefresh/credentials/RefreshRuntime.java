package io.awsrefresh.credentials;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;

/**
 * What every role's refresh engine shares: the clock, the timer, the threads that fetch,
 * the backoff, how long a caller may wait for a fetch in flight, and the limit of log
 * lines.
 *
 * @param clock wall clock, compared with credential expiry
 * @param timer schedules background refreshes and retries
 * @param fetches runs fetches, off the callers' threads
 * @param backoff delay between failed attempts
 * @param maxWait longest a caller without valid credentials waits for a fetch in flight
 * @param warnInterval shortest time between two warnings about a role that keeps failing
 * @param jitter random numbers in [0, 1)
 * @param logLimit how many WARN and INFO lines the roles write together
 */
record RefreshRuntime(Clock clock, RefreshTimer timer, Executor fetches, Backoff backoff, Duration maxWait,
		Duration warnInterval, DoubleSupplier jitter, RefreshLogLimit logLimit) {

	static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(10);

	static final Duration DEFAULT_WARN_INTERVAL = Duration.ofMinutes(5);

	/**
	 * A runtime whose roles write at most {@value RefreshLogLimit#LINES_PER_MINUTE} WARN
	 * and INFO lines a minute together.
	 * @param clock wall clock, compared with credential expiry
	 * @param timer schedules background refreshes and retries
	 * @param fetches runs fetches, off the callers' threads
	 * @param backoff delay between failed attempts
	 * @param maxWait longest a caller without valid credentials waits for a fetch in
	 * flight
	 * @param warnInterval shortest time between two warnings about a role that keeps
	 * failing
	 * @param jitter random numbers in [0, 1)
	 */
	RefreshRuntime(Clock clock, RefreshTimer timer, Executor fetches, Backoff backoff, Duration maxWait,
			Duration warnInterval, DoubleSupplier jitter) {
		this(clock, timer, fetches, backoff, maxWait, warnInterval, jitter, new RefreshLogLimit(clock, timer));
	}

	/**
	 * The same, with fetches run by the given executor: a role's lane of the shared
	 * threads.
	 * @param fetches runs the role's fetches
	 * @return the runtime
	 */
	RefreshRuntime withFetches(Executor fetches) {
		return new RefreshRuntime(this.clock, this.timer, fetches, this.backoff, this.maxWait, this.warnInterval,
				this.jitter, this.logLimit);
	}

}
