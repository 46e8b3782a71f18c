package io.awsrefresh.credentials;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.model.StsException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures to obtain credentials in a few words: what STS answered (its error code,
 * message and HTTP status) or that it could not be reached, found through however the SDK
 * wrapped them, in each kind of source's own words; a chained role's source role failing
 * is said as such, and what STS answered that role is not blamed on this one.
 */
class StsFailuresTests {

	private static final StsException ACCESS_DENIED = stsException(403, "AccessDenied",
			"User: arn:aws:iam::123456789012:user/app is not authorized to perform: sts:AssumeRole");

	private static final RoleSource BASE = new RoleSource.AssumeRole(
			AssumeRoleSpec.of("arn:aws:iam::123456789012:role/base", "base"), null,
			new StsEndpoint(Region.EU_WEST_1, URI.create("http://127.0.0.1:9")));

	@Test
	void anAnswerWithAnErrorCodeNamesTheCodeTheMessageAndTheHttpStatus() {
		assertThat(StsFailures.describe(ACCESS_DENIED)).isEqualTo("STS answered AccessDenied (User: "
				+ "arn:aws:iam::123456789012:user/app is not authorized to perform: sts:AssumeRole; HTTP 403)");
		assertThat(StsFailures.errorCode(ACCESS_DENIED)).isEqualTo("AccessDenied");
		assertThat(StsFailures.describe(stsException(403, "AccessDenied", null)))
			.isEqualTo("STS answered AccessDenied (HTTP 403)");
	}

	@Test
	void anAnswerWithoutAnErrorCodeNamesTheHttpStatusAndWhatCameWithIt() {
		StsException proxy = stsException(502, null, "Bad Gateway");
		StsException bare = (StsException) StsException.builder().statusCode(503).build();
		assertThat(StsFailures.describe(proxy)).isEqualTo("STS answered HTTP 502 without an error code (Bad Gateway)");
		assertThat(StsFailures.describe(bare)).isEqualTo("STS answered HTTP 503 without an error code");
		assertThat(StsFailures.errorCode(proxy)).isNull();
		assertThat(StsFailures.errorCode(bare)).isNull();
	}

	@Test
	void theAnswerIsFoundThroughTheExceptionsTheSdkWrapsItIn() {
		SdkClientException wrapped = SdkClientException.create("Unable to load credentials",
				new IllegalStateException("retries exhausted", ACCESS_DENIED));
		assertThat(StsFailures.errorCode(wrapped)).isEqualTo("AccessDenied");
		assertThat(StsFailures.describe(wrapped)).startsWith("STS answered AccessDenied (").endsWith("; HTTP 403)");
		assertThat(StsFailures.isConnectionFailure(wrapped)).isFalse();
	}

	@ParameterizedTest
	@MethodSource("unreachable")
	void everyWayOfNotReachingStsIsAConnectionFailure(Throwable cause) {
		SdkClientException failure = SdkClientException.create("Unable to execute HTTP request: " + cause.getMessage(),
				cause);
		assertThat(StsFailures.isConnectionFailure(failure)).isTrue();
		assertThat(StsFailures.isConnectionFailure(cause)).isTrue();
		assertThat(StsFailures.describe(failure))
			.isEqualTo("STS could not be reached (Unable to execute HTTP request: " + cause.getMessage() + ")");
		assertThat(StsFailures.errorCode(failure)).isNull();
	}

	static Stream<Throwable> unreachable() {
		return Stream.of(new ConnectException("Connection refused"), new UnknownHostException("sts.example.invalid"),
				new SocketTimeoutException("Read timed out"), ApiCallTimeoutException.create(60_000),
				ApiCallAttemptTimeoutException.create(10_000));
	}

