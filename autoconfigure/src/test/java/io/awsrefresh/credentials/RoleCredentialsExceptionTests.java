package io.awsrefresh.credentials;

import java.net.ConnectException;
import java.net.URI;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.TlsKeyManagersProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.model.StsException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A role without credentials to hand out: its message names the role, where its
 * credentials come from and what went wrong, and never contains a secret; its accessors
 * tell the role, the kind of source, the role ARN of an assumed role, the error code AWS
 * answered with and whether STS could not be reached.
 */
class RoleCredentialsExceptionTests {

	private static final StsEndpoint STS = new StsEndpoint(Region.EU_WEST_1, URI.create("http://127.0.0.1:9"));

	private static final RoleSource APP = new RoleSource.AssumeRole(
			AssumeRoleSpec.of("arn:aws:iam::123456789012:role/app", "orders"), null, STS);

	/**
	 * A role whose request holds every secret AssumeRole takes: an external id, a session
	 * policy and a provided context's assertion.
	 */
	private static final RoleSource EVERY_SECRET = new RoleSource.AssumeRole(AssumeRoleSpecTests.EVERY_FIELD, null,
			STS);

	private static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

	private static final String SESSION_TOKEN = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";

	private static final StsException ACCESS_DENIED = (StsException) StsException.builder()
		.statusCode(403)
		.awsErrorDetails(AwsErrorDetails.builder()
			.errorCode("AccessDenied")
			.errorMessage("User: arn:aws:iam::123456789012:user/app is not authorized to perform: sts:AssumeRole")
			.build())
		.build();

