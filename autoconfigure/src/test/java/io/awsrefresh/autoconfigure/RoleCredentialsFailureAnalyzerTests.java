package io.awsrefresh.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;

import io.awsrefresh.credentials.AssumeRoleSpec;
import io.awsrefresh.credentials.IotCredentialsSpec;
import io.awsrefresh.credentials.RefreshSettings;
import io.awsrefresh.credentials.RoleCredentialsException;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleDefinition;
import io.awsrefresh.credentials.RoleSource;
import io.awsrefresh.credentials.StsEndpoint;
import io.awsrefresh.test.sts.StsStub;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.TlsKeyManagersProvider;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Explains credentials that could not be obtained at startup, by where they come from: a
 * custom source, a device certificate, the source credentials, or an assumed role (what
 * STS answered, that it could not be reached, or that the call failed otherwise); keys
 * are named under {@code aws.refresh.} for the default role and under
 * {@code aws.refresh.roles.<name>.} for the others. The failures are real ones, raised by
 * {@link RoleCredentialsProviders} without leaving loopback.
 */
class RoleCredentialsFailureAnalyzerTests {

	private static final String AUDIT_ROLE = "arn:aws:iam::210987654321:role/audit";

	private static final AwsCredentialsProvider SOURCE = StaticCredentialsProvider
		.create(AwsBasicCredentials.create("AKIDEXAMPLE", "source-secret"));

	private static final RefreshSettings EAGER = RefreshSettings.DEFAULTS.withDeferRefresh(false);

	private final RoleCredentialsFailureAnalyzer analyzer = new RoleCredentialsFailureAnalyzer();

