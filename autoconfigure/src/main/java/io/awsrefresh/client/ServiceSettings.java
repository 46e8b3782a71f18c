package io.awsrefresh.client;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.regions.Region;

/**
 * Where the clients of one service go, and how.
 *
 * @param region region override, or {@code null} for the default region
 * @param endpoint endpoint override, or {@code null} for the default endpoint
 * @param pathStyleAccess whether S3 path-style addressing is forced
 */
record ServiceSettings(@Nullable Region region, @Nullable URI endpoint, boolean pathStyleAccess) {

	/**
	 * No override.
	 */
	static final ServiceSettings NONE = new ServiceSettings(null, null, false);

}
