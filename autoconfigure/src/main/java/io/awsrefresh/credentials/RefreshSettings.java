package io.awsrefresh.credentials;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * When credentials are fetched and renewed.
 *
 * @param deferRefresh whether the first fetch waits for the first use; when {@code false}
 * it happens at startup. Later refreshes always run in the background.
 * @param prefetchTime how long before expiry the background refresh may start (at a
 * random time in the first half of the window up to the stale time), or {@code null} to
 * derive the refresh time from the lifetime of each set of credentials fetched: a random
 * time while 60% to 50% of it is left. Credentials that live no longer than an explicit
 * prefetch time are refreshed the same way.
 * @param staleTime how long before expiry a caller stops being handed the credentials
 * without a fetch: from then on, a caller waits for a fetch when nothing has failed.
 * While fetches fail, the credentials are still served up to a safety margin before
 * expiry. Derived refresh times cap it at a fifth of the lifetime.
 * @since 0.1.0
 */
public record RefreshSettings(boolean deferRefresh, @Nullable Duration prefetchTime, Duration staleTime) {

	public RefreshSettings {
		if (staleTime.isNegative() || staleTime.isZero()) {
			throw new IllegalArgumentException("staleTime (" + staleTime + ") must be positive");
		}
		if (prefetchTime != null && staleTime.compareTo(prefetchTime) >= 0) {
			throw new IllegalArgumentException("staleTime (" + staleTime + ") must be shorter than prefetchTime ("
					+ prefetchTime + "), so that refreshes start before credentials go stale");
		}
	}

	/**
	 * The defaults: deferred, the refresh time derived from each lifetime, stale 1 minute
	 * before expiry.
	 */
	public static final RefreshSettings DEFAULTS = new RefreshSettings(true, null, Duration.ofMinutes(1));

	/**
	 * These settings, with the first fetch at startup or on first use.
	 * @param deferRefresh {@code true} to fetch on first use
	 * @return new settings
	 */
	public RefreshSettings withDeferRefresh(boolean deferRefresh) {
		return new RefreshSettings(deferRefresh, this.prefetchTime, this.staleTime);
	}

	/**
	 * These settings, with another prefetch time.
	 * @param prefetchTime how long before expiry the refresh may start, or {@code null}
	 * to derive it from each lifetime
	 * @return new settings
	 * @throws IllegalArgumentException if the stale time is not shorter
	 */
	public RefreshSettings withPrefetchTime(@Nullable Duration prefetchTime) {
		return new RefreshSettings(this.deferRefresh, prefetchTime, this.staleTime);
	}

	/**
	 * These settings, with another stale time.
	 * @param staleTime how long before expiry a caller waits for a fetch when nothing has
	 * failed
	 * @return new settings
	 * @throws IllegalArgumentException if it is not positive, or not shorter than the
	 * prefetch time
	 */
	public RefreshSettings withStaleTime(Duration staleTime) {
		return new RefreshSettings(this.deferRefresh, this.prefetchTime, staleTime);
	}

}
