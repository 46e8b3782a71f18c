package io.awsrefresh.credentials;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.awsrefresh.credentials.RefreshAttempt.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;
import software.amazon.awssdk.services.sts.model.StsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * A failed call forces one refresh of the role it was signed for when AWS rejected its
 * credentials as expired or invalid (in the words of STS and query services, S3, or JSON
 * services), and only if the access key id in its SigV4 {@code Authorization} header is
 * still the role's current one. Any other failure, a call that was never signed, or a
 * signature without a readable access key id forces nothing; nothing it is given makes it
 * throw. Driven through its SDK hook on virtual time, with no HTTP.
 */
class ExpiredCredentialsInterceptorTests {

	private final VirtualTimeRole role = new VirtualTimeRole(RefreshSettings.DEFAULTS);

	private final RoleCredentialsProvider credentials = this.role.provider();

	private final ExpiredCredentialsInterceptor interceptor = new ExpiredCredentialsInterceptor(this.credentials);

	@ParameterizedTest
	@ValueSource(strings = { "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "InvalidToken",
			"TokenRefreshRequired", "InvalidAccessKeyId", "UnrecognizedClientException" })
	void aCallRejectedAsExpiredOrInvalidForcesOneRefresh(String errorCode) {
		assertThat(this.credentials.resolveCredentials().accessKeyId()).isEqualTo("ASIA1");
		failCall(stsException(errorCode), signedBy("ASIA1"));
		assertThat(this.role.fetches()).isEqualTo(2);
		assertThat(this.role.triggers()).containsExactly(Trigger.FIRST_USE, Trigger.INVALIDATED);
		assertThat(this.credentials.resolveCredentials().accessKeyId()).isEqualTo("ASIA2");
	}

	@Test
	void s3AndJsonServicesAreUnderstoodInTheirOwnWords() {
		this.credentials.resolveCredentials();
		failCall(serviceException(S3Exception.builder(), 400, "ExpiredToken"), signedBy("ASIA1"));
		assertThat(this.role.fetches()).isEqualTo(2);
		// Past the shortest time between two forced refreshes.
		this.role.advance(Duration.ofSeconds(10));
		failCall(serviceException(DynamoDbException.builder(), 400, "UnrecognizedClientException"), signedBy("ASIA2"));
		assertThat(this.role.fetches()).isEqualTo(3);
		assertThat(this.credentials.resolveCredentials().accessKeyId()).isEqualTo("ASIA3");
	}

	@Test
	void aRejectionWrappedByTheSdkIsFound() {
		this.credentials.resolveCredentials();
		failCall(SdkClientException.create("Request failed", stsException("ExpiredToken")), signedBy("ASIA1"));
		assertThat(this.role.fetches()).isEqualTo(2);
	}

	@Test
	void manyCallsRejectedTogetherForceOneRefreshAndCredentialsAlreadyReplacedForceNone() {
		this.credentials.resolveCredentials();
		for (int i = 0; i < 16; i++) {
			failCall(stsException("ExpiredToken"), signedBy("ASIA1"));
		}
		assertThat(this.role.fetches()).isEqualTo(2);
		// Calls signed with ASIA1 still come back after ASIA2 arrived.
		this.role.advance(Duration.ofMinutes(1));
		failCall(stsException("ExpiredToken"), signedBy("ASIA1"));
		assertThat(this.role.fetches()).isEqualTo(2);
		assertThat(this.credentials.resolveCredentials().accessKeyId()).isEqualTo("ASIA2");
	}

	@ParameterizedTest
	@ValueSource(strings = { "AccessDenied", "AccessDeniedException", "Throttling", "ServiceUnavailable",
			"SignatureDoesNotMatch", "RequestExpired" })
	void otherErrorCodesForceNothing(String errorCode) {
		this.credentials.resolveCredentials();
		failCall(stsException(errorCode), signedBy("ASIA1"));
		assertThat(this.role.fetches()).isOne();
	}

	@Test
	void failuresWithoutAnAnswerFromAwsForceNothing() {
		this.credentials.resolveCredentials();
		failCall(
				SdkClientException.create("Unable to execute HTTP request", new ConnectException("Connection refused")),
				signedBy("ASIA1"));
		failCall(new IllegalStateException("ExpiredToken"), signedBy("ASIA1"));
		failCall((StsException) StsException.builder().statusCode(403).build(), signedBy("ASIA1"));
		assertThat(this.role.fetches()).isOne();
	}