	@Test
	void anAssumedRolesMessageNamesTheRoleItsArnAndWhatStsAnswered() {
		RoleCredentialsException ex = new RoleCredentialsException("app", APP, ACCESS_DENIED);
		assertThat(ex).hasMessage("Could not obtain credentials for role 'app' (arn:aws:iam::123456789012:role/app): "
				+ "STS answered AccessDenied (User: arn:aws:iam::123456789012:user/app is not authorized to perform: "
				+ "sts:AssumeRole; HTTP 403)");
		assertThat(ex).hasCause(ACCESS_DENIED);
		assertThat(ex.getRoleName()).isEqualTo("app");
		assertThat(ex.getSourceKind()).isEqualTo(RoleSource.Kind.ASSUME_ROLE);
		assertThat(ex.getRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/app");
		assertThat(ex.getStsErrorCode()).isEqualTo("AccessDenied");
		assertThat(ex.isStsUnreachable()).isFalse();
	}

	@Test
	void stsOutOfReachIsSaidAsSuchWithoutAnErrorCode() {
		SdkClientException refused = SdkClientException.create("Unable to execute HTTP request: Connection refused",
				new ConnectException("Connection refused"));
		RoleCredentialsException ex = new RoleCredentialsException("app", APP, refused);
		assertThat(ex).hasMessage("Could not obtain credentials for role 'app' (arn:aws:iam::123456789012:role/app): "
				+ "STS could not be reached (Unable to execute HTTP request: Connection refused)");
		assertThat(ex.isStsUnreachable()).isTrue();
		assertThat(ex.getStsErrorCode()).isNull();
	}

	@Test
	void rolesThatAreNotAssumedAreNamedByTheirSourceAndHaveNoRoleArn() {
		RoleCredentialsException custom = new RoleCredentialsException("vault",
				new RoleSource.Custom("vault", (role) -> null), new IllegalStateException("vault is sealed"));
		assertThat(custom).hasMessage("Could not obtain credentials for role 'vault' (custom source 'vault'): "
				+ "IllegalStateException: vault is sealed");
		assertThat(custom.getSourceKind()).isEqualTo(RoleSource.Kind.CUSTOM);
		assertThat(custom.getRoleArn()).isNull();
		assertThat(custom.getStsErrorCode()).isNull();
		assertThat(custom.isStsUnreachable()).isFalse();
		RoleCredentialsException iot = new RoleCredentialsException("device",
				new RoleSource.IotCertificate(new IotCredentialsSpec(
						URI.create("https://c2abcdefgh1234.credentials.iot.eu-west-1.amazonaws.com"), "fleet", null,
						TlsKeyManagersProvider.noneProvider(), null)),
				new IllegalStateException("AWS IoT answered HTTP 403 for role alias 'fleet'"));
		assertThat(iot).hasMessage("Could not obtain credentials for role 'device' (IoT role alias fleet at "
				+ "c2abcdefgh1234.credentials.iot.eu-west-1.amazonaws.com): "
				+ "AWS IoT answered HTTP 403 for role alias 'fleet'");
		assertThat(iot.getSourceKind()).isEqualTo(RoleSource.Kind.IOT_CERTIFICATE);
		assertThat(iot.getRoleArn()).isNull();
		RoleCredentialsException direct = new RoleCredentialsException("default", new RoleSource.Direct(),
				SdkClientException.create("Unable to load credentials from any of the providers in the chain"));
		assertThat(direct).hasMessage("Could not obtain credentials for role 'default' (source credentials, no "
				+ "role-arn): Unable to load credentials from any of the providers in the chain");
		assertThat(direct.getSourceKind()).isEqualTo(RoleSource.Kind.SOURCE_CREDENTIALS);
		assertThat(direct.getRoleArn()).isNull();
	}

	@Test
	void theMessageHoldsNoneOfTheSecretsOfTheRolesRequest() {
		RoleCredentialsException ex = new RoleCredentialsException("app", EVERY_SECRET, ACCESS_DENIED);
		assertThat(ex.getMessage()).contains("'app'", "arn:aws:iam::123456789012:role/app", "AccessDenied")
			.doesNotContain("external-secret", "Statement", "assertion-secret");
		assertThat(ex.getRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/app");
	}

	@Test
	void aMessageWordedByTheEngineIsKeptAsItIsWithTheCauseAndErrorCodeItGives() {
		SdkClientException refused = SdkClientException.create("Unable to execute HTTP request",
				new ConnectException("Connection refused"));
		RoleCredentialsException failing = new RoleCredentialsException("app", APP,
				"No valid credentials for role 'app': the last 3 attempts failed", refused, null);
		assertThat(failing).hasMessage("No valid credentials for role 'app': the last 3 attempts failed")
			.hasCause(refused);
		assertThat(failing.isStsUnreachable()).isTrue();
		assertThat(failing.getStsErrorCode()).isNull();
		RoleCredentialsException throttled = new RoleCredentialsException("app", APP,
				"No valid credentials for role 'app': the last attempt failed", null, "Throttling");
		assertThat(throttled.getStsErrorCode()).isEqualTo("Throttling");
		RoleCredentialsException closing = new RoleCredentialsException("app", APP,
				"Credentials of role 'app' cannot be fetched: the application is shutting down", null, null);
		assertThat(closing).hasNoCause();
		assertThat(closing.isStsUnreachable()).isFalse();
		assertThat(closing.getRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/app");
	}

	@Test
	void aSecretInTheCausesMessageNeverReachesTheMessage() {
		String leaky = "lease refused: secretAccessKey=" + SECRET_ACCESS_KEY + ", sessionToken=" + SESSION_TOKEN;
		RoleCredentialsException custom = new RoleCredentialsException("vault",
				new RoleSource.Custom("vault", (role) -> null), new IllegalStateException(leaky));
		RoleCredentialsException assumed = new RoleCredentialsException("app", APP, SdkClientException.create(leaky));
		RoleCredentialsException direct = new RoleCredentialsException("default", new RoleSource.Direct(),
				SdkClientException.create(leaky));
		for (RoleCredentialsException ex : new RoleCredentialsException[] { custom, assumed, direct }) {
			assertThat(ex.getMessage()).as(ex.getRoleName())
				.contains("'" + ex.getRoleName() + "'")
				.doesNotContain(SECRET_ACCESS_KEY, SESSION_TOKEN);
		}
	}

}
