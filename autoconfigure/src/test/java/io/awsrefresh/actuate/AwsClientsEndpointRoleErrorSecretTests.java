package io.awsrefresh.actuate;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.client.SharedClientResources;
import io.awsrefresh.credentials.RefreshSettings;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleDefinition;
import io.awsrefresh.credentials.RoleSource;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /actuator/awsclients/{role}} asks STS who the role is, and shows why when it
 * cannot. What STS answers a signature it cannot verify quotes the canonical request,
 * with the role's own session token ({@code x-amz-security-token}): the actuator response
 * must not show it.
 */
class AwsClientsEndpointRoleErrorSecretTests {

	private static final String ROLE_TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDroleTOKEN"
			+ "AiB1AZywLTFYCZyAt2tCXMQYdI5aV1oXVTzlBCbLyDrVryrWAwjH//////////8BEAIaDDQ5NjQ4NDU5NTYyMiIMgazNoJoB";

	@Test
	void theErrorOfARoleIdentityShowsNoSessionToken() {
		SdkHttpClient sts = new SignatureDoesNotMatch();
		SharedClientResources resources = new SharedClientResources(() -> sts, () -> null);
		try (RoleCredentialsProviders roles = RoleCredentialsProviders
			.builder(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSOURCE", "not-a-secret")))
			.role(new RoleDefinition("default",
					new RoleSource.Custom("broker",
							(roleName) -> AwsSessionCredentials.builder()
								.accessKeyId("ASIAROLE")
								.secretAccessKey("role-secret-key")
								.sessionToken(ROLE_TOKEN)
								.expirationTime(Instant.now().plus(1, ChronoUnit.HOURS))
								.build()),
					RefreshSettings.DEFAULTS))
			.withoutRunTimeRoles()
			.build();
				AwsClientRegistry registry = AwsClientRegistry.builder(resources)
					.roles(roles)
					.region(Region.EU_WEST_1)
					.build()) {
			AwsClientsEndpoint endpoint = new AwsClientsEndpoint(roles, registry);
			AwsClientsEndpoint.RoleIdentityDescriptor identity = endpoint.role("default");
			assertThat(identity).isNotNull();
			assertThat(identity.error()).contains("SignatureDoesNotMatch", "signature").doesNotContain(ROLE_TOKEN);
		}
		finally {
			resources.close();
		}
	}

	/**
	 * Answers as STS answers a request whose signature it cannot verify.
	 */
	static final class SignatureDoesNotMatch implements SdkHttpClient {

		@Override
		public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
			StringBuilder canonical = new StringBuilder("POST\n/\n\n");
			request.httpRequest()
				.headers()
				.entrySet()
				.stream()
				.filter((header) -> !header.getKey().equalsIgnoreCase("Authorization"))
				.sorted(Map.Entry.comparingByKey(String.CASE_INSENSITIVE_ORDER))
				.forEach((header) -> canonical.append(header.getKey().toLowerCase(Locale.ROOT))
					.append(':')
					.append(String.join(",", header.getValue()))
					.append('\n'));
			String message = "The request signature we calculated does not match the signature you provided. "
					+ "Check your AWS Secret Access Key and signing method.\n\nThe Canonical String for this "
					+ "request should have been\n'" + canonical + "'";
			byte[] answer = ("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
					+ "<Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>"
					+ message.replace("&", "&amp;").replace("<", "&lt;")
					+ "</Message></Error><RequestId>stub-error</RequestId></ErrorResponse>")
				.getBytes(StandardCharsets.UTF_8);
			return new ExecutableHttpRequest() {

				@Override
				public HttpExecuteResponse call() {
					return HttpExecuteResponse.builder()
						.response(SdkHttpResponse.builder()
							.statusCode(403)
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

	}

}
