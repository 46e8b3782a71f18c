package io.awsrefresh.autoconfigure;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.awsrefresh.client.SharedClientResources;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;

import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Auto-configuration of what every AWS client and STS client shares: the one sync HTTP
 * client (Apache 5, else Apache 4, else URL connection, whichever is on the classpath)
 * and the async one (Netty), each created only when the first client needs it, and the
 * scheduler and async completion executor ({@link SharedClientResources}). A user's
 * {@link SdkHttpClient} or {@link SdkAsyncHttpClient} bean replaces the HTTP clients.
 * <p>
 * The bean methods declare the SDK interfaces with an explicit
 * {@code @ConditionalOnMissingBean} type: any sync HTTP client bean, whatever its
 * implementation, must make the starter back off.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = AwsRefreshCredentialsAutoConfiguration.class)
@AutoConfigureOrder(SpringCloudAws.ORDER)
@ConditionalOnAwsRefreshFlag(AwsRefreshFlags.ENABLED)
@EnableConfigurationProperties(AwsRefreshProperties.class)
@Import({ AwsRefreshModelConfiguration.class,
		AwsRefreshHttpClientAutoConfiguration.Apache5HttpClientConfiguration.class,
		AwsRefreshHttpClientAutoConfiguration.ApacheHttpClientConfiguration.class,
		AwsRefreshHttpClientAutoConfiguration.UrlConnectionHttpClientConfiguration.class,
		AwsRefreshHttpClientAutoConfiguration.NettyAsyncHttpClientConfiguration.class })
public final class AwsRefreshHttpClientAutoConfiguration {

	// Precedence is explicit: Spring does not process nested configurations in the
	// order they are declared or imported.
	private static final String APACHE5 = "software.amazon.awssdk.http.apache5.Apache5HttpClient";

	private static final String APACHE = "software.amazon.awssdk.http.apache.ApacheHttpClient";

	static final String SHARED_RESOURCES_BEAN = "awsRefreshSharedClientResources";

	@Bean(SHARED_RESOURCES_BEAN)
	@ConditionalOnMissingBean
	SharedClientResources awsRefreshSharedClientResources(AwsRefreshModel model, ApplicationContext context,
			ConfigurableListableBeanFactory beanFactory, ObjectProvider<SdkHttpClient> httpClient,
			ObjectProvider<SdkAsyncHttpClient> asyncHttpClient) {
		Integer completionThreads = model.http().completionThreads();
		return new SharedClientResources(
				lazily(httpClient, SdkHttpClient.class, beanFactory, SHARED_RESOURCES_BEAN, context),
				lazily(asyncHttpClient, SdkAsyncHttpClient.class, beanFactory, SHARED_RESOURCES_BEAN, context),
				(completionThreads != null) ? completionThreads : SharedClientResources.DEFAULT_COMPLETION_THREADS);
	}

	/**
	 * An HTTP client bean, created when first asked for: the starter's own are lazy, so
	 * that an application that has not called AWS yet has not built one. Once created, a
	 * dependent bean is declared dependent on it, so that everything built on it is
	 * closed before it.
	 * <p>
	 * One created once the context is destroying its beans (a request's first AWS call
	 * racing the close) may end its creation after Spring has listed the beans it
	 * destroys, so that nothing would close it: it is destroyed here, and refused. While
	 * the context stops its lifecycle beans (a graceful shutdown's in-flight requests) it
	 * is handed out as always, and destroyed with the rest.
	 */
	static <T> Supplier<@Nullable T> lazily(ObjectProvider<T> provider, Class<T> type,
			ConfigurableListableBeanFactory beanFactory, String dependentBean, ApplicationContext context) {
		AtomicBoolean dependencyDeclared = new AtomicBoolean();
		return () -> {
			List<String> existing = Stream.of(beanFactory.getBeanNamesForType(type, true, false))
				.filter(beanFactory::containsSingleton)
				.toList();
			T client = provider.getIfAvailable();
			if (client != null && dependencyDeclared.compareAndSet(false, true)) {
				for (String name : beanFactory.getBeanNamesForType(type, true, false)) {
					beanFactory.registerDependentBean(name, dependentBean);
				}
			}
			if (client != null && isDestroyingBeans(context)
					&& beanFactory instanceof DefaultSingletonBeanRegistry registry) {
				List<String> created = Stream.of(beanFactory.getBeanNamesForType(type, true, false))
					.filter((name) -> !existing.contains(name))
					.toList();
				if (!created.isEmpty()) {
					// Its destruction runs once: if Spring listed it after all, it is
					// not destroyed twice.
					created.forEach(registry::destroySingleton);
					throw new IllegalStateException(
							"The application context is closed: no " + type.getSimpleName() + " is created");
				}
			}
			return client;
		};
	}

	/**
	 * Whether a context is destroying its beans, or has: closed, and its lifecycle beans
	 * stopped, which comes before.
	 */
	private static boolean isDestroyingBeans(ApplicationContext context) {
		return context instanceof ConfigurableApplicationContext configurable && configurable.isClosed()
				&& !configurable.isRunning();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Apache5HttpClient.class)
	static class Apache5HttpClientConfiguration {

		@Bean
		@Lazy
		@ConditionalOnMissingBean(SdkHttpClient.class)
		SdkHttpClient awsRefreshHttpClient(AwsRefreshModel model) {
			HttpSettings http = model.http();
			return Apache5HttpClient.builder()
				.maxConnections(http.maxConnections())
				.connectionTimeout(http.connectionTimeout())
				.socketTimeout(http.socketTimeout())
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ApacheHttpClient.class)
	@ConditionalOnMissingClass(APACHE5)
	static class ApacheHttpClientConfiguration {

		@Bean
		@Lazy
		@ConditionalOnMissingBean(SdkHttpClient.class)
		SdkHttpClient awsRefreshHttpClient(AwsRefreshModel model) {
			HttpSettings http = model.http();
			return ApacheHttpClient.builder()
				.maxConnections(http.maxConnections())
				.connectionTimeout(http.connectionTimeout())
				.socketTimeout(http.socketTimeout())
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(UrlConnectionHttpClient.class)
	@ConditionalOnMissingClass({ APACHE5, APACHE })
	static class UrlConnectionHttpClientConfiguration {

		@Bean
		@Lazy
		@ConditionalOnMissingBean(SdkHttpClient.class)
		SdkHttpClient awsRefreshHttpClient(AwsRefreshModel model) {
			HttpSettings http = model.http();
			return UrlConnectionHttpClient.builder()
				.connectionTimeout(http.connectionTimeout())
				.socketTimeout(http.socketTimeout())
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(NettyNioAsyncHttpClient.class)
	static class NettyAsyncHttpClientConfiguration {

		// Lazy: Netty's event loop threads exist only once an async client is built.
		@Bean
		@Lazy
		@ConditionalOnMissingBean(SdkAsyncHttpClient.class)
		SdkAsyncHttpClient awsRefreshAsyncHttpClient(AwsRefreshModel model) {
			HttpSettings http = model.http();
			return NettyEventLoopOwner.create((builder) -> builder.maxConcurrency(http.maxConnections())
				.connectionTimeout(http.connectionTimeout())
				.readTimeout(http.socketTimeout())
				.writeTimeout(http.socketTimeout()));
		}

	}

}
