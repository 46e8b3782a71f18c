package io.awsrefresh.springcloudaws;

import java.util.ArrayList;
import java.util.List;

import io.awsrefresh.test.emulator.AwsEmulator;
import io.awsrefresh.test.emulator.AwsEmulators;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The shared emulator, and the plain SDK clients a test uses to set up resources and to
 * ask who a set of credentials belongs to.
 */
final class Moto {

	static final String APP_ROLE = "arn:aws:iam::123456789012:role/app";

	static final String AUDIT_ROLE = "arn:aws:iam::123456789012:role/audit";

	private Moto() {
	}

	static AwsEmulator emulator() {
		return AwsEmulators.shared();
	}

	/**
	 * Starts an application, without a web server, whose aws.refresh default role is
	 * assumed at moto, with more properties.
	 */
	static ConfigurableApplicationContext run(Class<?> application, String... properties) {
		List<String> all = new ArrayList<>(
				List.of("aws.refresh.region=" + emulator().region(), "aws.refresh.endpoint=" + emulator().endpoint(),
						"aws.refresh.source.access-key-id=" + emulator().accessKeyId(),
						"aws.refresh.source.secret-access-key=" + emulator().secretAccessKey(),
						"aws.refresh.role-arn=" + APP_ROLE));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.run();
	}

	static AwsCredentialsProvider sourceCredentials() {
		AwsEmulator emulator = emulator();
		return StaticCredentialsProvider
			.create(AwsBasicCredentials.create(emulator.accessKeyId(), emulator.secretAccessKey()));
	}

	static String createQueue(String name) {
		try (SqsClient sqs = SqsClient.builder()
			.region(Region.of(emulator().region()))
			.endpointOverride(emulator().endpoint())
			.credentialsProvider(sourceCredentials())
			.build()) {
			return sqs.createQueue((queue) -> queue.queueName(name)).queueUrl();
		}
	}

	/**
	 * Who STS says the credentials belong to.
	 */
	static String callerArn(IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
		try (StsClient sts = StsClient.builder()
			.region(Region.of(emulator().region()))
			.endpointOverride(emulator().endpoint())
			.credentialsProvider(credentials)
			.build()) {
			return sts.getCallerIdentity().arn();
		}
	}

}
