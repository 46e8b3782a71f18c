package io.awsrefresh.credentials;

import java.net.URI;

import javax.net.ssl.KeyManager;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.http.TlsKeyManagersProvider;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * An endpoint given in code (an STS endpoint override, a connection details bean's
 * endpoint, an AWS IoT credentials endpoint) may carry user info, a password perhaps: as
 * for {@code ClientKey}, it is never shown by a {@code toString()} or an exception
 * message.
 */
class EndpointUserInfoNotShownTests {

	private static final String PASSWORD = "hunter2-proxy-pass";

	private static final URI STS_OVERRIDE = URI.create("https://proxy-user:" + PASSWORD + "@sts.internal:8443");

	private static final TlsKeyManagersProvider KEYS = () -> new KeyManager[0];

	@Test
	void stsEndpointToStringDoesNotShowThePassword() {
		StsEndpoint endpoint = new StsEndpoint(Region.EU_WEST_1, STS_OVERRIDE);
		assertThat(endpoint.toString()).doesNotContain(PASSWORD);
	}

	@Test
	void roleDefinitionToStringDoesNotShowThePasswordOfItsStsEndpoint() {
		RoleDefinition role = new RoleDefinition("audit",
				new RoleSource.AssumeRole(AssumeRoleSpec.of("arn:aws:iam::210987654321:role/audit", "app"), null,
						new StsEndpoint(Region.EU_WEST_1, STS_OVERRIDE)),
				RefreshSettings.DEFAULTS);
		assertThat(role.toString()).doesNotContain(PASSWORD);
	}

	@Test
	void iotCredentialsSpecToStringDoesNotShowThePassword() {
		IotCredentialsSpec spec = new IotCredentialsSpec(
				URI.create("https://device:" + PASSWORD + "@c2abcdefgh1234.credentials.iot.eu-west-1.amazonaws.com"),
				"sensors", null, KEYS, null);
		assertThat(spec.toString()).doesNotContain(PASSWORD);
		assertThat(new RoleSource.IotCertificate(spec).toString()).doesNotContain(PASSWORD);
	}

	@Test
	void iotCredentialsSpecRefusingAnEndpointDoesNotShowItsPassword() {
		Throwable refused = catchThrowable(() -> new IotCredentialsSpec(
				URI.create("http://device:" + PASSWORD + "@c2abcdefgh1234.credentials.iot.eu-west-1.amazonaws.com"),
				"sensors", null, KEYS, null));
		assertThat(refused).isInstanceOf(IllegalArgumentException.class);
		assertThat(refused.getMessage()).doesNotContain(PASSWORD);
	}

}