	@Test
	void aCallWithoutARequestSentOrWithoutAReadableAccessKeyIdForcesNothing() {
		this.credentials.resolveCredentials();
		StsException expired = stsException("ExpiredToken");
		failCall(expired, null);
		failCall(expired, request(null));
		failCall(expired, request("Bearer eyJhbGciOiJIUzI1NiJ9"));
		failCall(expired, request("AWS4-HMAC-SHA256 Credential=ASIA1"));
		failCall(expired, request("AWS4-HMAC-SHA256 Credential=/20261129/eu-west-1/sts/aws4_request"));
		assertThat(this.role.fetches()).isOne();
	}

	@Test
	void theAccessKeyIdIsReadFromTheAuthorizationHeaderWhateverItsCaseAndAlgorithm() {
		this.credentials.resolveCredentials();
		SdkHttpRequest sigV4a = SdkHttpFullRequest.builder()
			.method(SdkHttpMethod.GET)
			.uri(URI.create("https://s3.amazonaws.com/bucket/key"))
			.putHeader("authorization",
					"AWS4-ECDSA-P256-SHA256 Credential=ASIA1/20261129/s3/aws4_request, "
							+ "SignedHeaders=host;x-amz-date;x-amz-region-set, Signature=3045022100")
			.build();
		failCall(stsException("ExpiredToken"), sigV4a);
		assertThat(this.role.fetches()).isEqualTo(2);
	}

	@Test
	void aRoleWhoseSourceCredentialsAreUsedAsTheyAreHasNothingToRefresh() {
		RoleCredentialsProvider direct = RoleCredentialsProvider.direct(
				new RoleDefinition("default", new RoleSource.Direct(), RefreshSettings.DEFAULTS),
				StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSOURCE", "source-secret")));
		ExpiredCredentialsInterceptor interceptor = new ExpiredCredentialsInterceptor(direct);
		assertThatNoException().isThrownBy(() -> interceptor.onExecutionFailure(
				new FailedExecution(stsException("InvalidClientTokenId"), signedBy("AKIDSOURCE")),
				new ExecutionAttributes()));
		assertThat(direct.resolveCredentials().accessKeyId()).isEqualTo("AKIDSOURCE");
	}

	@Test
	void aRejectionOnceTheRoleIsClosedIsIgnored() {
		this.credentials.resolveCredentials();
		this.role.close();
		assertThatNoException().isThrownBy(() -> failCall(stsException("ExpiredToken"), signedBy("ASIA1")));
		assertThat(this.role.fetches()).isOne();
	}

	@Test
	void itNamesItsRole() {
		assertThat(this.interceptor).hasToString("ExpiredCredentialsInterceptor[role=app]");
	}

	private void failCall(Throwable exception, SdkHttpRequest request) {
		this.interceptor.onExecutionFailure(new FailedExecution(exception, request), new ExecutionAttributes());
	}

	private static SdkHttpRequest signedBy(String accessKeyId) {
		return request("AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/20261129/eu-west-1/sts/aws4_request, "
				+ "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=5d672d79c15b13162d9279b0855cfba6");
	}

	private static SdkHttpRequest request(String authorization) {
		SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
			.method(SdkHttpMethod.POST)
			.uri(URI.create("https://sts.eu-west-1.amazonaws.com/"));
		if (authorization != null) {
			request.putHeader("Authorization", authorization);
		}
		return request.build();
	}

	private static StsException stsException(String errorCode) {
		return (StsException) serviceException(StsException.builder(), 403, errorCode);
	}

	private static AwsServiceException serviceException(AwsServiceException.Builder builder, int status,
			String errorCode) {
		return builder.statusCode(status)
			.awsErrorDetails(AwsErrorDetails.builder().errorCode(errorCode).errorMessage("rejected").build())
			.build();
	}

	/**
	 * What the SDK hands the interceptor when a call fails: the exception, and the HTTP
	 * request if one was built.
	 */
	private record FailedExecution(Throwable exception,
			Optional<SdkHttpRequest> httpRequest) implements Context.FailedExecution {

		FailedExecution(Throwable exception, SdkHttpRequest httpRequest) {
			this(exception, Optional.ofNullable(httpRequest));
		}

		@Override
		public SdkRequest request() {
			return GetCallerIdentityRequest.builder().build();
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

}
