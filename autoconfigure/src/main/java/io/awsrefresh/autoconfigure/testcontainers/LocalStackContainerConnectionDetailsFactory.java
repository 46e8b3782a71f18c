package io.awsrefresh.autoconfigure.testcontainers;

import java.net.URI;

import io.awsrefresh.autoconfigure.AwsRefreshConnectionDetails;
import org.testcontainers.localstack.LocalStackContainer;

import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.regions.Region;

/**
 * Creates {@link AwsRefreshConnectionDetails} for a {@code @ServiceConnection}
 * {@link LocalStackContainer}: every client and STS call goes to the container, with its
 * region and credentials, and S3 uses path-style URLs.
 */
class LocalStackContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<LocalStackContainer, AwsRefreshConnectionDetails> {

	@Override
	protected AwsRefreshConnectionDetails getContainerConnectionDetails(
			ContainerConnectionSource<LocalStackContainer> source) {
		return new LocalStackConnectionDetails(source);
	}

	static final class LocalStackConnectionDetails extends ContainerConnectionDetails<LocalStackContainer>
			implements AwsRefreshConnectionDetails {

		LocalStackConnectionDetails(ContainerConnectionSource<LocalStackContainer> source) {
			super(source);
		}

		@Override
		public URI getEndpoint() {
			return getContainer().getEndpoint();
		}

		@Override
		public Region getRegion() {
			return Region.of(getContainer().getRegion());
		}

		@Override
		public AwsCredentials getSourceCredentials() {
			return AwsBasicCredentials.create(getContainer().getAccessKey(), getContainer().getSecretKey());
		}

		@Override
		public boolean isS3PathStyleAccess() {
			return true;
		}

	}

}
