package io.awsrefresh.autoconfigure.actuate;

import io.awsrefresh.autoconfigure.AwsClientRegistryAutoConfiguration;
import io.awsrefresh.autoconfigure.ConditionalOnAwsRefreshFlag;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.observation.SdkCallObservations;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of a Micrometer Observation for every SDK call the registry's
 * clients make ({@code aws.refresh.sdk-observations.enabled}): spans with Micrometer
 * Tracing, timers with Micrometer.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AwsClientRegistryAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean({ ObservationRegistry.class, AwsClientRegistry.class })
@ConditionalOnAwsRefreshFlag("aws.refresh.sdk-observations.enabled")
public final class AwsRefreshObservationAutoConfiguration {

	// A customizer of every client the registry builds: the registry takes every
	// customizer when it is created, after this definition exists.
	@Bean
	SdkCallObservations awsRefreshSdkCallObservations(ObservationRegistry registry,
			ObjectProvider<RoleCredentialsProviders> roles) {
		return new SdkCallObservations(registry, RoleTagNames.of(roles));
	}

}
