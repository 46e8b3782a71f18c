package io.awsrefresh.autoconfigure.actuate;

import java.time.Clock;

import io.awsrefresh.autoconfigure.AwsClientRegistryAutoConfiguration;
import io.awsrefresh.autoconfigure.AwsRefreshCredentialsAutoConfiguration;
import io.awsrefresh.autoconfigure.ConditionalOnAwsRefreshFlag;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.metrics.AwsClientRegistryMetrics;
import io.awsrefresh.metrics.CredentialsRefreshMetrics;
import io.awsrefresh.metrics.SdkMetricsPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of Micrometer meters for credentials refreshes, the client registry
 * (Spring Boot binds both to every meter registry) and every SDK call the registry's
 * clients make ({@code aws.refresh.sdk-metrics.enabled}).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { AwsRefreshCredentialsAutoConfiguration.class, AwsClientRegistryAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(RoleCredentialsProviders.class)
public final class AwsRefreshMetricsAutoConfiguration {

	// Also a refresh listener, which the roles' providers take when they are built; they
	// are asked for only when meters are bound.
	// Only with a meter registry: unbound, it would time every run-time role it hears of.
	@Bean
	@ConditionalOnBean(MeterRegistry.class)
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

		// A customizer of every client the registry builds: it is defined before the
		// registry is created, which takes every customizer then.
		@Bean
		@ConditionalOnBean({ MeterRegistry.class, AwsClientRegistry.class })
		@ConditionalOnAwsRefreshFlag("aws.refresh.sdk-metrics.enabled")
		SdkMetricsPublisher awsRefreshSdkMetricsPublisher(MeterRegistry meters,
				ObjectProvider<RoleCredentialsProviders> roles) {
			return new SdkMetricsPublisher(meters, RoleTagNames.of(roles));
		}

	}

}
