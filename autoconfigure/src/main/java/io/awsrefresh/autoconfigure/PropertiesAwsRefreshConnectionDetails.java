package io.awsrefresh.autoconfigure;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * {@link AwsRefreshConnectionDetails} of {@code aws.refresh.region} and
 * {@code aws.refresh.endpoint}, else the SDK's region chain. The source credentials are
 * not among its values: {@code aws.refresh.source.*} may name a profile or mean the SDK's
 * default chain.
 */
final class PropertiesAwsRefreshConnectionDetails implements AwsRefreshConnectionDetails {

	private final AwsRefreshModel model;

	private volatile @Nullable Region region;

	PropertiesAwsRefreshConnectionDetails(AwsRefreshModel model) {
		this.model = model;
	}

	@Override
	public @Nullable URI getEndpoint() {
		return this.model.endpoint();
	}

	/**
	 * Resolved once: the SDK's region chain may read files or instance metadata.
	 */
	@Override
	public Region getRegion() {
		Region region = this.region;
		if (region == null) {
			region = (this.model.region() != null) ? this.model.region() : fromSdkChain();
			this.region = region;
		}
		return region;
	}

	private static Region fromSdkChain() {
		try {
			return DefaultAwsRegionProviderChain.builder().build().getRegion();
		}
		catch (SdkClientException ex) {
			throw new InvalidAwsRefreshPropertyException("aws.refresh.region", null,
					"no region is configured, and the SDK region chain (AWS_REGION, aws.region, "
							+ "the profile file, instance metadata) found none",
					"aws.refresh.region=eu-west-1");
		}
	}

}
