package io.awsrefresh.credentials;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.regions.Region;

/**
 * Where a role's STS calls go: a regional STS endpoint, or an override such as a local
 * emulator.
 *
 * @param region STS region
 * @param endpoint endpoint override, or {@code null} for the region's STS endpoint
 * @since 0.1.0
 */
public record StsEndpoint(Region region, @Nullable URI endpoint) {

	@Override
	public String toString() {
		// An endpoint from a connection details bean is not checked for user info.
		return "StsEndpoint[region=" + this.region + ", endpoint=" + SecretMasking.withoutUserInfo(this.endpoint) + "]";
	}

}
