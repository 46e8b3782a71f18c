package io.awsrefresh.client;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * Callback applied to the builders of the clients the registry builds, after the registry
 * has set credentials, region, endpoint and the shared HTTP client: the place for retry
 * policies, interceptors, timeouts or per-service settings. The type argument chooses the
 * clients: an {@code AwsClientCustomizer<S3ClientBuilder>} is applied to S3 clients only,
 * an {@code AwsClientCustomizer<AwsClientBuilder<?, ?>>} to every client. Beans of this
 * type are applied in {@link org.springframework.core.annotation.Order @Order} order.
 * <pre class="code">
 * &#64;Bean
 * AwsClientCustomizer&lt;S3ClientBuilder&gt; s3Acceleration() {
 *     return (builder, role, region) -&gt; builder.accelerate("uploads".equals(role));
 * }
 * </pre>
 * <p>
 * Two SDK builder habits to keep in mind: {@code overrideConfiguration(...)} and
 * {@code asyncConfiguration(...)} replace the whole configuration they set, so prefer
 * {@code builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()...)}
 * (the registry re-adds its shared scheduler afterwards, but an async customizer that
 * replaces the async configuration gives its clients their own completion executor); and
 * a client closes the closeable things its builder was given, such as a credentials
 * provider, when the registry closes it.
 *
 * @param <B> the builders this customizer applies to
 * @since 0.1.0
 */
@FunctionalInterface
public interface AwsClientCustomizer<B extends AwsClientBuilder<?, ?>> {

	/**
	 * Customize the builder of one client.
	 * @param builder the builder
	 * @param role the role whose credentials the client carries, such as {@code default}
	 * @param region the client's region
	 */
	void customize(B builder, String role, Region region);

}
