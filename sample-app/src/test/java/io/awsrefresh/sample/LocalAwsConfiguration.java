package io.awsrefresh.sample;

import io.awsrefresh.autoconfigure.AwsRefreshConnectionDetails;
import io.awsrefresh.client.AwsClientCustomizer;
import io.awsrefresh.sample.documents.DocumentsProperties;
import io.awsrefresh.test.emulator.AwsEmulators;
import io.awsrefresh.test.emulator.LocalStackEmulator;
import org.testcontainers.localstack.LocalStackContainer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Development-time wiring: points the sample at LocalStack through Testcontainers where
 * Docker runs, else at moto, creates the bucket and queue the service expects, and prints
 * where to reach it. Lives in test sources so that the production configuration stays
 * clean.
 */
@TestConfiguration(proxyBeanMethods = false)
public class LocalAwsConfiguration {

	@Bean
	LocalAwsResources localAwsResources(S3Client s3, SqsClient sqs, DocumentsProperties properties) {
		return new LocalAwsResources(s3, sqs, properties);
	}

	@Bean
	ApplicationListener<WebServerInitializedEvent> localUrlPrinter() {
		return (event) -> {
			String url = "http://localhost:" + event.getWebServer().getPort();
			System.out.printf("%n  aws-refresh sample is up: %s/identity%n%n"
					+ "    curl -X PUT -H 'Content-Type: text/plain' --data 'hello' %s/documents/hello%n"
					+ "    curl %s/documents/hello%n    curl %s/documents/hello/link%n    curl %s/identity%n%n"
					+ "  Credentials refresh in the background every 30 to 45 seconds (see the DEBUG lines).%n%n", url,
					url, url, url, url);
		};
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(DockerAvailable.class)
	static class LocalStackConfiguration {

		@Bean
		@ServiceConnection
		LocalStackContainer localStack() {
			return new LocalStackContainer(LocalStackEmulator.IMAGE);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(NoDocker.class)
	static class MotoConfiguration {

		@Bean
		AwsRefreshConnectionDetails motoConnectionDetails() {
			return new EmulatorConnectionDetails(AwsEmulators.shared());
		}

		/**
		 * For the emulator, not for AWS: moto answers the {@code Expect: 100-continue} of
		 * an upload part in a way the async (Netty) client takes for the final response,
		 * and the transfer manager's multipart uploads fail with "Status Code: 100". S3
		 * itself answers it properly, so a service keeps it enabled there.
		 */
		@Bean
		AwsClientCustomizer<S3AsyncClientBuilder> motoWithoutExpectContinue() {
			return (builder, role, region) -> builder.serviceConfiguration((s3) -> s3.expectContinueEnabled(false));
		}

	}

	/**
	 * The bucket and queue the service expects, created if missing.
	 */
	static final class LocalAwsResources {

		LocalAwsResources(S3Client s3, SqsClient sqs, DocumentsProperties properties) {
			try {
				s3.createBucket((bucket) -> bucket.bucket(properties.bucket()));
			}
			catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException ex) {
				// Created by an earlier run against the same emulator.
			}
			sqs.createQueue((queue) -> queue.queueName(properties.queue()));
		}

	}

	static class DockerAvailable implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return LocalStackEmulator.isDockerAvailable();
		}

	}

	static class NoDocker implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !LocalStackEmulator.isDockerAvailable();
		}

	}

}
