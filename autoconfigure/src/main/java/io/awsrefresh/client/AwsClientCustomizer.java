package io.awsrefresh.client;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;

/**
 * Callback applied to the builder of every client the registry builds, after the registry
 * has set credentials, region, endpoint and the shared HTTP client: the place for retry
 * policies, interceptors, timeouts or per-service settings
 * ({@code if (builder instanceof S3ClientBuilder s3) ...}). Beans of this type are
 * applied in {@link org.springframework.core.annotation.Order @Order} order.
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
