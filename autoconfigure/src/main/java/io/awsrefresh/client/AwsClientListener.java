package io.awsrefresh.client;

/**
 * Told when the registry builds a client and when it evicts one: the place for events,
 * metrics or audit logs. Called on the thread that built or evicted the client; keep it
 * quick. An exception thrown here is logged and otherwise ignored.
 *
 * @since 0.1.0
 */
public interface AwsClientListener {

	/**
	 * A client was built and is now held by the registry.
	 * @param client the client
	 */
	default void onCreated(AwsClientInfo client) {
	}

	/**
	 * An evictable client was evicted and closed, or a client of a run-time role that is
	 * gone.
	 * @param client the client
	 * @param cause why
	 */
	default void onEvicted(AwsClientInfo client, EvictionCause cause) {
	}

	/**
	 * Why a client left the registry's cache.
	 */
	enum EvictionCause {

		/**
		 * The cache was full ({@code aws.refresh.cache.max-size}).
		 */
		SIZE,

		/**
		 * Unused for longer than {@code aws.refresh.cache.expire-after-access}.
		 */
		EXPIRED,

		/**
		 * Evicted on request, such as through the {@code awsclients} endpoint.
		 */
		REQUESTED,

		/**
		 * Its role is gone: a run-time role evicted from its cache. Such a client may
		 * have been pinned.
		 */
		ROLE_REMOVED

	}

}
