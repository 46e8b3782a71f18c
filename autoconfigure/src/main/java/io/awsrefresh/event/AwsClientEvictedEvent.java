package io.awsrefresh.event;

import io.awsrefresh.client.AwsClientInfo;
import io.awsrefresh.client.AwsClientListener.EvictionCause;

/**
 * The client registry evicted and closed an evictable client.
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
