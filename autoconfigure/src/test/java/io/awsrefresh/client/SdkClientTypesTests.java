package io.awsrefresh.client;

import java.util.List;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.awscore.AwsClient;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.s3.DelegatingS3Client;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsAsyncClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Any SDK v2 service client interface, sync or async, is recognized by what they all
 * share (it extends {@link AwsClient} and has a static {@code builder()} returning an
 * {@code AwsClientBuilder}): its service id is its lower-cased
 * {@code SERVICE_METADATA_ID}, and its builder type and a new builder come from that
 * {@code builder()}. Anything else is refused with a message that names the type and what
 * it lacks.
 */
class SdkClientTypesTests {

	private static final List<Class<?>> CLIENTS = List.of(S3Client.class, S3AsyncClient.class, SqsClient.class,
			SqsAsyncClient.class, DynamoDbClient.class, DynamoDbAsyncClient.class, StsClient.class,
			StsAsyncClient.class);

	@Test
	void syncAndAsyncServiceClientInterfacesAreClientTypes() {
		for (Class<?> type : CLIENTS) {
			assertThat(SdkClientTypes.isClientType(type)).as(type.getName()).isTrue();
			assertThat(SdkClientTypes.requireClientType(type)).isSameAs(type);
		}
	}

	@Test
	void typesWithoutAStaticBuilderOfAnAwsClientBuilderAreNotClientTypes() {
		List<Class<?>> others = List.of(SdkClient.class, AwsClient.class, DelegatingS3Client.class,
				S3ClientBuilder.class, String.class, WithoutBuilder.class, WithAnotherBuilder.class,
				WithADefaultBuilder.class, NotAnAwsClient.class);
		for (Class<?> type : others) {
			assertThat(SdkClientTypes.isClientType(type)).as(type.getName()).isFalse();
		}
	}

	@Test
	void aTypeThatIsNotAClientTypeIsRefusedNamingIt() {
		assertThatExceptionOfType(UnsupportedClientTypeException.class)
			.isThrownBy(() -> SdkClientTypes.requireClientType(DelegatingS3Client.class))
			.withMessage(DelegatingS3Client.class.getName() + " is not an AWS SDK v2 service client interface "
					+ "(such as S3Client or SqsAsyncClient, with a static builder() method)")
			.satisfies((ex) -> assertThat(ex.getType()).isEqualTo(DelegatingS3Client.class));
		assertThatExceptionOfType(UnsupportedClientTypeException.class)
			.isThrownBy(() -> SdkClientTypes.requireClientType(WithoutBuilder.class))
			.withMessageStartingWith(WithoutBuilder.class.getName() + " is not an AWS SDK v2 service client");
	}

	@Test
	void theServiceIdIsTheEndpointPrefixSharedBySyncAndAsyncClients() {
		assertThat(SdkClientTypes.serviceId(S3Client.class)).isEqualTo("s3");
		assertThat(SdkClientTypes.serviceId(S3AsyncClient.class)).isEqualTo("s3");
		assertThat(SdkClientTypes.serviceId(SqsClient.class)).isEqualTo("sqs");
		assertThat(SdkClientTypes.serviceId(SqsAsyncClient.class)).isEqualTo("sqs");
		assertThat(SdkClientTypes.serviceId(DynamoDbClient.class)).isEqualTo("dynamodb");
		assertThat(SdkClientTypes.serviceId(DynamoDbAsyncClient.class)).isEqualTo("dynamodb");
		assertThat(SdkClientTypes.serviceId(StsClient.class)).isEqualTo("sts");
		assertThat(SdkClientTypes.serviceId(StsAsyncClient.class)).isEqualTo("sts");
	}

	@Test
	void theServiceIdIsLowerCased() {
		assertThat(SdkClientTypes.isClientType(MixedCaseId.class)).isTrue();
		assertThat(SdkClientTypes.serviceId(MixedCaseId.class)).isEqualTo("mixedcase");
	}

