package io.awsrefresh.springcloudaws;

import java.util.List;

import io.awspring.cloud.autoconfigure.AwsSyncClientCustomizer;
import io.awspring.cloud.autoconfigure.s3.S3ClientCustomizer;
import io.awspring.cloud.autoconfigure.sqs.SqsAsyncClientCustomizer;
import io.awsrefresh.test.emulator.AwsEmulatorTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Cloud AWS applies its per-service keys and its global client keys only to the
 * clients it builds, and builds none of the types whose beans aws-refresh defines:
 * aws-refresh says so at startup in one WARN line, naming each of them, rather than let
 * them be dropped without a word. The keys it replaces by design (region, credentials,
 * endpoint) are not repeated, nor its customizer beans, which aws-refresh applies.
 */
@AwsEmulatorTest
@ExtendWith(OutputCaptureExtension.class)
class SpringCloudAwsSettingsReportTests {

	private static final String WARNING = "so these Spring Cloud AWS settings reach no client";

	@Test
	void clientKeysOfSpringCloudAwsThatReachNoClientAreNamedAtStartup(CapturedOutput output) {
		try (ConfigurableApplicationContext context = Moto.run(WithCustomizers.class,
				"spring.cloud.aws.s3.path-style-access-enabled=true", "spring.cloud.aws.s3.cross-region-enabled=true",
				"spring.cloud.aws.sqs.region=eu-west-3", "spring.cloud.aws.fips-enabled=false",
				// Not a client's: left alone.
				"spring.cloud.aws.sqs.listener.max-messages-per-poll=5")) {
			context.getBean(S3Client.class);
			List<String> warnings = output.getOut().lines().filter((line) -> line.contains(WARNING)).toList();
			assertThat(warnings).singleElement()
				.asString()
				.contains(" WARN ")
				.contains("aws-refresh builds the s3, sqs clients Spring Cloud AWS would have built")
				.contains("reach no client: spring.cloud.aws.fips-enabled, spring.cloud.aws.s3.cross-region-enabled, "
						+ "spring.cloud.aws.s3.path-style-access-enabled, spring.cloud.aws.sqs.region. ")
				.contains("io.awsrefresh.client.AwsClientCustomizer")
				.doesNotContain("max-messages-per-poll", "Timeouts");
		}
	}

	@Test
	void theKeysAwsRefreshReplacesByDesignAreNotRepeated(CapturedOutput output) {
		try (ConfigurableApplicationContext context = Moto.run(App.class, "spring.cloud.aws.region.static=ap-south-1",
				"spring.cloud.aws.credentials.access-key=spring-cloud-aws-key",
				"spring.cloud.aws.credentials.secret-key=spring-cloud-aws-secret",
				"spring.cloud.aws.endpoint=http://127.0.0.1:9")) {
			context.getBean(S3Client.class);
			assertThat(output.getOut()).doesNotContain(WARNING);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WithCustomizers {

		@Bean
		S3ClientCustomizer s3Timeouts() {
			return (builder) -> {
			};
		}

		@Bean
		SqsAsyncClientCustomizer sqsTimeouts() {
			return (builder) -> {
			};
		}

		@Bean
		AwsSyncClientCustomizer syncTimeouts() {
			return (builder) -> {
			};
		}

	}

}