	@Test
	void customSourceOfANamedRoleNamesItsKeysAndTheFailure() {
		RoleCredentialsException failure = startupFailure(SOURCE,
				new RoleDefinition("vault", new RoleSource.Custom("vaultCredentials", (role) -> {
					throw new IllegalStateException("vault is sealed");
				}), EAGER));
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis.getDescription())
			.startsWith("Role 'vault' could not obtain credentials from its custom source.\n\n" + failure.getMessage())
			.contains("vault is sealed");
		assertThat(analysis.getAction()).isEqualTo("Check the CustomCredentialsSource bean named by "
				+ "'aws.refresh.roles.vault.custom-source'. With defer-refresh=false its credentials are fetched at "
				+ "startup; to start without them, set:\n\n    aws.refresh.roles.vault.defer-refresh=true\n");
		assertThat(analysis.getCause()).isSameAs(failure);
	}

	@Test
	void keysOfARoleWhoseNameHoldsADotAreNamedInBrackets() {
		RoleCredentialsException failure = startupFailure(SOURCE,
				new RoleDefinition("eu.vault", new RoleSource.Custom("vaultCredentials", (role) -> {
					throw new IllegalStateException("vault is sealed");
				}), EAGER));
		assertThat(this.analyzer.analyze(failure).getAction())
			.contains("'aws.refresh.roles[eu.vault].custom-source'",
					"    aws.refresh.roles[eu.vault].defer-refresh=true\n")
			.doesNotContain("roles.eu.vault");
	}

	@Test
	void customSourceOfTheDefaultRoleNamesTheTopLevelKeys() {
		RoleCredentialsException failure = startupFailure(SOURCE,
				new RoleDefinition(RoleCredentialsProviders.DEFAULT_ROLE, new RoleSource.Custom("vault", (role) -> {
					throw new IllegalStateException("vault is sealed");
				}), EAGER));
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis.getDescription())
			.startsWith("Role 'default' could not obtain credentials from its " + "custom source.");
		assertThat(analysis.getAction()).contains("named by 'aws.refresh.custom-source'")
			.endsWith("\n\n    aws.refresh.defer-refresh=true\n")
			.doesNotContain("aws.refresh.roles.");
	}

	@Test
	void deviceCertificateRoleNamesItsIotKeys() throws IOException {
		IotCredentialsSpec spec = new IotCredentialsSpec(URI.create("https://127.0.0.1:" + closedPort()), "sensors",
				"thermometer-1", TlsKeyManagersProvider.noneProvider(), null);
		RoleCredentialsException failure = startupFailure(SOURCE,
				new RoleDefinition("device", new RoleSource.IotCertificate(spec), EAGER));
		assertThat(failure.getSourceKind()).isEqualTo(RoleSource.Kind.IOT_CERTIFICATE);
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis.getDescription())
			.startsWith("Role 'device' could not obtain credentials from the AWS IoT credentials provider.\n\n"
					+ failure.getMessage());
		assertThat(analysis.getAction())
			.contains("'aws.refresh.roles.device.iot.endpoint'", "'aws.refresh.roles.device.iot.role-alias'",
					"'aws.refresh.roles.device.iot.thing-name'", "'aws.refresh.roles.device.iot.ssl-bundle'",
					"iot:AssumeRoleWithCertificate")
			.endsWith("\n\n    aws.refresh.roles.device.defer-refresh=true\n");
	}

	@Test
	void sourceCredentialsThatCannotBeResolvedNameTheSourceKeys() {
		AwsCredentialsProvider missing = () -> {
			throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
		};
		try (RoleCredentialsProviders roles = RoleCredentialsProviders.builder(missing)
			.role(new RoleDefinition(RoleCredentialsProviders.DEFAULT_ROLE, new RoleSource.Direct(),
					RefreshSettings.DEFAULTS))
			.build()) {
			RoleCredentialsException failure = catchThrowableOfType(RoleCredentialsException.class,
					() -> roles.defaultRole().resolveCredentials());
			assertThat(failure).isNotNull();
			FailureAnalysis analysis = this.analyzer.analyze(failure);
			assertThat(analysis.getDescription())
				.startsWith(
						"The source credentials of role 'default' could not be resolved.\n\n" + failure.getMessage())
				.contains("Unable to load credentials");
			assertThat(analysis.getAction()).contains("'aws.refresh.source.profile'",
					"'aws.refresh.source.access-key-id' with 'aws.refresh.source.secret-access-key'",
					"the SDK's default chain");
		}
	}

	@Test
	void roleRefusedByStsNamesTheErrorCodeTheRoleArnAndItsKey() throws IOException {
		try (StsStub sts = StsStub.start()) {
			sts.denyAccess();
			RoleCredentialsException failure = startupFailure(SOURCE, assumed("audit", sts.endpoint()));
			FailureAnalysis analysis = this.analyzer.analyze(failure);
			assertThat(analysis.getDescription())
				.startsWith("Role 'audit' could not be assumed: STS answered AccessDenied.\n\n" + failure.getMessage());
			assertThat(analysis.getAction())
				.startsWith("Check that 'aws.refresh.roles.audit.role-arn' (" + AUDIT_ROLE
						+ ") names a role whose trust policy lets the source credentials assume it")
				.contains("'aws.refresh.roles.audit.sts.endpoint', 'aws.refresh.endpoint', 'aws.refresh.region'")
				.endsWith("\n\n    aws.refresh.roles.audit.defer-refresh=true\n");
			assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("source-secret");
		}
	}

	@Test
	void unreachableStsIsSaidAsSuchForTheDefaultRoleWithTheTopLevelKeys() throws IOException {
		RoleCredentialsException failure = startupFailure(SOURCE,
				assumed(RoleCredentialsProviders.DEFAULT_ROLE, URI.create("http://127.0.0.1:" + closedPort())));
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis.getDescription())
			.startsWith("Role 'default' could not be assumed: STS could not be reached.\n\n");
		assertThat(analysis.getAction()).startsWith("Check that 'aws.refresh.role-arn' (" + AUDIT_ROLE + ")")
			.contains("'aws.refresh.sts.endpoint'")
			.endsWith("\n\n    aws.refresh.defer-refresh=true\n");
	}

	@Test
	void stsCallThatFailedWithoutAnAnswerOrAConnectionFailureIsSaidToHaveFailed() throws IOException {
		// The source credentials of an assumed role fail before any request is sent.
		AwsCredentialsProvider missing = () -> {
			throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
		};
		RoleCredentialsException failure = startupFailure(missing,
				assumed("audit", URI.create("http://127.0.0.1:" + closedPort())));
		assertThat(failure.getStsErrorCode()).isNull();
		assertThat(failure.isStsUnreachable()).isFalse();
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis.getDescription()).startsWith("Role 'audit' could not be assumed: the STS call failed.\n\n");
		assertThat(analysis.getAction()).contains("'aws.refresh.roles.audit.role-arn' (" + AUDIT_ROLE + ")");
	}

	@Test
	void failureIsFoundAsACauseOfABeanThatUsedCredentialsWhileStarting() {
		RoleCredentialsException failure = startupFailure(SOURCE,
				new RoleDefinition("vault", new RoleSource.Custom("vaultCredentials", (role) -> {
					throw new IllegalStateException("vault is sealed");
				}), EAGER));
		FailureAnalysis analysis = this.analyzer
			.analyze(new BeanCreationException("reportsService", "Instantiation failed", failure));
		assertThat(analysis.getCause()).isSameAs(failure);
		assertThat(analysis.getDescription()).startsWith("Role 'vault'");
	}

	@Test
	void otherFailuresAreLeftToOtherAnalyzers() {
		assertThat(this.analyzer.analyze(new IllegalStateException("no"))).isNull();
	}

	private static RoleDefinition assumed(String name, URI sts) {
		return new RoleDefinition(name, new RoleSource.AssumeRole(AssumeRoleSpec.of(AUDIT_ROLE, "orders"), null,
				new StsEndpoint(Region.EU_WEST_1, sts)), EAGER);
	}

	/**
	 * What building the roles throws when a role fetched at startup gets no credentials.
	 */
	private static RoleCredentialsException startupFailure(AwsCredentialsProvider source, RoleDefinition role) {
		RoleCredentialsException failure = catchThrowableOfType(RoleCredentialsException.class,
				() -> RoleCredentialsProviders.builder(source).role(role).build().close());
		assertThat(failure).as("failure of role %s", role.name()).isNotNull();
		return failure;
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