	@Test
	void aClientTypeWithoutAServiceIdConstantIsRefused() {
		assertThat(SdkClientTypes.isClientType(WithoutServiceId.class)).isTrue();
		assertThatExceptionOfType(UnsupportedClientTypeException.class)
			.isThrownBy(() -> SdkClientTypes.serviceId(WithoutServiceId.class))
			.withMessage(WithoutServiceId.class.getName() + " has no SERVICE_METADATA_ID constant");
		assertThatExceptionOfType(UnsupportedClientTypeException.class)
			.isThrownBy(() -> SdkClientTypes.serviceId(NumericServiceId.class))
			.withMessage(NumericServiceId.class.getName() + " has no SERVICE_METADATA_ID constant");
	}

	@Test
	void theBuilderTypeIsWhatTheStaticBuilderMethodDeclares() {
		assertThat(SdkClientTypes.builderType(S3Client.class)).isEqualTo(S3ClientBuilder.class);
		assertThat(SdkClientTypes.builderType(S3AsyncClient.class)).isEqualTo(S3AsyncClientBuilder.class);
		assertThat(SdkClientTypes.builderType(SqsAsyncClient.class)).isEqualTo(SqsAsyncClientBuilder.class);
		assertThat(SdkClientTypes.builderType(DynamoDbClient.class)).isEqualTo(DynamoDbClientBuilder.class);
	}

	@Test
	void eachNewBuilderIsAFreshOneOfTheClientsBuilderType() {
		assertThat(SdkClientTypes.newBuilder(StsClient.class)).isInstanceOf(StsClientBuilder.class)
			.isNotSameAs(SdkClientTypes.newBuilder(StsClient.class));
		assertThat(SdkClientTypes.newBuilder(SqsAsyncClient.class)).isInstanceOf(SqsAsyncClientBuilder.class);
	}

	@Test
	void aTypeWithoutAStaticBuilderHasNoBuilder() {
		assertThatExceptionOfType(UnsupportedClientTypeException.class)
			.isThrownBy(() -> SdkClientTypes.newBuilder(WithoutBuilder.class))
			.withMessage(WithoutBuilder.class.getName() + " has no static builder() method");
		assertThatExceptionOfType(UnsupportedClientTypeException.class)
			.isThrownBy(() -> SdkClientTypes.builderType(WithADefaultBuilder.class))
			.withMessage(WithADefaultBuilder.class.getName() + " has no static builder() method");
	}

	@Test
	void aBuilderMethodThatFailsIsReportedNamingTheType() {
		assertThatIllegalStateException().isThrownBy(() -> SdkClientTypes.newBuilder(FailingBuilder.class))
			.withMessage("Could not create a builder for " + FailingBuilder.class.getName())
			.havingCause()
			.havingCause()
			.withMessage("no builder today");
	}

	interface WithoutBuilder extends AwsClient {

		String SERVICE_METADATA_ID = "none";

	}

	interface WithAnotherBuilder extends AwsClient {

		String SERVICE_METADATA_ID = "other";

		static StringBuilder builder() {
			return new StringBuilder();
		}

	}

	interface WithADefaultBuilder extends AwsClient {

		String SERVICE_METADATA_ID = "default";

		default S3ClientBuilder builder() {
			return S3Client.builder();
		}

	}

	interface NotAnAwsClient extends SdkClient {

		String SERVICE_METADATA_ID = "sdk";

		static S3ClientBuilder builder() {
			return S3Client.builder();
		}

	}

	interface MixedCaseId extends AwsClient {

		String SERVICE_METADATA_ID = "MixedCase";

		static S3ClientBuilder builder() {
			return S3Client.builder();
		}

	}

	interface WithoutServiceId extends AwsClient {

		static S3ClientBuilder builder() {
			return S3Client.builder();
		}

	}

	interface NumericServiceId extends AwsClient {

		int SERVICE_METADATA_ID = 3;

		static S3ClientBuilder builder() {
			return S3Client.builder();
		}

	}

	interface FailingBuilder extends AwsClient {

		String SERVICE_METADATA_ID = "failing";

		static S3ClientBuilder builder() {
			throw new IllegalStateException("no builder today");
		}

	}

}
