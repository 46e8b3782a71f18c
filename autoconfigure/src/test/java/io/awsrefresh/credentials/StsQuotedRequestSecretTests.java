package io.awsrefresh.credentials;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * STS (like IAM and the other query APIs) answers a request whose signature it cannot
 * verify with {@code SignatureDoesNotMatch} and a message that quotes the canonical
 * request it expected: every signed header with its value, the
 * {@code x-amz-security-token} of session source credentials (SSO, an instance or
 * container role, a chained role's source) included. That session token is a secret: it
 * must not reach the exception callers see, the attempt listeners hear, the role's status
 * or the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class StsQuotedRequestSecretTests {

	/**
	 * The session token of the source credentials, shaped as STS issues them.
	 */
	private static final String SESSION_TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDsourceTOKEN"
			+ "AiB1AZywLTFYCZyAt2tCXMQYdI5aV1oXVTzlBCbLyDrVryrWAwjH//////////8BEAIaDDQ5NjQ4NDU5NTYyMiIMgazNoJoB"
			+ "gjxTaMx1KqoDo4waXjvozXJZvEcc5sjoKEzZTN0ekkJYmHfX8iJ8SWbGRK/giCJK3iNdfsmbgmXRi6QClxT1VgRyqZcLF8A+";

	private final LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());

	@BeforeEach
	void traceLogging() {
		this.logging.setLogLevel("io.awsrefresh", LogLevel.TRACE);
	}

	@AfterEach
	void resetLogging() {
		this.logging.setLogLevel("io.awsrefresh", null);
	}

	@Test
	void aSessionTokenStsQuotesInSignatureDoesNotMatchIsNeitherThrownNorToldNorLogged(CapturedOutput output) {
		SdkHttpClient sts = new SignatureDoesNotMatchStub();
		List<RefreshAttempt> attempts = new CopyOnWriteArrayList<>();
		StsEndpoint endpoint = new StsEndpoint(Region.US_EAST_1, URI.create("https://sts.us-east-1.amazonaws.com"));
		try (RoleCredentialsProviders roles = RoleCredentialsProviders
			.builder(StaticCredentialsProvider
				.create(AwsSessionCredentials.create("ASIASOURCE", "source-secret-not-tested", SESSION_TOKEN)))
			.httpClient(sts)
			.listener(attempts::add)
			.runTimeRoles(100, Duration.ofHours(1), endpoint)
			.build()) {
			RoleCredentialsProvider partner = roles
				.forRole(AssumeRoleSpec.of("arn:aws:iam::333333333333:role/Partner", "orders"));
			List<String> seen = new ArrayList<>();
			assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(partner::resolveCredentials)
				.satisfies((ex) -> {
					assertThat(ex.getStsErrorCode()).isEqualTo("SignatureDoesNotMatch");
					seen.add("exception message: " + ex.getMessage());
					StringWriter trace = new StringWriter();
					ex.printStackTrace(new PrintWriter(trace));
					seen.add("stack trace: " + trace);
				});
			// A caller that fails fast until the next attempt.
			assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(partner::resolveCredentials)
				.satisfies((ex) -> {
					StringWriter trace = new StringWriter();
					ex.printStackTrace(new PrintWriter(trace));
					seen.add("fail-fast stack trace: " + trace);
				});
			assertThat(attempts).isNotEmpty().allSatisfy((attempt) -> seen.add("attempt: " + attempt));
			seen.add("status: " + partner.status());
			seen.add("log: " + output.getAll());
			assertThat(seen).allSatisfy((text) -> assertThat(text).doesNotContain(SESSION_TOKEN));
		}
	}

}
