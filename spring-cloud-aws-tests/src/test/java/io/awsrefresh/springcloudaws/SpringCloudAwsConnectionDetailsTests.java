package io.awsrefresh.springcloudaws;

import java.net.URI;

import io.awspring.cloud.autoconfigure.core.AwsConnectionDetails;
import io.awspring.cloud.s3.S3Template;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.test.emulator.AwsEmulatorTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Cloud AWS {@link AwsConnectionDetails} (what its LocalStack or Floci
 * {@code @ServiceConnection} registers) redirects aws-refresh too: no aws.refresh
 * endpoint, region or source keys are set, only the role.
 */
@AwsEmulatorTest
@SpringBootTest(classes = SpringCloudAwsConnectionDetailsTests.App.class, webEnvironment = WebEnvironment.NONE,
		properties = { "aws.refresh.role-arn=" + Moto.APP_ROLE, "spring.cloud.aws.sqs.enabled=false" })
class SpringCloudAwsConnectionDetailsTests {

	@Autowired
	private AwsClientRegistry registry;

	@Autowired
	private S3Template s3Template;

	@Test
	void theConnectionRedirectsTheRegistrysClientsAndStsCalls() {
		S3Client s3 = this.registry.client(S3Client.class);
		assertThat(s3.serviceClientConfiguration().endpointOverride()).hasValue(Moto.emulator().endpoint());
		assertThat(s3.serviceClientConfiguration().region()).isEqualTo(Region.of(Moto.emulator().region()));
		assertThat(Moto.callerArn(s3.serviceClientConfiguration().credentialsProvider()))
			.contains(":assumed-role/app/");
		String bucket = "connection-" + Long.toString(System.nanoTime(), 36);
		this.s3Template.createBucket(bucket);
		assertThat(this.s3Template.bucketExists(bucket)).isTrue();
	}

	@SpringBootApplication
	static class App {

		@Bean
		AwsConnectionDetails emulatorConnection() {
			return new AwsConnectionDetails() {

				@Override
				public URI getEndpoint() {
					return Moto.emulator().endpoint();
				}

				@Override
				public String getRegion() {
					return Moto.emulator().region();
				}

				@Override
				public String getAccessKey() {
					return Moto.emulator().accessKeyId();
				}

				@Override
				public String getSecretKey() {
					return Moto.emulator().secretAccessKey();
				}

			};
		}

	}

}
