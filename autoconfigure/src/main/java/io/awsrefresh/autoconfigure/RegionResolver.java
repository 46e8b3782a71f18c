package io.awsrefresh.autoconfigure;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Finds the default region: {@code aws.refresh.region}, else the SDK's region chain, else
 * startup fails naming the key.
 */
final class RegionResolver {

	private static final String PROPERTY = "aws.refresh.region";

	private RegionResolver() {
	}

	static Region resolve(@Nullable String configured) {
		if (PropertyValues.blankToNull(configured) != null) {
			return PropertyValues.region(PROPERTY, configured.strip());
		}
		try {
			return DefaultAwsRegionProviderChain.builder().build().getRegion();
		}
		catch (SdkClientException ex) {
			throw new InvalidAwsRefreshPropertyException(PROPERTY, null,
					"no region is configured, and the SDK region chain (AWS_REGION, aws.region, "
							+ "the profile file, instance metadata) found none",
					PROPERTY + "=eu-west-1");
		}
	}

}
