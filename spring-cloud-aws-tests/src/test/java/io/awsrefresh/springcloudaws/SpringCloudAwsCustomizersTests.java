package io.awsrefresh.springcloudaws;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.awspring.cloud.autoconfigure.AwsAsyncClientCustomizer;
import io.awspring.cloud.autoconfigure.AwsSyncClientCustomizer;
import io.awspring.cloud.autoconfigure.s3.S3ClientCustomizer;
import io.awspring.cloud.autoconfigure.sqs.SqsAsyncClientCustomizer;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import io.awsrefresh.client.AwsClientCustomizer;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.test.emulator.AwsEmulatorTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Cloud AWS's client customizer beans reach the clients aws-refresh builds in
 * place of its own, as Spring Cloud AWS applied them: the default role's clients of the
 * types it configures, sync and async customizers first, then the service's own; the
 * application's aws-refresh customizers after them. Other roles' clients, and types
 * Spring Cloud AWS never built, are left alone. Against moto.
 */
@AwsEmulatorTest
class SpringCloudAwsCustomizersTests {

	@Test
	void springCloudAwsCustomizersReachTheDefaultRolesClientsOfTheTypesItConfigures() {
		try (ConfigurableApplicationContext context = Moto.run(App.class,
				"aws.refresh.roles.audit.role-arn=" + Moto.AUDIT_ROLE)) {
			App app = context.getBean(App.class);
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			ClientOverrideConfiguration s3 = context.getBean(S3Client.class)
				.serviceClientConfiguration()
				.overrideConfiguration();
			assertThat(s3.apiCallAttemptTimeout()).as("AwsSyncClientCustomizer").contains(Duration.ofSeconds(13));
			// The service's customizer after the sync one, the application's aws-refresh
			// customizer after both.
			assertThat(s3.apiCallTimeout()).as("S3ClientCustomizer, then aws-refresh's")
				.contains(Duration.ofSeconds(19));
			ClientOverrideConfiguration sqs = context.getBean(SqsAsyncClient.class)
				.serviceClientConfiguration()
				.overrideConfiguration();
			assertThat(sqs.apiCallAttemptTimeout()).as("AwsAsyncClientCustomizer").contains(Duration.ofSeconds(14));
			assertThat(sqs.apiCallTimeout()).as("SqsAsyncClientCustomizer").contains(Duration.ofSeconds(23));
			// The listener's template is built on that client.
			context.getBean(SqsTemplate.class);
			assertThat(app.order).containsSubsequence("sync", "s3", "aws-refresh");
			// Another role's client, and a type Spring Cloud AWS never built: untouched.
			assertThat(registry.client(S3Client.class, "audit")
				.serviceClientConfiguration()
				.overrideConfiguration()
				.apiCallAttemptTimeout()).isEmpty();
			assertThat(registry.client(StsClient.class)
				.serviceClientConfiguration()
				.overrideConfiguration()
				.apiCallAttemptTimeout()).isEmpty();
		}
	}

	private static void override(SdkClientBuilder<?, ?> builder, Consumer<ClientOverrideConfiguration.Builder> change) {
		ClientOverrideConfiguration.Builder configuration = builder.overrideConfiguration().toBuilder();
		change.accept(configuration);
		builder.overrideConfiguration(configuration.build());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		final List<String> order = new CopyOnWriteArrayList<>();

		@Bean
		AwsSyncClientCustomizer syncTimeouts() {
			return (builder) -> {
				this.order.add("sync");
				// The builder is the client's, an SdkClientBuilder too.
				override((SdkClientBuilder<?, ?>) builder,
						(configuration) -> configuration.apiCallAttemptTimeout(Duration.ofSeconds(13)));
			};
		}

		@Bean
		AwsAsyncClientCustomizer asyncTimeouts() {
			return (builder) -> override((SdkClientBuilder<?, ?>) builder,
					(configuration) -> configuration.apiCallAttemptTimeout(Duration.ofSeconds(14)));
		}

		@Bean
		S3ClientCustomizer s3Timeouts() {
			return (builder) -> {
				this.order.add("s3");
				override(builder, (configuration) -> configuration.apiCallTimeout(Duration.ofSeconds(17)));
			};
		}

		@Bean
		SqsAsyncClientCustomizer sqsTimeouts() {
			return (builder) -> override(builder,
					(configuration) -> configuration.apiCallTimeout(Duration.ofSeconds(23)));
		}

		@Bean
		AwsClientCustomizer<S3ClientBuilder> awsRefreshS3Timeouts() {
			return (builder, role, region) -> {
				if (role.equals("default")) {
					this.order.add("aws-refresh");
					override(builder, (configuration) -> configuration.apiCallTimeout(Duration.ofSeconds(19)));
				}
			};
		}

	}

}
