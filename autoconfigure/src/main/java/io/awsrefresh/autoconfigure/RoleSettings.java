package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.time.Duration;

import io.awsrefresh.credentials.AssumeRoleSpec;
import io.awsrefresh.credentials.RefreshSettings;
import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.regions.Region;

/**
 * The settings a named role takes from the default role when it leaves them unset, as
 * checked runtime values: {@code named.orElse(defaultRole).orElse(defaults)} is a role's
 * complete settings, but for the STS region and endpoint, which fall back on
 * {@code aws.refresh.region} and {@code aws.refresh.endpoint} when no role sets them. The
 * fields of the AssumeRole request (role ARN, external id, policies, tags, MFA) belong to
 * one role's trust policy and are not here.
 *
 * @param sessionName role session name
 * @param duration lifetime of each set of assumed-role credentials
 * @param deferRefresh whether the first fetch waits for the first use
 * @param prefetchTime how long before expiry refreshes start; {@code null} in complete
 * settings derives the refresh time from each lifetime
 * @param staleTime how long before expiry credentials stop being handed out
 * @param stsRegion region of the STS endpoint
 * @param stsEndpoint STS endpoint override
 */
record RoleSettings(@Nullable String sessionName, @Nullable Duration duration, @Nullable Boolean deferRefresh,
		@Nullable Duration prefetchTime, @Nullable Duration staleTime, @Nullable Region stsRegion,
		@Nullable URI stsEndpoint) {

	/**
	 * The settings of a role that sets nothing; the STS region and endpoint stay unset.
	 * @param sessionName the default session name
	 * @return the defaults
	 */
	static RoleSettings defaults(String sessionName) {
		RefreshSettings refresh = RefreshSettings.DEFAULTS;
		return new RoleSettings(sessionName, AssumeRoleSpec.DEFAULT_DURATION, refresh.deferRefresh(),
				refresh.prefetchTime(), refresh.staleTime(), null, null);
	}

	/**
	 * These settings, each unset one taken from {@code other}. The STS region and
	 * endpoint go together: a role that sets either takes neither from {@code other},
	 * since a region with another region's endpoint would sign for the wrong region.
	 * @param other the settings to fall back on
	 * @return the merged settings
	 */
	RoleSettings orElse(RoleSettings other) {
		boolean ownSts = this.stsRegion != null || this.stsEndpoint != null;
		return new RoleSettings(or(this.sessionName, other.sessionName), or(this.duration, other.duration),
				or(this.deferRefresh, other.deferRefresh), or(this.prefetchTime, other.prefetchTime),
				or(this.staleTime, other.staleTime), ownSts ? this.stsRegion : other.stsRegion,
				ownSts ? this.stsEndpoint : other.stsEndpoint);
	}

	private static <T> @Nullable T or(@Nullable T value, @Nullable T other) {
		return (value != null) ? value : other;
	}

}
