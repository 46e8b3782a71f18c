package io.awsrefresh.observation;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.awsrefresh.credentials.RunTimeRoleFixture;
import io.awsrefresh.credentials.SignatureDoesNotMatchStub;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.Ordered;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.InterceptorContext;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.model.StsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every SDK call of a customized client is one {@code aws.sdk.api.call} observation:
 * named for its service and operation, tagged with the client's low-cardinality role, its
 * region and the call's outcome, a child of the observation in scope when it starts,
 * never put in scope itself, and stopped once, with its error when it fails, whichever
 * thread ends the call.
 */
class SdkCallObservationsTests {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final RunTimeRoleFixture roles = new RunTimeRoleFixture();

	private final SdkCallObservations observations = new SdkCallObservations(this.registry,
			this.roles.providers()::tagNameOf);

	@AfterEach
	void closeRoles() {
		this.roles.close();
	}

	private final List<String> stopped = new CopyOnWriteArrayList<>();

	/**
	 * The outcome each observation had when it was stopped: what a timer or span records.
	 */
	private final List<String> outcomesAtStop = new CopyOnWriteArrayList<>();

	SdkCallObservationsTests() {
		this.registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStop(Observation.Context context) {
				SdkCallObservationsTests.this.stopped.add(context.getContextualName());
				KeyValue outcome = context.getLowCardinalityKeyValue("outcome");
				SdkCallObservationsTests.this.outcomesAtStop.add((outcome != null) ? outcome.getValue() : "none");
			}

		});
	}

	@Test
	void aCallIsAnObservationNamedForItsServiceAndOperationWithTheClientsRoleAndRegion() {
		ExecutionInterceptor interceptor = interceptorFor(this.roles.auditIn("123456789012"), Region.EU_WEST_1);
		ExecutionAttributes call = call("S3", "PutObject");
		interceptor.beforeExecution(started(), call);
		assertThat(this.registry.getCurrentObservation()).as("the call's observation is not in scope").isNull();
		interceptor.afterExecution(succeeded(), call);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasNameEqualTo(SdkCallObservations.NAME)
			.hasContextualNameEqualTo("S3.PutObject")
			.hasLowCardinalityKeyValue("service", "S3")
			.hasLowCardinalityKeyValue("operation", "PutObject")
			.hasLowCardinalityKeyValue("role", "audit")
			.hasLowCardinalityKeyValue("region", "eu-west-1")
			.hasLowCardinalityKeyValue("outcome", "success")
			.doesNotHaveError()
			.doesNotHaveParentObservation()
			.hasBeenStopped();
	}

	@Test
	void aFailedCallIsStoppedWithItsErrorAndOutcomeFailure() {
		ExecutionInterceptor interceptor = interceptorFor(this.roles.builtInCode(), Region.US_EAST_1);
		ExecutionAttributes call = call("DynamoDB", "GetItem");
		IllegalStateException failure = new IllegalStateException("Unable to execute HTTP request");
		interceptor.beforeExecution(started(), call);
		interceptor.onExecutionFailure(new Failed(failure, started().request()), call);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasContextualNameEqualTo("DynamoDB.GetItem")
			.hasLowCardinalityKeyValue("role", "built-in-code")
			.hasLowCardinalityKeyValue("outcome", "failure")
			.hasError(failure)
			.hasBeenStopped();
	}

	@Test
	void theObservationInScopeWhenACallStartsIsItsParentAndStaysInScope() {
		ExecutionInterceptor interceptor = interceptorFor("default", Region.EU_WEST_1);
		Observation request = Observation.start("orders.request", this.registry);
		ExecutionAttributes child = call("Sqs", "SendMessage");
		try (Observation.Scope scope = request.openScope()) {
			interceptor.beforeExecution(started(), child);
			assertThat(this.registry.getCurrentObservation()).isSameAs(request);
		}
		interceptor.afterExecution(succeeded(), child);
		ExecutionAttributes orphan = call("Sqs", "ReceiveMessage");
		interceptor.beforeExecution(started(), orphan);
		interceptor.afterExecution(succeeded(), orphan);
		request.stop();
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo(SdkCallObservations.NAME, 2)
			.hasAnObservation((observation) -> observation.hasContextualNameEqualTo("Sqs.SendMessage")
				.hasParentObservationEqualTo(request))
			.hasAnObservation((observation) -> observation.hasContextualNameEqualTo("Sqs.ReceiveMessage")
				.doesNotHaveParentObservation());
	}

	@Test
	void overlappingCallsAreStoppedEachWithItsOwnOutcomeOnWhicheverThreadEndsThem() throws Exception {
		ExecutionInterceptor interceptor = interceptorFor("default", Region.EU_WEST_1);
		ExecutionAttributes put = call("S3", "PutObject");
		ExecutionAttributes get = call("S3", "GetObject");
		interceptor.beforeExecution(started(), put);
		interceptor.beforeExecution(started(), get);
		// An async client completes its calls on other threads.
		Failed failed = new Failed(new IllegalStateException("gone"), started().request());
		CompletableFuture.runAsync(() -> interceptor.onExecutionFailure(failed, get)).get();
		CompletableFuture.runAsync(() -> interceptor.afterExecution(succeeded(), put)).get();
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo(SdkCallObservations.NAME, 2)
			.hasAnObservation((observation) -> observation.hasContextualNameEqualTo("S3.PutObject")
				.hasLowCardinalityKeyValue("outcome", "success")
				.doesNotHaveError())
			.hasAnObservation((observation) -> observation.hasContextualNameEqualTo("S3.GetObject")
				.hasLowCardinalityKeyValue("outcome", "failure")
				.hasError());
		assertThat(this.stopped).containsExactly("S3.GetObject", "S3.PutObject");
	}

	@Test
	void theEndOfACallWhoseStartWasNotObservedMakesNoObservation() {
		ExecutionInterceptor interceptor = interceptorFor("default", Region.EU_WEST_1);
		interceptor.afterExecution(succeeded(), call("S3", "PutObject"));
		interceptor.onExecutionFailure(new Failed(new IllegalStateException("failed"), started().request()),
				call("S3", "PutObject"));
		TestObservationRegistryAssert.assertThat(this.registry).doesNotHaveAnyObservation();
		assertThat(this.stopped).isEmpty();
	}

	@Test
	void theSdkObservesTheCallsOfAClientItBuildsWithTheInterceptor() {
		FakeS3 http = new FakeS3();
		S3ClientBuilder builder = S3Client.builder()
			.region(Region.EU_WEST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
			.httpClient(http);
		this.observations.customize(builder, "reports", Region.EU_WEST_1);
		try (S3Client s3 = builder.build()) {
			s3.listBuckets();
			http.deny();
			assertThatExceptionOfType(S3Exception.class).isThrownBy(s3::listBuckets);
		}
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo(SdkCallObservations.NAME, 2)
			.forAllObservationsWithNameEqualTo(SdkCallObservations.NAME,
					(observation) -> observation.hasContextualNameEqualTo("S3.ListBuckets")
						.hasLowCardinalityKeyValue("role", "reports")
						.hasLowCardinalityKeyValue("region", "eu-west-1"))
			.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("outcome", "success"))
			.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("outcome", "failure")
				.assertThatError()
				.isInstanceOf(S3Exception.class));
		assertThat(this.stopped).containsExactly("S3.ListBuckets", "S3.ListBuckets");
		assertThat(http.requests).isEqualTo(2);
	}

	@Test
	void aSessionTokenTheServiceQuotesBackInItsAnswerIsNotRecordedWithTheError() {
		String token = "FwoGZXIvYXdzEXAMPLEsessionTOKENthatAtracingBackendMustNeverStore0123456789abcdefghijklmnopqrstuvwxyz";
		StsClientBuilder builder = StsClient.builder()
			.region(Region.US_EAST_1)
			.credentialsProvider(
					StaticCredentialsProvider.create(AwsSessionCredentials.create("ASIAEXAMPLE", "secret", token)))
			.httpClient(new SignatureDoesNotMatchStub());
		this.observations.customize(builder, "reports", Region.US_EAST_1);
		try (StsClient sts = builder.build()) {
			// The caller gets the SDK's exception as it is: what it does with it is its
			// own
			// business.
			assertThatExceptionOfType(StsException.class).isThrownBy(sts::getCallerIdentity)
				.withMessageContaining(token);
		}
		// What a tracing handler records (the error's type, code and message) holds no
		// token.
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "failure")
			.assertThatError()
			.isInstanceOf(StsException.class)
			.hasMessageContaining("The Canonical String for this request should have been")
			.hasMessageNotContaining(token)
			.satisfies((error) -> assertThat(((StsException) error).awsErrorDetails().errorCode())
				.isEqualTo("SignatureDoesNotMatch"))
			.satisfies((error) -> assertThat(((StsException) error).awsErrorDetails().errorMessage())
				.doesNotContain(token));
	}

	@Test
	void anApplicationInterceptorThatFailsTheEndOfACallMakesItAFailureStoppedOnce() {
		FakeS3 http = new FakeS3();
		ExecutionInterceptor failing = new ExecutionInterceptor() {

			@Override
			public void afterExecution(Context.AfterExecution context, ExecutionAttributes executionAttributes) {
				throw new IllegalStateException("the application's interceptor failed the call");
			}

		};
		S3ClientBuilder builder = S3Client.builder()
			.region(Region.EU_WEST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
			.httpClient(http)
			.overrideConfiguration((config) -> config.addExecutionInterceptor(failing));
		this.observations.customize(builder, "default", Region.EU_WEST_1);
		try (S3Client s3 = builder.build()) {
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(s3::listBuckets);
		}
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo(SdkCallObservations.NAME, 1)
			.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("outcome", "failure")
				.assertThatError()
				.hasMessage("the application's interceptor failed the call"));
		assertThat(this.stopped).containsExactly("S3.ListBuckets");
		assertThat(this.outcomesAtStop).containsExactly("failure");
	}

	@Test
	void aClientKeepsTheApplicationsInterceptorsAndGetsTheObservingOneFirst() {
		ExecutionInterceptor own = new ExecutionInterceptor() {
		};
		S3ClientBuilder builder = S3Client.builder()
			.overrideConfiguration(
					(config) -> config.addExecutionInterceptor(own).apiCallTimeout(Duration.ofSeconds(7)));
		this.observations.customize(builder, "default", Region.EU_WEST_1);
		List<ExecutionInterceptor> interceptors = builder.overrideConfiguration().executionInterceptors();
		// First, so that it runs last when the call ends.
		assertThat(interceptors).hasSize(2).last().isSameAs(own);
		assertThat(builder.overrideConfiguration().apiCallTimeout()).contains(Duration.ofSeconds(7));
		assertThat(this.observations.getOrder()).isEqualTo(Ordered.LOWEST_PRECEDENCE);
	}

	private ExecutionInterceptor interceptorFor(String role, Region region) {
		S3ClientBuilder builder = S3Client.builder();
		this.observations.customize(builder, role, region);
		return builder.overrideConfiguration().executionInterceptors().get(0);
	}

	/**
	 * What the SDK tells interceptors of a call.
	 */
	private static ExecutionAttributes call(String service, String operation) {
		ExecutionAttributes attributes = new ExecutionAttributes();
		attributes.putAttribute(SdkExecutionAttribute.SERVICE_NAME, service);
		attributes.putAttribute(SdkExecutionAttribute.OPERATION_NAME, operation);
		return attributes;
	}

	private static InterceptorContext started() {
		return InterceptorContext.builder().request(PutObjectRequest.builder().bucket("b").key("k").build()).build();
	}

	private static InterceptorContext succeeded() {
		return started().toBuilder().response(PutObjectResponse.builder().build()).build();
	}

	private record Failed(Throwable exception, SdkRequest request) implements Context.FailedExecution {

		@Override
		public Optional<SdkHttpRequest> httpRequest() {
			return Optional.empty();
		}

		@Override
		public Optional<SdkHttpResponse> httpResponse() {
			return Optional.empty();
		}

		@Override
		public Optional<SdkResponse> response() {
			return Optional.empty();
		}

	}

	/**
	 * S3 on the other side of an HTTP client that never leaves the JVM: it lists no
	 * buckets, or denies access once told to.
	 */
	private static final class FakeS3 implements SdkHttpClient {

		private volatile boolean denied;

		private volatile int requests;

		void deny() {
			this.denied = true;
		}

		@Override
		public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
			return new ExecutableHttpRequest() {

				@Override
				public HttpExecuteResponse call() {
					FakeS3.this.requests++;
					int status = FakeS3.this.denied ? 403 : 200;
					String body = FakeS3.this.denied
							? "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
							: "<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
									+ "<Buckets></Buckets></ListAllMyBucketsResult>";
					byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
					return HttpExecuteResponse.builder()
						.response(SdkHttpResponse.builder()
							.statusCode(status)
							.putHeader("Content-Length", String.valueOf(bytes.length))
							.build())
						.responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
						.build();
				}

				@Override
				public void abort() {
				}

			};
		}

		@Override
		public void close() {
		}

	}

}
