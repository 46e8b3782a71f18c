package io.awsrefresh.credentials;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * Callback that customizes every STS client the starter builds, after the starter has
 * configured region, endpoint, credentials, HTTP client and timeouts. One STS client
 * serves every role assumed with the same credentials through the same endpoint. Beans of
 * this type are applied in {@link org.springframework.core.annotation.Order @Order}
 * order.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface StsClientCustomizer {

	/**
	 * Customize the builder of one STS client.
	 * @param builder the builder
	 * @param callingRole the role whose credentials call STS through this client (for a
	 * chained role's {@code source-role}), or {@code null} for the source credentials
	 * ({@code aws.refresh.source})
	 * @param region the STS region
	 */
	void customize(StsClientBuilder builder, @Nullable String callingRole, Region region);

}
