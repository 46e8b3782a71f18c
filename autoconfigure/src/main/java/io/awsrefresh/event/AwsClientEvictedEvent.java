package io.awsrefresh.event;

import io.awsrefresh.client.AwsClientInfo;
import io.awsrefresh.client.AwsClientListener.EvictionCause;

/**
 * The client registry evicted and closed a client: an evictable one, or a pinned one
 * whose run-time role is gone ({@code ROLE_REMOVED}).
 *
 * @since 0.1.0
 */
public final class AwsClientEvictedEvent extends AwsClientEvent {

	private final EvictionCause cause;

	/**
	 * Create the event.
	 * @param client the client
	 * @param cause why it was evicted
	 */
	public AwsClientEvictedEvent(AwsClientInfo client, EvictionCause cause) {
		super(client);
		this.cause = cause;
	}

	/**
	 * Why the client was evicted.
	 * @return the cause
	 */
	public EvictionCause getCause() {
		return this.cause;
	}

	@Override
	public String toString() {
		return "AwsClientEvictedEvent[" + getClient() + ", cause=" + this.cause + "]";
	}

}
