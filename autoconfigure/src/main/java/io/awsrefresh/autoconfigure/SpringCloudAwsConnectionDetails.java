package io.awsrefresh.autoconfigure;

import java.net.URI;

import io.awspring.cloud.autoconfigure.core.AwsConnectionDetails;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.regions.Region;

/**
 * {@link AwsRefreshConnectionDetails} from Spring Cloud AWS's
 * {@link AwsConnectionDetails} (its LocalStack or Floci {@code @ServiceConnection}, say),
 * so that one connection redirects both libraries: its endpoint, and its region and keys
 * where it has them; {@code aws.refresh.*} for the rest.
 */
final class SpringCloudAwsConnectionDetails implements AwsRefreshConnectionDetails {

	private final AwsConnectionDetails connection;

	private final AwsRefreshConnectionDetails properties;

	SpringCloudAwsConnectionDetails(AwsConnectionDetails connection, AwsRefreshConnectionDetails properties) {
		this.connection = connection;
		this.properties = properties;
	}

	@Override
	public @Nullable URI getEndpoint() {
		URI endpoint = this.connection.getEndpoint();
		return (endpoint != null) ? endpoint : this.properties.getEndpoint();
	}

	@Override
	public Region getRegion() {
		String region = this.connection.getRegion();
		return StringUtils.hasText(region) ? PropertyValues.region("spring.cloud.aws.region.static", region.strip())
				: this.properties.getRegion();
	}

	@Override
	public @Nullable AwsCredentials getSourceCredentials() {
		String accessKey = this.connection.getAccessKey();
		String secretKey = this.connection.getSecretKey();
		if (StringUtils.hasText(accessKey) && StringUtils.hasText(secretKey)) {
			return AwsBasicCredentials.create(accessKey, secretKey);
		}
		return this.properties.getSourceCredentials();
	}

	/**
	 * Emulators behind such a connection serve S3 on a plain host and port.
	 */
	@Override
	public boolean isS3PathStyleAccess() {
		return this.connection.getEndpoint() != null || this.properties.isS3PathStyleAccess();
	}

}
