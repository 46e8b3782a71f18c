package io.awsrefresh.autoconfigure;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.awsrefresh.client.AwsClientCustomizer;
import io.awsrefresh.client.AwsClientListener;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.autoconfigure.ClientSettings.ServiceOverride;
import io.awsrefresh.client.SharedClientResources;
import io.awsrefresh.credentials.RoleCredentialsProviders;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@link AwsClientRegistry} and of an injectable bean for every
 * SDK client interface on the classpath and every role.
 *
 * @since 0.1.0
 */
// Before Spring Cloud AWS's client auto-configurations (SpringCloudAws.ORDER), which
// define a client only when none exists: its templates and listeners then use the
// registry's clients.
@AutoConfiguration(
		after = { AwsRefreshCredentialsAutoConfiguration.class, AwsRefreshHttpClientAutoConfiguration.class })
@AutoConfigureOrder(SpringCloudAws.ORDER)
@ConditionalOnClass(Caffeine.class)
@ConditionalOnAwsRefreshFlag(AwsRefreshFlags.ENABLED)
@ConditionalOnBean(RoleCredentialsProviders.class)
@Import({ AwsRefreshModelConfiguration.class, AwsClientBeanRegistrar.class })
@ImportRuntimeHints(AwsRefreshRuntimeHints.class)
public final class AwsClientRegistryAutoConfiguration {

	// Built at startup under spring.main.lazy-initialization=true too, like the
	// credentials it serves.
	@Bean
	static LazyInitializationExcludeFilter awsClientRegistryLazyInitializationExcludeFilter() {
		return LazyInitializationExcludeFilter.forBeanTypes(AwsClientRegistry.class);
	}

	@Bean
	@ConditionalOnMissingBean
	AwsClientRegistry awsClientRegistry(AwsRefreshModel model, AwsRefreshConnectionDetails connectionDetails,
			RoleCredentialsProviders roles, SharedClientResources resources,
			ObjectProvider<AwsClientCustomizer<?>> customizers, ObjectProvider<AwsClientListener> listeners) {
		// Clients always carry the roles of aws.refresh.*, also when the application
		// defines an AwsCredentialsProvider bean of its own (or several): the default
		// role must be the same for clients and for roles chained from it.
		AwsClientRegistry.Builder registry = AwsClientRegistry.builder(resources)
			.roles(roles)
			.region(connectionDetails.getRegion())
			.endpoint(connectionDetails.getEndpoint())
			.cache(model.cache().maxSize(), model.cache().expireAfterAccess())
			.presignMinimumValidity(model.presignMinimumValidity())
			.customizers(customizers.orderedStream().toList())
			.listeners(listeners.orderedStream().toList());
		model.services().forEach((id, service) -> registry.service(id, service.region(), service.endpoint()));
		ServiceOverride s3 = model.services().get("s3");
		registry.s3PathStyleAccess(connectionDetails.isS3PathStyleAccess() || (s3 != null && s3.pathStyleAccess()));
		return registry.build();
	}

	@Bean
	NeighbourReport awsRefreshNeighbourReport(ListableBeanFactory beanFactory) {
		return new NeighbourReport(beanFactory);
	}

	/**
	 * Beside Spring Cloud AWS, whose clients aws-refresh builds: its customizers applied
	 * to them, and its client settings that no longer reach one named at startup.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.awspring.cloud.autoconfigure.AwsClientCustomizer")
	static class SpringCloudAwsConfiguration {

		@Bean
		SpringCloudAwsClientCustomizers awsRefreshSpringCloudAwsClientCustomizers(
				ConfigurableListableBeanFactory beanFactory) {
			ClassLoader classLoader = beanFactory.getBeanClassLoader();
			return new SpringCloudAwsClientCustomizers(beanFactory, SpringCloudAws
				.clientTypes((classLoader != null) ? classLoader : SpringCloudAwsConfiguration.class.getClassLoader()));
		}

		@Bean
		SpringCloudAwsSettingsReport awsRefreshSpringCloudAwsSettingsReport(ConfigurableListableBeanFactory beanFactory,
				Environment environment) {
			return new SpringCloudAwsSettingsReport(beanFactory, environment);
		}

	}

}
