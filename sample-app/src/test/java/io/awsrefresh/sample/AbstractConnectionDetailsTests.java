package io.awsrefresh.sample;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user's {@code @SpringBootTest} gets from a connection to an emulator and no
 * {@code aws.refresh} endpoint, region or credential keys: injected clients that talk to
 * it, with the configured roles assumed there.
 */
abstract class AbstractConnectionDetailsTests {

	@Autowired
	private S3Client s3;

	@Autowired
	private StsClient sts;

	@Test
	void injectedClientsTalkToTheEmulatorAsTheConfiguredRole() {
		String bucket = "connection-" + System.nanoTime();
		this.s3.createBucket((b) -> b.bucket(bucket));
		this.s3.putObject((p) -> p.bucket(bucket).key("k"), RequestBody.fromString("v"));
		assertThat(this.s3.getObjectAsBytes((g) -> g.bucket(bucket).key("k")).asUtf8String()).isEqualTo("v");
		assertThat(this.sts.getCallerIdentity().arn()).contains(":assumed-role/sample-app/sample-app");
	}

}
