package io.awsrefresh.client;

import java.net.URI;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client's key as logs, exception messages and the actuator show it: an endpoint set in
 * code may carry user info, a password perhaps, which is never shown.
 */
class ClientKeyTests {

	private static final ClientKey KEY = new ClientKey(S3Client.class, "audit", Region.EU_WEST_1,
			URI.create("https://minio:s3cr3t@storage.example.com:9000/base"), true);

	@Test
	void toStringShowsTheEndpointWithoutItsUserInfo() {
		assertThat(KEY)
			.hasToString("S3Client[role=audit, region=eu-west-1, endpoint=https://storage.example.com:9000/base]");
	}

	@Test
	void clientInfoShowsTheEndpointWithoutItsUserInfo() {
		assertThat(AwsClientInfo.of(KEY, true, Instant.EPOCH, null).endpoint())
			.isEqualTo(URI.create("https://storage.example.com:9000/base"));
	}

	@Test
	void anEndpointWithoutUserInfoIsShownAsItIs() {
		ClientKey key = new ClientKey(S3Client.class, "default", Region.US_EAST_1, URI.create("http://localhost:4566"),
				false);
		assertThat(key.shownEndpoint()).isSameAs(key.endpoint());
		assertThat(key).hasToString("S3Client[role=default, region=us-east-1, endpoint=http://localhost:4566]");
	}

}
