package io.awsrefresh.autoconfigure;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.regions.Region;

/**
 * Where AWS is and which credentials call it. By default read from {@code aws.refresh.*};
 * a bean of this type, such as the one a {@code @ServiceConnection LocalStackContainer}
 * registers, replaces those keys, so every client and STS call goes to that endpoint with
 * no properties.
 *
 * @since 0.1.0
 */
public interface AwsRefreshConnectionDetails extends ConnectionDetails {

	/**
	 * Endpoint override for every client and STS.
	 * @return the endpoint, or {@code null} for AWS's own endpoints
	 */
	@Nullable URI getEndpoint();

	/**
	 * Default region of clients and STS.
	 * @return the region
	 */
	Region getRegion();

	/**
	 * Keys that call STS (or AWS directly when no role is assumed), such as an
	 * emulator's.
	 * @return the keys, or {@code null} to use {@code aws.refresh.source.*}: static keys,
	 * a profile, or else the SDK's default credentials chain
	 */
	default @Nullable AwsCredentials getSourceCredentials() {
		return null;
	}

	/**
	 * Whether S3 clients use path-style URLs, which emulators need.
	 * @return {@code true} to force path-style addressing
	 */
	default boolean isS3PathStyleAccess() {
		return false;
	}

}
