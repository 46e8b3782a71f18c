package io.awsrefresh.event;

import io.awsrefresh.client.AwsClientInfo;

import org.springframework.context.ApplicationEvent;

/**
 * The client registry built or evicted a client.
 *
 * @since 0.1.0
 */
public abstract sealed class AwsClientEvent extends ApplicationEvent
		permits AwsClientCreatedEvent, AwsClientEvictedEvent {

	AwsClientEvent(AwsClientInfo client) {
		super(client);
	}

	/**
	 * The client: type, role, region, endpoint.
	 * @return the client
	 */
	public AwsClientInfo getClient() {
		return (AwsClientInfo) getSource();
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + getClient() + "]";
	}

}
