package io.awsrefresh.autoconfigure.actuate;

import java.time.Clock;

import io.awsrefresh.autoconfigure.AwsClientRegistryAutoConfiguration;
import io.awsrefresh.autoconfigure.AwsRefreshCredentialsAutoConfiguration;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.metrics.AwsClientRegistryMetrics;
import io.awsrefresh.metrics.CredentialsRefreshMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of Micrometer meters for credentials refreshes and the client
 * registry. Spring Boot binds them to every meter registry.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { AwsRefreshCredentialsAutoConfiguration.class, AwsClientRegistryAutoConfiguration.class })
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(RoleCredentialsProviders.class)
public final class AwsRefreshMetricsAutoConfiguration {

	// Also a refresh listener, which the roles' providers take when they are built; they
	// are asked for only when meters are bound.
	@Bean
	CredentialsRefreshMetrics awsRefreshCredentialsMetrics(ObjectProvider<RoleCredentialsProviders> roles) {
		return new CredentialsRefreshMetrics(roles::getObject, Clock.systemUTC());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AwsClientRegistry.class)
	static class ClientRegistryMetricsConfiguration {

		@Bean
		@ConditionalOnBean(AwsClientRegistry.class)
		AwsClientRegistryMetrics awsRefreshClientRegistryMetrics(AwsClientRegistry registry) {
			return new AwsClientRegistryMetrics(registry);
		}

	}

}
