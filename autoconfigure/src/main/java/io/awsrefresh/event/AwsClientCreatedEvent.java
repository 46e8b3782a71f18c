package io.awsrefresh.event;

import io.awsrefresh.client.AwsClientInfo;

/**
 * The client registry built a client and now holds it.
 *
 * @since 0.1.0
 */
public final class AwsClientCreatedEvent extends AwsClientEvent {

	/**
	 * Create the event.
	 * @param client the client
	 */
	public AwsClientCreatedEvent(AwsClientInfo client) {
		super(client);
	}

}