	@Test
	void anotherClientSideFailureIsTheStsCallFailingAndAnythingElseIsItsTypeAndMessage() {
		SdkClientException unsigned = SdkClientException.create("Unable to sign the request");
		assertThat(StsFailures.describe(unsigned)).isEqualTo("the STS call failed (Unable to sign the request)");
		assertThat(StsFailures.isConnectionFailure(unsigned)).isFalse();
		assertThat(StsFailures.describe(new IllegalArgumentException("no token code")))
			.isEqualTo("IllegalArgumentException: no token code");
	}

	@Test
	void eachKindOfSourceDescribesAFailureInItsOwnWords() {
		IllegalStateException sealed = new IllegalStateException("vault is sealed");
		SdkClientException refused = SdkClientException.create("Connection refused by host",
				new ConnectException("Connection refused"));
		assertThat(StsFailures.describe(RoleSource.Kind.ASSUME_ROLE, ACCESS_DENIED))
			.isEqualTo(StsFailures.describe(ACCESS_DENIED));
		assertThat(StsFailures.describe(RoleSource.Kind.CUSTOM, sealed))
			.isEqualTo("IllegalStateException: vault is sealed");
		assertThat(StsFailures.describe(RoleSource.Kind.IOT_CERTIFICATE, refused))
			.isEqualTo("the AWS IoT credentials provider could not be reached (Connection refused by host)");
		assertThat(StsFailures.describe(RoleSource.Kind.IOT_CERTIFICATE,
				new IllegalStateException("AWS IoT answered HTTP 403 for role alias 'fleet'")))
			.isEqualTo("AWS IoT answered HTTP 403 for role alias 'fleet'");
		assertThat(StsFailures.describe(RoleSource.Kind.SOURCE_CREDENTIALS,
				SdkClientException.create("Unable to load credentials from any of the providers in the chain")))
			.isEqualTo("Unable to load credentials from any of the providers in the chain");
		// A failure without a message is named by its class, never "null".
		assertThat(StsFailures.describe(RoleSource.Kind.SOURCE_CREDENTIALS, new IllegalStateException()))
			.isEqualTo("IllegalStateException");
		assertThat(StsFailures.describe(RoleSource.Kind.IOT_CERTIFICATE, new IllegalStateException()))
			.isEqualTo("IllegalStateException");
	}

	@Test
	void aSourceRolesFailureIsSaidAsSuchAndWhatStsAnsweredItIsNotThisRolesAnswer() {
		RoleCredentialsException base = new RoleCredentialsException("base", BASE, ACCESS_DENIED);
		SdkClientException chained = SdkClientException.create("Unable to load credentials from the provider", base);
		assertThat(StsFailures.sourceRoleFailure(chained)).isSameAs(base);
		assertThat(StsFailures.describe(RoleSource.Kind.ASSUME_ROLE, chained))
			.isEqualTo("its source role failed: Could not obtain credentials for role 'base' "
					+ "(arn:aws:iam::123456789012:role/base): " + StsFailures.describe(ACCESS_DENIED));
		assertThat(StsFailures.errorCode(chained)).isNull();
		RoleCredentialsException unreachable = new RoleCredentialsException("base", BASE,
				SdkClientException.create("Unable to execute HTTP request", new ConnectException("refused")));
		assertThat(StsFailures.isConnectionFailure(SdkClientException.create("wrapped", unreachable))).isFalse();
		assertThat(StsFailures.sourceRoleFailure(ACCESS_DENIED)).isNull();
	}

	@Test
	void aFailureWhoseMessageCannotBeReadIsNamedByItsClass() {
		RuntimeException unreadable = new Unreadable();
		for (RoleSource.Kind kind : RoleSource.Kind.values()) {
			assertThat(StsFailures.describe(kind, unreadable)).as(kind.name()).isEqualTo(Unreadable.class.getName());
		}
	}

	private static StsException stsException(int status, String code, String message) {
		return (StsException) StsException.builder()
			.statusCode(status)
			.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
			.build();
	}

	/**
	 * A custom source's exception whose message fails.
	 */
	private static final class Unreadable extends RuntimeException {

		@Override
		public String getMessage() {
			throw new IllegalStateException("no message");
		}

	}

}
