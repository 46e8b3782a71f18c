package io.awsrefresh.autoconfigure;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.regions.Region;

/**
 * {@link AwsRefreshConnectionDetails} read from {@code aws.refresh.*}, checked as it is
 * read. The source credentials are not among its values: {@code aws.refresh.source.*} may
 * name a profile or mean the SDK's default chain.
 */
final class PropertiesAwsRefreshConnectionDetails implements AwsRefreshConnectionDetails {

	private final AwsRefreshProperties properties;

	private volatile @Nullable Region region;

	PropertiesAwsRefreshConnectionDetails(AwsRefreshProperties properties) {
		this.properties = properties;
	}

	@Override
	public @Nullable URI getEndpoint() {
		URI endpoint = this.properties.getEndpoint();
		return (endpoint != null) ? PropertyValues.endpoint("aws.refresh.endpoint", endpoint) : null;
	}

	/**
	 * Resolved once: the SDK's region chain may read files or instance metadata.
	 */
	@Override
	public Region getRegion() {
		Region region = this.region;
		if (region == null) {
			region = RegionResolver.resolve(this.properties.getRegion());
			this.region = region;
		}
		return region;
	}

}
