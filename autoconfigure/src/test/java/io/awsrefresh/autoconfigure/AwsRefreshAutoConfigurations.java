package io.awsrefresh.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfigurations;

/**
 * The auto-configurations tests start together, named once.
 */
public final class AwsRefreshAutoConfigurations {

	/**
	 * Credentials alone: the roles, their providers and the startup check.
	 */
	public static final AutoConfigurations CREDENTIALS = AutoConfigurations
		.of(AwsRefreshCredentialsAutoConfiguration.class);

	/**
	 * Credentials, the shared HTTP clients and the client registry: what injects clients.
	 */
	public static final AutoConfigurations CLIENTS = AutoConfigurations.of(AwsRefreshHttpClientAutoConfiguration.class,
			AwsRefreshCredentialsAutoConfiguration.class, AwsClientRegistryAutoConfiguration.class);

	private AwsRefreshAutoConfigurations() {
	}

}
