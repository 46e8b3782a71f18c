package io.awsrefresh.credentials;

/**
 * Where a role's credentials stand.
 *
 * @since 0.1.0
 */
public enum RefreshState {

	/**
	 * Nothing fetched and nothing tried yet: a role with {@code defer-refresh: true} that
	 * nobody has used.
	 */
	PENDING,

	/**
	 * Valid credentials, the next refresh scheduled.
	 */
	FRESH,

	/**
	 * A fetch is in flight; valid credentials are served meanwhile if there are any.
	 */
	REFRESHING,

	/**
	 * The last attempt failed and a retry is scheduled; the current credentials are still
	 * valid and served.
	 */
	BACKING_OFF,

	/**
	 * The credentials are inside their stale time and are no longer handed out: callers
	 * wait for the fetch in flight, or fail at once while the role is failing.
	 */
	STALE,

	/**
	 * No usable credentials: they have expired, or none was ever obtained and the last
	 * attempt failed.
	 */
	EXPIRED,

	/**
	 * The source credentials are used as they are; their source (the SDK's own provider)
	 * keeps them fresh.
	 */
	SOURCE_MANAGED

}
