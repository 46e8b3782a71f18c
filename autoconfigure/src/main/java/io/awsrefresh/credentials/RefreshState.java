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
	 * A fetch is in flight; valid credentials are served meanwhile if there are any. A
	 * role that is failing without usable credentials stays {@link #EXPIRED} while it
	 * retries.
	 */
	REFRESHING,

	/**
	 * The last attempt failed and a retry is scheduled; the current credentials are fresh
	 * and served. Retries back off up to minutes apart, more often as the credentials'
	 * end nears.
	 */
	BACKING_OFF,

	/**
	 * The credentials are inside their stale time. While the role is failing they are
	 * still served, up to a safety margin before they expire (static stability), and
	 * retries come more often as that nears; otherwise a caller waits for the fetch in
	 * flight.
	 */
	STALE,

	/**
	 * No usable credentials: they have expired, or are within the safety margin of their
	 * expiry while the role is failing, or none was ever obtained and the last attempt
	 * failed. Callers fail at once; retries come every few seconds, backing off to a
	 * minute.
	 */
	EXPIRED,

	/**
	 * The source credentials are used as they are; their source (the SDK's own provider)
	 * keeps them fresh.
	 */
	SOURCE_MANAGED

}
