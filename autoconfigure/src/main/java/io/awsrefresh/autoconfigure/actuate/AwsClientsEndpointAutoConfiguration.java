package io.awsrefresh.autoconfigure.actuate;

import io.awsrefresh.actuate.AwsClientsEndpoint;
import io.awsrefresh.autoconfigure.AwsClientRegistryAutoConfiguration;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.credentials.RoleCredentialsProviders;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code awsclients} Actuator endpoint. Like every endpoint, it
 * is exposed over HTTP only when listed in
 * {@code management.endpoints.web.exposure.include}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AwsClientRegistryAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean({ RoleCredentialsProviders.class, AwsClientRegistry.class })
public final class AwsClientsEndpointAutoConfiguration {

	// The condition is on the method: its class is only loaded once the class condition
	// has passed.
	@Bean
	@ConditionalOnAvailableEndpoint
	@ConditionalOnMissingBean
	AwsClientsEndpoint awsClientsEndpoint(RoleCredentialsProviders roles, AwsClientRegistry registry) {
		return new AwsClientsEndpoint(roles, registry);
	}

}
