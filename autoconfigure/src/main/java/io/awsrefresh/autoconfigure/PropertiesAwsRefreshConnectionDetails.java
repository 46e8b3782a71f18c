package io.awsrefresh.autoconfigure;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * {@link AwsRefreshConnectionDetails} read from {@code aws.refresh.*}, checked as it is
 * read.
 */
final class PropertiesAwsRefreshConnectionDetails implements AwsRefreshConnectionDetails {

	private final AwsRefreshProperties properties;

	PropertiesAwsRefreshConnectionDetails(AwsRefreshProperties properties) {
		this.properties = properties;
	}

	@Override
	public @Nullable URI getEndpoint() {
		URI endpoint = this.properties.getEndpoint();
		return (endpoint != null) ? PropertyValues.endpoint("aws.refresh.endpoint", endpoint) : null;
	}

	@Override
	public Region getRegion() {
		return RegionResolver.resolve(this.properties.getRegion());
	}

	@Override
	public AwsCredentialsProvider getSourceCredentials() {
		return SourceCredentials.create(this.properties.getSource());
	}

}
