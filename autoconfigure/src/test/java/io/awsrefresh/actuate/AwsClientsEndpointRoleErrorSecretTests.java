package io.awsrefresh.actuate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.client.SharedClientResources;
import io.awsrefresh.credentials.RefreshSettings;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleDefinition;
import io.awsrefresh.credentials.RoleSource;
import io.awsrefresh.credentials.SignatureDoesNotMatchStub;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
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
		SdkHttpClient sts = new SignatureDoesNotMatchStub();
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

}
