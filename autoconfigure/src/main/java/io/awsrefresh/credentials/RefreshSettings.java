package io.awsrefresh.credentials;

import java.time.Duration;

/**
 * When credentials are fetched and renewed.
 *
 * @param deferRefresh whether the first fetch waits for the first use; when {@code false}
 * it happens at startup. Later refreshes always run in the background.
 * @param prefetchTime how long before expiry the background refresh may start (at a
 * random time in the first half of the window up to the stale time)
 * @param staleTime how long before expiry credentials are no longer handed out
 * @since 0.1.0
 */
public record RefreshSettings(boolean deferRefresh, Duration prefetchTime, Duration staleTime) {

	public RefreshSettings {
		if (staleTime.isNegative() || staleTime.isZero() || staleTime.compareTo(prefetchTime) >= 0) {
			throw new IllegalArgumentException("staleTime (" + staleTime + ") must be positive and shorter than "
					+ "prefetchTime (" + prefetchTime + "), so that refreshes start before credentials go stale");
		}
	}

	/**
	 * The defaults: deferred, prefetch 5 minutes and stale 1 minute before expiry.
	 */
	public static final RefreshSettings DEFAULTS = new RefreshSettings(true, Duration.ofMinutes(5),
			Duration.ofMinutes(1));

}
