package io.awsrefresh.test;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for what a background thread does (a refresh, a retry, a request reaching a stub)
 * by polling a condition every 20 ms, within a bound. The one wait helper of the tests: a
 * test waits on what it can observe, never for a fixed time.
 */
public final class Await {

	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	private static final long POLL_MILLIS = 20;

	private Await() {
	}

	/**
	 * Wait until a condition holds, for at most 30 seconds.
	 * @param condition the condition, which may do work (a call) each time it is asked
	 * @throws AssertionError if it does not hold in time
	 */
	public static void until(BooleanSupplier condition) {
		until(condition, DEFAULT_TIMEOUT);
	}

	/**
	 * Wait until a condition holds.
	 * @param condition the condition, which may do work (a call) each time it is asked
	 * @param timeout how long to wait at most
	 * @throws AssertionError if it does not hold in time
	 */
	public static void until(BooleanSupplier condition, Duration timeout) {
		if (!atMost(timeout, condition)) {
			throw new AssertionError("Waited " + timeout.toMillis() + " ms for a condition that never held");
		}
	}

	/**
	 * Wait until a condition holds or a timeout passes, for measurements where either is
	 * an outcome (how the plain SDK provider fares, say).
	 * @param timeout how long to wait at most
	 * @param condition the condition
	 * @return whether the condition held
	 */
	public static boolean atMost(Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() >= deadline) {
				return false;
			}
			try {
				Thread.sleep(POLL_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted while waiting", ex);
			}
		}
		return true;
	}

}
