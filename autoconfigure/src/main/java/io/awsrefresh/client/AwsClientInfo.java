package io.awsrefresh.client;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.regions.Region;

/**
 * A client the registry holds, as operators see it: what it is for and how it is kept.
 * Holds no credentials.
 *
 * @param id identifies the client in the registry: {@code type:role:region}
 * @param type the client interface's simple name, such as {@code S3Client}
 * @param role the role whose credentials the client carries
 * @param region the client's region
 * @param endpoint the endpoint override, or {@code null} for AWS's own
 * @param pinned whether the client is kept until the registry closes (a type's default
 * region, what injection hands out); others are evicted by the cache's bounds
 * @param created when the client was built
 * @param idle how long since an evictable client was last asked for, or {@code null} for
 * a pinned client
 * @since 0.1.0
 */
public record AwsClientInfo(String id, String type, String role, Region region, @Nullable URI endpoint, boolean pinned,
		Instant created, @Nullable Duration idle) {

	static String id(ClientKey key) {
		return key.type().getSimpleName() + ":" + key.role() + ":" + key.region().id();
	}

	static AwsClientInfo of(ClientKey key, boolean pinned, Instant created, @Nullable Duration idle) {
		return new AwsClientInfo(id(key), key.type().getSimpleName(), key.role(), key.region(), key.shownEndpoint(),
				pinned, created, idle);
	}

}
