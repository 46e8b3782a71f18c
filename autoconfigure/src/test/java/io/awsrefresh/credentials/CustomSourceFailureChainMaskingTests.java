package io.awsrefresh.credentials;

import java.io.PrintWriter;
import java.io.StringWriter;
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

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sts.model.StsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A custom source (or what it calls) fails with a secret somewhere in its failure: the
 * role's exception, printed as a logger prints it (message, every cause, every suppressed
 * failure), must not show it, nor may the attempt, the status or the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class CustomSourceFailureChainMaskingTests {

	private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

	private static final String SESSION_TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDbrokerTOKEN"
			+ "AiB1AZywLTFYCZyAt2tCXMQYdI5aV1oXVTzlBCbLyDrVryrWAwjH//////////8BEAIaDDQ5NjQ4NDU5NTYyMiIMgazNoJoB";

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
	void aSecretInASuppressedFailureOfACustomSourceIsNotShown(CapturedOutput output) {
		// As a source that retries keeps the earlier attempt's failure.
		assertNoSecretShown(output, SECRET_KEY, (roleName) -> {
			IllegalStateException failure = new IllegalStateException("the credentials broker is unavailable");
			failure.addSuppressed(new IllegalStateException(
					"first try: broker answered {\"secretAccessKey\":\"" + SECRET_KEY + "\"}"));
			throw failure;
		});
	}

	@Test
	void aSecretInTheMessageOfAnAwsExceptionACustomSourceThrowsIsNotShown(CapturedOutput output) {
		// A source that calls STS itself, with session credentials, and gets what STS
		// answers a signature it cannot verify: the canonical request, signed headers
		// and their values included.
		String message = "The request signature we calculated does not match the signature you provided. "
				+ "The Canonical String for this request should have been\n'POST\n/\n\nhost:sts.amazonaws.com\n"
				+ "x-amz-security-token:" + SESSION_TOKEN + "\n\nhost;x-amz-security-token\n0123abcd'";
		assertNoSecretShown(output, SESSION_TOKEN, (roleName) -> {
			throw StsException.builder()
				.statusCode(403)
				.message(message)
				.awsErrorDetails(AwsErrorDetails.builder()
					.errorCode("SignatureDoesNotMatch")
					.errorMessage(message)
					.serviceName("Sts")
					.build())
				.build();
		});
	}

	@Test
	void aSecretInTheCauseOfAnAwsExceptionACustomSourceThrowsIsNotShown(CapturedOutput output) {
		assertNoSecretShown(output, SECRET_KEY, (roleName) -> {
			throw StsException.builder()
				.statusCode(500)
				.message("Service unavailable")
				.awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalFailure").build())
				.cause(new IllegalStateException("vault lease {\"secretAccessKey\":\"" + SECRET_KEY + "\"}"))
				.build();
		});
	}

	private static void assertNoSecretShown(CapturedOutput output, String secret, CustomCredentialsSource source) {
		List<RefreshAttempt> attempts = new CopyOnWriteArrayList<>();
		List<String> seen = new ArrayList<>();
		try (RoleCredentialsProviders roles = RoleCredentialsProviders
			.builder(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSOURCE", "not-a-secret")))
			.role(new RoleDefinition("broker", new RoleSource.Custom("broker", source), RefreshSettings.DEFAULTS))
			.listener(attempts::add)
			.withoutRunTimeRoles()
			.build()) {
			RoleCredentialsProvider broker = roles.get("broker");
			assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(broker::resolveCredentials)
				.satisfies((ex) -> seen.add("waiting caller: " + stackTrace(ex)));
			// Fails fast until the next attempt.
			assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(broker::resolveCredentials)
				.satisfies((ex) -> seen.add("failing-fast caller: " + stackTrace(ex)));
			attempts.forEach((attempt) -> seen.add("attempt: " + attempt));
			seen.add("status: " + broker.status());
		}
		seen.add("log: " + output.getAll());
		assertThat(seen).allSatisfy((text) -> assertThat(text).doesNotContain(secret));
	}

	private static String stackTrace(Throwable ex) {
		StringWriter trace = new StringWriter();
		ex.printStackTrace(new PrintWriter(trace));
		return trace.toString();
	}

}
