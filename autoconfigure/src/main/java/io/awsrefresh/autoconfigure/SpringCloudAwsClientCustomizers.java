package io.awsrefresh.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.awspring.cloud.autoconfigure.AwsAsyncClientCustomizer;
import io.awspring.cloud.autoconfigure.AwsSyncClientCustomizer;
import io.awsrefresh.client.AwsClientCustomizer;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * Applies Spring Cloud AWS's client customizer beans to the clients aws-refresh builds in
 * place of Spring Cloud AWS's own, as Spring Cloud AWS would have applied them: to the
 * default role's clients of the types its auto-configurations define, its
 * {@code AwsSyncClientCustomizer}s and {@code AwsAsyncClientCustomizer}s first, then each
 * service's own ({@code S3ClientCustomizer}, {@code SqsAsyncClientCustomizer}, ...) to
 * the builders of its type. Other roles' clients, and client types Spring Cloud AWS never
 * built, are left to aws-refresh's own {@link AwsClientCustomizer}s, which come after
 * these and may change what they set.
 */
final class SpringCloudAwsClientCustomizers implements AwsClientCustomizer<AwsClientBuilder<?, ?>>, Ordered {

	/**
	 * Spring Cloud AWS's customizers of the clients it builds for
	 * {@code spring.config.import} at bootstrap, and of the builder of its S3 encryption
	 * client: not applied here.
	 */
	private static final Set<String> NOT_FOR_CLIENT_BEANS = Set.of(
			"io.awspring.cloud.autoconfigure.config.secretsmanager.SecretsManagerClientCustomizer",
			"io.awspring.cloud.autoconfigure.config.parameterstore.SsmClientCustomizer",
			"io.awspring.cloud.autoconfigure.config.appconfig.AppConfigClientCustomizer",
			"io.awspring.cloud.autoconfigure.s3.S3EncryptionClientCustomizer");

	private final Set<String> builderTypes;

	private final Supplier<Customizers> customizers;

	SpringCloudAwsClientCustomizers(ListableBeanFactory beanFactory, List<Class<?>> clientTypes) {
		// S3Client's builder is S3ClientBuilder, and so on for every client interface.
		this.builderTypes = clientTypes.stream().map((type) -> type.getName() + "Builder").collect(Collectors.toSet());
		// Looked up on first use: the beans may need the registry themselves.
		this.customizers = SingletonSupplier.of(() -> Customizers.of(beanFactory));
	}

	@Override
	public void customize(AwsClientBuilder<?, ?> builder, String role, Region region) {
		if (!RoleCredentialsProviders.DEFAULT_ROLE.equals(role) || !isBuilderOfSpringCloudAwsClient(builder)) {
			return;
		}
		Customizers customizers = this.customizers.get();
		if (builder instanceof AwsSyncClientBuilder<?, ?> sync) {
			customizers.sync().forEach((customizer) -> customizer.customize(sync));
		}
		if (builder instanceof AwsAsyncClientBuilder<?, ?> async) {
			customizers.async().forEach((customizer) -> customizer.customize(async));
		}
		for (io.awspring.cloud.autoconfigure.AwsClientCustomizer<?> customizer : customizers.services()) {
			Class<?> builderType = builderType(customizer);
			if (builderType != null && builderType.isInstance(builder)) {
				customize(customizer, builder);
			}
		}
	}

	/**
	 * Before the application's aws-refresh customizers, which may change what these set.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	private boolean isBuilderOfSpringCloudAwsClient(AwsClientBuilder<?, ?> builder) {
		for (Class<?> type : ClassUtils.getAllInterfacesForClassAsSet(builder.getClass())) {
			if (this.builderTypes.contains(type.getName())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The builder type a service's customizer takes ({@code S3ClientBuilder} for an
	 * {@code S3ClientCustomizer}), or {@code null} for a lambda of the generic interface
	 * itself, which Spring Cloud AWS never applies either.
	 */
	static @Nullable Class<?> builderType(io.awspring.cloud.autoconfigure.AwsClientCustomizer<?> customizer) {
		return ResolvableType.forClass(customizer.getClass())
			.as(io.awspring.cloud.autoconfigure.AwsClientCustomizer.class)
			.resolveGeneric(0);
	}

	@SuppressWarnings("unchecked")
	private static <B extends AwsClientBuilder<?, ?>> void customize(
			io.awspring.cloud.autoconfigure.AwsClientCustomizer<?> customizer, AwsClientBuilder<?, ?> builder) {
		((io.awspring.cloud.autoconfigure.AwsClientCustomizer<B>) customizer).customize((B) builder);
	}

	/**
	 * Spring Cloud AWS's customizer beans, in their order.
	 */
	private record Customizers(List<AwsSyncClientCustomizer> sync, List<AwsAsyncClientCustomizer> async,
			List<io.awspring.cloud.autoconfigure.AwsClientCustomizer<?>> services) {

		static Customizers of(ListableBeanFactory beanFactory) {
			List<io.awspring.cloud.autoconfigure.AwsClientCustomizer<?>> services = new ArrayList<>();
			beanFactory.getBeanProvider(io.awspring.cloud.autoconfigure.AwsClientCustomizer.class)
				.orderedStream()
				.filter((customizer) -> !isNotForClientBeans(customizer.getClass()))
				.forEach(services::add);
			return new Customizers(beanFactory.getBeanProvider(AwsSyncClientCustomizer.class).orderedStream().toList(),
					beanFactory.getBeanProvider(AwsAsyncClientCustomizer.class).orderedStream().toList(), services);
		}

	}

	static boolean isNotForClientBeans(Class<?> type) {
		for (Class<?> each : ClassUtils.getAllInterfacesForClassAsSet(type)) {
			if (NOT_FOR_CLIENT_BEANS.contains(each.getName())) {
				return true;
			}
		}
		return false;
	}

}
