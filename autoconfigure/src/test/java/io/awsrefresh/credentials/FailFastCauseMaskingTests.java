package io.awsrefresh.credentials;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.model.StsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A role failing with an error that quotes a secret: the caller that waited for the fetch
 * and every caller that fails fast after it, until the next attempt, get the failure as
 * their cause with the secret masked.
 */
class FailFastCauseMaskingTests {

	private static final RoleSource ROLE = new RoleSource.AssumeRole(
			AssumeRoleSpec.of("arn:aws:iam::333333333333:role/Partner", "orders"), null,
			new StsEndpoint(Region.US_EAST_1, null));

	private static final String EXTERNAL_ID = "tenant 42 shared passphrase";

	private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

	private final VirtualTime time = new VirtualTime();

	@Test
	void anExternalIdStsQuotesBackReachesNoCallerNotEvenTheOnesThatFailFast() {
		// As STS answers an external id outside its pattern (StsEchoedSecretTests).
		StsException refused = (StsException) StsException.builder()
			.statusCode(400)
			.message("1 validation error detected: Value '" + EXTERNAL_ID
					+ "' at 'externalId' failed to satisfy constraint")
			.awsErrorDetails(AwsErrorDetails.builder()
				.errorCode("ValidationError")
				.errorMessage("1 validation error detected: Value '" + EXTERNAL_ID
						+ "' at 'externalId' failed to satisfy constraint")
				.build())
			.build();
		RefreshEngine engine = engine(() -> {
			throw refused;
		});
		// The first caller waited for the fetch: masked.
		assertNoSecret(catchThrowableOfType(RoleCredentialsException.class, engine::resolve), EXTERNAL_ID);
		// The next caller fails fast, without a fetch: must be masked too.
		assertNoSecret(catchThrowableOfType(RoleCredentialsException.class, engine::resolve), EXTERNAL_ID);
	}

	@Test
	void aSecretInACustomSourcesFailureReachesNoCallerNotEvenTheOnesThatFailFast() {
		RefreshEngine engine = engine(() -> {
			throw new IllegalStateException("broker refused the lease with secretAccessKey=" + SECRET_KEY);
		});
		assertNoSecret(catchThrowableOfType(RoleCredentialsException.class, engine::resolve), SECRET_KEY);
		assertNoSecret(catchThrowableOfType(RoleCredentialsException.class, engine::resolve), SECRET_KEY);
	}

	private RefreshEngine engine(CredentialsFetcher fetcher) {
		return new RefreshEngine(
				"partner", ROLE, fetcher, RefreshSettings.DEFAULTS, new RefreshRuntime(this.time, this.time,
						Runnable::run, Backoff.DEFAULT, Duration.ofSeconds(10), Duration.ofMinutes(5), () -> 0.5),
				List.of());
	}

	private static void assertNoSecret(RoleCredentialsException ex, String secret) {
		assertThat(ex).isNotNull();
		StringWriter trace = new StringWriter();
		ex.printStackTrace(new PrintWriter(trace));
		// What a logger prints for the exception: message and every cause.
		assertThat(trace.toString()).as("stack trace of %s", ex.getMessage()).doesNotContain(secret);
	}

}
