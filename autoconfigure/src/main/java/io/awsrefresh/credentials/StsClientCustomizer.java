package io.awsrefresh.credentials;

import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * Callback that customizes every STS client the starter builds, after the starter has
 * configured region, endpoint, credentials and HTTP client. Beans of this type are
 * applied in {@link org.springframework.core.annotation.Order @Order} order.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface StsClientCustomizer {

	/**
	 * Customize the builder of one STS client.
	 * @param builder the builder
	 */
	void customize(StsClientBuilder builder);

}
