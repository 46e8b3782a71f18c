package io.awsrefresh.credentials;

import java.time.Duration;

/**
 * When credentials are fetched and renewed.
 *
 * @param deferRefresh whether the first STS call waits for the first use; when
 * {@code false} it happens at startup and later refreshes run in the background
 * @param prefetchTime how long before expiry a refresh starts
 * @param staleTime how long before expiry credentials are no longer handed out
 * @since 0.1.0
 */
public record RefreshSettings(boolean deferRefresh, Duration prefetchTime, Duration staleTime) {

	/**
	 * The SDK's defaults: deferred, prefetch 5 minutes and stale 1 minute before expiry.
	 */
	public static final RefreshSettings DEFAULTS = new RefreshSettings(true, Duration.ofMinutes(5),
			Duration.ofMinutes(1));

}
