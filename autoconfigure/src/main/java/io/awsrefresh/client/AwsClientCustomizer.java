package io.awsrefresh.client;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;

/**
 * Callback applied to the builder of every client the registry builds, after the registry
 * has set credentials, region, endpoint and the shared HTTP client: the place for retry
 * policies, interceptors, timeouts or per-service settings
 * ({@code if (builder instanceof S3ClientBuilder s3) ...}). Beans of this type are
 * applied in {@link org.springframework.core.annotation.Order @Order} order.
 * <p>
 * Two SDK builder habits to keep in mind: {@code overrideConfiguration(...)} and
 * {@code asyncConfiguration(...)} replace the whole configuration they set, so prefer
 * {@code builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()...)}
 * (the registry re-adds its shared scheduler afterwards, but an async customizer that
 * replaces the async configuration gives its clients their own completion executor); and
 * a client closes the closeable things its builder was given, such as a credentials
 * provider, when the registry closes it.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AwsClientCustomizer {

	/**
	 * Customize one client builder.
	 * @param builder the builder
	 */
	void customize(AwsClientBuilder<?, ?> builder);

}
