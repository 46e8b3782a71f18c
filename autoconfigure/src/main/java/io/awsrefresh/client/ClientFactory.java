package io.awsrefresh.client;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

import io.awsrefresh.credentials.ExpiredCredentialsInterceptor;
import io.awsrefresh.credentials.NonClosingCredentialsProvider;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.util.LambdaSafe;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;

/**
 * Builds one client for a key: the role's credentials behind a wrapper no client can
 * close, the shared HTTP client and executors, the key's region and endpoint, then the
 * user's customizers, then what they must not undo: the shared scheduler, and the
 * interceptor that forces a refresh when AWS rejects the role's credentials as expired.
 */
final class ClientFactory {

	private static final String FORCE_PATH_STYLE = "forcePathStyle";

	private final Function<String, AwsCredentialsProvider> credentials;

	private final SharedClientResources resources;

	private final List<AwsClientCustomizer<?>> customizers;

	private final Duration presignMinimumValidity;

	ClientFactory(Function<String, AwsCredentialsProvider> credentials, SharedClientResources resources,
			List<AwsClientCustomizer<?>> customizers, Duration presignMinimumValidity) {
		this.credentials = credentials;
		this.resources = resources;
		this.customizers = List.copyOf(customizers);
		this.presignMinimumValidity = presignMinimumValidity;
	}

	/**
	 * Build what a key names: a service client, or a resource-level object
	 * ({@link ResourceTypes}).
	 */
	Built buildAny(ClientKey key) {
		return ResourceTypes.isResourceType(key.type()) ? ResourceTypes.build(key, this) : Built.client(build(key));
	}

	SdkClient build(ClientKey key) {
		return build(key, null);
	}

	/**
	 * Build a client.
	 * @param key the client's key
	 * @param before applied to the builder before the customizers, which may change what
	 * it sets
	 */
	SdkClient build(ClientKey key, @Nullable Consumer<AwsClientBuilder<?, ?>> before) {
		Class<? extends SdkClient> type = SdkClientTypes.requireClientType(key.type());
		AwsClientBuilder<?, ?> builder = SdkClientTypes.newBuilder(type);
		AwsCredentialsProvider credentials = this.credentials.apply(key.role());
		builder.credentialsProvider(NonClosingCredentialsProvider.of(credentials));
		builder.region(key.region());
		if (key.endpoint() != null) {
			builder.endpointOverride(key.endpoint());
		}
		if (key.pathStyleAccess()) {
			forcePathStyle(builder, type);
		}
		if (builder instanceof AwsSyncClientBuilder<?, ?> sync) {
			sync.httpClient(this.resources.httpClient());
		}
		if (builder instanceof AwsAsyncClientBuilder<?, ?> async) {
			async.httpClient(this.resources.asyncHttpClient());
			async.asyncConfiguration((config) -> config.advancedOption(
					SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR, this.resources.asyncCompletion()));
		}
		if (before != null) {
			before.accept(builder);
		}
		customize(builder, key);
		// After the customizers: overrideConfiguration(...) replaces the whole override
		// configuration, so what is set earlier could be undone.
		ClientOverrideConfiguration.Builder override = builder.overrideConfiguration().toBuilder();
		if (override.scheduledExecutorService() == null) {
			override.scheduledExecutorService(this.resources.scheduler());
		}
		if (credentials instanceof RoleCredentialsProvider role) {
			// A call rejected as signed with expired credentials forces one refresh.
			override.addExecutionInterceptor(new ExpiredCredentialsInterceptor(role));
		}
		builder.overrideConfiguration(override.build());
		return (SdkClient) builder.build();
	}

	/**
	 * The credentials a presigner of a role signs with: the role's, behind a wrapper no
	 * presigner can close, refused when they expire too soon for a useful URL.
	 */
	AwsCredentialsProvider presignCredentials(String role) {
		return new PresignCredentials(role, NonClosingCredentialsProvider.of(this.credentials.apply(role)),
				this.presignMinimumValidity);
	}

	/**
	 * The shared executor for work a resource-level object hands off.
	 */
	Executor executor() {
		return this.resources.asyncCompletion();
	}

	/**
	 * Each customizer whose type argument the builder matches: Spring Boot's
	 * {@link LambdaSafe} reads it from a class, and from a lambda by calling it and
	 * recognising the {@link ClassCastException} of a builder of another type.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private void customize(AwsClientBuilder<?, ?> builder, ClientKey key) {
		LambdaSafe.callbacks(AwsClientCustomizer.class, this.customizers, builder)
			.withLogger(AwsClientCustomizer.class)
			.invoke((customizer) -> customizer.customize(builder, key.role(), key.region()));
	}

	/**
	 * S3's builder interfaces have {@code forcePathStyle(Boolean)}; called reflectively,
	 * on the public interface rather than the SDK's internal builder class, so that S3
	 * needs no code of its own (the auto-configuration's runtime hints keep it reachable
	 * in a native image).
	 */
	private static void forcePathStyle(AwsClientBuilder<?, ?> builder, Class<? extends SdkClient> type) {
		try {
			Method method = SdkClientTypes.builderType(type).getMethod(FORCE_PATH_STYLE, Boolean.class);
			method.invoke(builder, Boolean.TRUE);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("path-style-access is only supported by S3 clients, not " + type.getName(),
					ex);
		}
	}

}
