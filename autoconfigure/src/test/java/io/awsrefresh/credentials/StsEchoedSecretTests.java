package io.awsrefresh.credentials;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
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
		EchoingSts sts = new EchoingSts();
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
			assertThat(sts.externalIds).containsOnly(EXTERNAL_ID);
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

	/**
	 * Answers every AssumeRole as STS answers an external id outside its pattern.
	 */
	private static final class EchoingSts implements SdkHttpClient {

		final List<String> externalIds = new CopyOnWriteArrayList<>();

		@Override
		public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
			String body = request.contentStreamProvider().map((provider) -> read(provider.newStream())).orElse("");
			String externalId = parameter(body, "ExternalId");
			this.externalIds.add(externalId);
			return new ExecutableHttpRequest() {

				@Override
				public HttpExecuteResponse call() {
					byte[] answer = ("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
							+ "<Type>Sender</Type><Code>ValidationError</Code><Message>1 validation error detected: "
							+ "Value '" + externalId + "' at 'externalId' failed to satisfy constraint: Member must "
							+ "satisfy regular expression pattern: [\\w+=,.@:\\/-]*</Message></Error>"
							+ "<RequestId>stub-error</RequestId></ErrorResponse>")
						.getBytes(StandardCharsets.UTF_8);
					return HttpExecuteResponse.builder()
						.response(SdkHttpResponse.builder()
							.statusCode(400)
							.putHeader("Content-Type", "text/xml")
							.putHeader("Content-Length", String.valueOf(answer.length))
							.build())
						.responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer)))
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

		private static String parameter(String form, String name) {
			for (String pair : form.split("&")) {
				if (pair.startsWith(name + "=")) {
					return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
				}
			}
			return "";
		}

		private static String read(InputStream in) {
			try (in) {
				return new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
