package io.awsrefresh.sample;

import java.net.URI;

import io.awsrefresh.autoconfigure.AwsRefreshConnectionDetails;
import io.awsrefresh.test.emulator.AwsEmulator;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.regions.Region;

/**
 * Connection details of a local emulator that is not a container (moto): what a
 * {@code @ServiceConnection LocalStackContainer} provides, as a plain bean.
 */
public record EmulatorConnectionDetails(AwsEmulator emulator) implements AwsRefreshConnectionDetails {

	@Override
	public URI getEndpoint() {
		return this.emulator.endpoint();
	}

	@Override
	public Region getRegion() {
		return Region.of(this.emulator.region());
	}

	@Override
	public AwsCredentials getSourceCredentials() {
		return AwsBasicCredentials.create(this.emulator.accessKeyId(), this.emulator.secretAccessKey());
	}

	@Override
	public boolean isS3PathStyleAccess() {
		return true;
	}

}
