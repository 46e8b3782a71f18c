package io.awsrefresh.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reflection the registry uses is covered by runtime hints, so that clients can be
 * built in a native image.
 */
class AwsRefreshRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	AwsRefreshRuntimeHintsTests() {
		new AwsRefreshRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void everyClientTypesBuilderAndServiceIdAreReachable() {
		for (Class<?> type : new Class<?>[] { S3Client.class, S3AsyncClient.class, SqsAsyncClient.class,
				StsClient.class }) {
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(type, "builder")).as(type.getName())
				.accepts(this.hints);
			assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(type, "SERVICE_METADATA_ID"))
				.as(type.getName())
				.accepts(this.hints);
		}
	}

	@Test
	void s3PathStyleIsReachable() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(S3BaseClientBuilder.class, "forcePathStyle"))
			.accepts(this.hints);
	}

}
