package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.util.List;

import io.awspring.cloud.autoconfigure.core.AwsConnectionDetails;
import io.awsrefresh.client.SharedClientResources;
import io.awsrefresh.credentials.CustomCredentialsSource;
import io.awsrefresh.credentials.MfaTokenProvider;
import io.awsrefresh.credentials.RefreshListener;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleDefinition;
import io.awsrefresh.credentials.RoleSource;
import io.awsrefresh.credentials.StsClientCustomizer;
import io.awsrefresh.credentials.StsEndpoint;
import io.awsrefresh.event.AwsRefreshEventPublisher;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Auto-configuration of self-refreshing credentials: the default region, one provider per
 * configured role (assumed through STS, from a {@link CustomCredentialsSource} bean, or
 * the source credentials as they are), and the default role's provider as the
 * {@link AwsCredentialsProvider} bean. {@link RefreshListener} beans are told about every
 * fetch attempt.
 *
 * @since 0.1.0
 */
// Before Spring Cloud AWS's credentials and region (SpringCloudAws.ORDER): both define
// the SDK's generic AwsCredentialsProvider and AwsRegionProvider beans only when they
// are missing, and Spring Cloud AWS's clients and templates then run as the aws.refresh
// default role.
@AutoConfiguration
@AutoConfigureOrder(SpringCloudAws.ORDER)
@ConditionalOnClass(StsAssumeRoleCredentialsProvider.class)
@ConditionalOnAwsRefreshFlag(AwsRefreshFlags.ENABLED)
@EnableConfigurationProperties(AwsRefreshProperties.class)
@Import(AwsRefreshModelConfiguration.class)
public final class AwsRefreshCredentialsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AwsRefreshConnectionDetails awsRefreshConnectionDetails(AwsRefreshModel model) {
		return new PropertiesAwsRefreshConnectionDetails(model);
	}

	// The region of aws.refresh, for libraries that read the SDK's generic bean.
	@Bean
	@ConditionalOnMissingBean
	AwsRegionProvider awsRegionProvider(AwsRefreshConnectionDetails connectionDetails) {
		return new FixedRegionProvider(connectionDetails.getRegion());
	}

	@Bean
	@ConditionalOnMissingBean
	RoleCredentialsProviders roleCredentialsProviders(AwsRefreshModel model,
			AwsRefreshConnectionDetails connectionDetails, ConfigurableListableBeanFactory beanFactory,
			ObjectProvider<MfaTokenProvider> mfaTokenProvider, ObjectProvider<StsClientCustomizer> customizers,
			ObjectProvider<RefreshListener> listeners, ObjectProvider<SdkHttpClient> httpClient,
			ObjectProvider<SharedClientResources> sharedResources, ObjectProvider<SslBundles> sslBundles,
			ApplicationContext context) {
		// Our own region, not whatever AwsRegionProvider bean another library defined.
		Region region = connectionDetails.getRegion();
		URI endpoint = connectionDetails.getEndpoint();
		List<RoleDefinition> roles = model.roleDefinitions(region, endpoint,
				beanFactory.getBeansOfType(CustomCredentialsSource.class)::get,
				() -> sslBundles.getIfAvailable(DefaultSslBundleRegistry::new));
		SharedClientResources resources = sharedResources.getIfAvailable();
		if (resources != null) {
			// Its scheduler times the refreshes and STS calls: closed after them.
			for (String name : beanFactory.getBeanNamesForType(SharedClientResources.class, true, false)) {
				beanFactory.registerDependentBean(name, "roleCredentialsProviders");
			}
		}
		AwsCredentials keys = connectionDetails.getSourceCredentials();
		RoleCredentialsProviders.Builder builder = RoleCredentialsProviders
			.builder((keys != null) ? StaticCredentialsProvider.create(keys) : model.source().create())
			.mfaTokenProvider(mfaTokenProvider.getIfAvailable())
			.httpClient(AwsRefreshHttpClientAutoConfiguration.lazily(httpClient, SdkHttpClient.class, beanFactory,
					"roleCredentialsProviders", context))
			.scheduler((resources != null) ? resources.scheduler() : null)
			.runTimeRoles(model.runTimeRoles().maxSize(), model.runTimeRoles().expireAfterAccess(),
					runTimeSts(roles, region, endpoint));
		if (!OptionalCaffeine.isPresent(beanFactory.getBeanClassLoader())) {
			builder.withoutRunTimeRoles();
		}
		customizers.orderedStream().forEach(builder::stsClientCustomizer);
		listeners.orderedStream().forEach(builder::listener);
		roles.forEach(builder::role);
		return builder.build();
	}

	/**
	 * Where roles built in code call STS: the default role's STS endpoint when it assumes
	 * a role, else the default region's (and endpoint's).
	 */
	private static StsEndpoint runTimeSts(List<RoleDefinition> roles, Region region, @Nullable URI endpoint) {
		if (!roles.isEmpty() && roles.get(0).source() instanceof RoleSource.AssumeRole assumeRole) {
			return assumeRole.sts();
		}
		return new StsEndpoint(region, endpoint);
	}

	// Startup checks and eager STS calls must stay at startup under
	// spring.main.lazy-initialization=true.
	@Bean
	static LazyInitializationExcludeFilter awsRefreshLazyInitializationExcludeFilter() {
		return LazyInitializationExcludeFilter.forBeanTypes(RoleCredentialsProviders.class);
	}

	// Refresh attempts and client builds and evictions as application events.
	@Bean
	@ConditionalOnMissingBean
	AwsRefreshEventPublisher awsRefreshEventPublisher(ApplicationEventPublisher publisher) {
		return new AwsRefreshEventPublisher(publisher);
	}

	@Bean
	@ConditionalOnMissingBean(AwsCredentialsProvider.class)
	RoleCredentialsProvider awsCredentialsProvider(RoleCredentialsProviders roleCredentialsProviders) {
		return roleCredentialsProviders.defaultRole();
	}

	/**
	 * A Spring Cloud AWS connection (its {@code @ServiceConnection} containers) redirects
	 * aws-refresh too, unless an {@link AwsRefreshConnectionDetails} of its own exists.
	 * Processed before the outer class's beans, so that its bean comes first.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = SpringCloudAws.CONNECTION_DETAILS)
	static class SpringCloudAwsConnectionConfiguration {

		@Bean
		@ConditionalOnMissingBean(AwsRefreshConnectionDetails.class)
		@ConditionalOnBean(type = SpringCloudAws.CONNECTION_DETAILS)
		AwsRefreshConnectionDetails springCloudAwsRefreshConnectionDetails(AwsRefreshModel model,
				AwsConnectionDetails connection) {
			return new SpringCloudAwsConnectionDetails(connection, new PropertiesAwsRefreshConnectionDetails(model));
		}

	}

	/**
	 * The region resolved once at startup.
	 */
	record FixedRegionProvider(Region region) implements AwsRegionProvider {

		@Override
		public Region getRegion() {
			return this.region;
		}

	}

}
