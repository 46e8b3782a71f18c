package io.awsrefresh.credentials;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * STS answers a value it refuses with a {@code ValidationError} that quotes it: {@code 1
 * validation error detected: Value '...' at 'externalId' failed to satisfy constraint}
 * (aws/aws-cli#4745). A role built in code takes its external id from wherever the
 * application keeps its customers' (docs/many-accounts.md), unchecked, so STS may quote
 * it back. The external id is a secret (DESIGN.md, Secrets): it must not reach the log,
 * the attempt that listeners (events, metrics) hear, the role's status or the exception
 * callers see.
 */
@ExtendWith(OutputCaptureExtension.class)
class StsEchoedSecretTests {

	/**
	 * A passphrase-like external id, as "any string, such as a passphrase" invites: its
	 * spaces fail STS's pattern.
	 */
	private static final String EXTERNAL_ID = "tenant 42 shared passphrase";

	@Test
	void anExternalIdThatStsQuotesInAValidationErrorIsNeitherLoggedNorToldNorThrown(CapturedOutput output) {
		// As STS answers an external id outside its pattern.
		StsHttpStub sts = StsHttpStub.refusingAssumeRole((request) -> "1 validation error detected: Value '"
				+ request.parameter("ExternalId") + "' at 'externalId' failed to satisfy constraint: Member must "
				+ "satisfy regular expression pattern: [\\w+=,.@:\\/-]*");
		List<RefreshAttempt> attempts = new CopyOnWriteArrayList<>();
		StsEndpoint endpoint = new StsEndpoint(Region.US_EAST_1, URI.create("https://sts.us-east-1.amazonaws.com"));
		try (RoleCredentialsProviders roles = RoleCredentialsProviders
			.builder(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSOURCE", "not-a-secret")))
			.httpClient(sts)
			.listener(attempts::add)
			.runTimeRoles(100, Duration.ofHours(1), endpoint)
			.build()) {
			RoleCredentialsProvider partner = roles.forRole(
					AssumeRoleSpec.of("arn:aws:iam::333333333333:role/Partner", "orders").withExternalId(EXTERNAL_ID));
			List<String> seen = new ArrayList<>();
			assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(partner::resolveCredentials)
				.satisfies((ex) -> {
					seen.add(String.valueOf(ex));
					seen.add(String.valueOf(ex.getCause()));
				});
			// STS was asked, with the external id, and quoted it back.
			assertThat(sts.requests()).extracting((request) -> request.parameter("ExternalId"))
				.containsOnly(EXTERNAL_ID);
			assertThat(attempts).singleElement().satisfies((attempt) -> {
				assertThat(attempt.errorCode()).isEqualTo("ValidationError");
				seen.add(attempt.toString());
			});
			seen.add(partner.status().toString());
			seen.add(output.getAll());
			assertThat(output.getAll()).contains("WARN", "ValidationError");
			assertThat(seen).allSatisfy((text) -> assertThat(text).doesNotContain(EXTERNAL_ID));
		}
	}

}
