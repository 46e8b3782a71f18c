package io.awsrefresh.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.credentials.RefreshState;
import io.awsrefresh.credentials.RoleCredentialsException;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleSource;
import io.awsrefresh.test.Await;
import io.awsrefresh.test.emulator.AwsEmulator;
import io.awsrefresh.test.emulator.AwsEmulatorTest;
import io.awsrefresh.test.iot.IotCredentialsStub;
import io.awsrefresh.test.iot.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.OutputCaptureExtension;

import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A device role: credentials from the AWS IoT credentials provider (a loopback stub over
 * mutual TLS, with certificates made for the run) with the device certificate of a Spring
 * Boot SSL bundle, kept fresh by the refresh engine, and the source of a role assumed
 * through the STS emulator.
 */
@AwsEmulatorTest
@ExtendWith(OutputCaptureExtension.class)
class IotCertificateRoleTests {

	private final TestCertificates authority = TestCertificates.authority("IoT test authority");

	private final IotCredentialsStub iot;

	private final ApplicationContextRunner contextRunner;

	private final Path certificates;

	IotCertificateRoleTests(AwsEmulator emulator, @TempDir Path certificates) throws IOException {
		this.certificates = certificates;
		this.iot = IotCredentialsStub.start(this.authority, "sensors");
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withPropertyValues("aws.refresh.region=" + emulator.region(),
					"aws.refresh.endpoint=" + emulator.endpoint(),
					"aws.refresh.source.access-key-id=" + emulator.accessKeyId(),
					"aws.refresh.source.secret-access-key=" + emulator.secretAccessKey(),
					"aws.refresh.roles.device.iot.endpoint=localhost:" + this.iot.endpoint().getPort(),
					"aws.refresh.roles.device.iot.role-alias=sensors",
					"aws.refresh.roles.device.iot.thing-name=thermometer-1",
					"aws.refresh.roles.device.iot.ssl-bundle=device");
	}

	@AfterEach
	void stopStub() {
		this.iot.close();
	}

	@Test
	void aDeviceRoleGetsCredentialsWithItsCertificateAndTheEngineRefreshesThem(CapturedOutput output) {
		// Credentials live 20 minutes; the prefetch window runs from 3 to 5 seconds after
		// they are issued, so a background refresh happens 3 to 4 seconds after each
		// fetch.
		this.iot.credentialsLifetime(Duration.ofMinutes(20));
		// The context runner applies no logging.level.* properties: set DEBUG directly,
		// so that the refresh log lines are really written and checked.
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel("io.awsrefresh", LogLevel.DEBUG);
		try {
			runDeviceRole();
		}
		finally {
			logging.setLogLevel("io.awsrefresh", null);
		}
		assertThat(output).contains("Obtained credentials of role 'device' (IoT role alias sensors at localhost)",
				"Refreshed credentials of role 'device'");
		assertThat(this.iot.secrets()).isNotEmpty().allSatisfy((secret) -> assertThat(output).doesNotContain(secret));
	}

	private void runDeviceRole() {
		this.contextRunner.withPropertyValues(deviceBundle(this.authority.device("thermometer-1")))
			.withPropertyValues("aws.refresh.roles.device.defer-refresh=false",
					"aws.refresh.roles.device.prefetch-time=1197s", "aws.refresh.roles.device.stale-time=1195s")
			.run((context) -> {
				RoleCredentialsProvider device = context.getBean(RoleCredentialsProviders.class).get("device");
				// Fetched at startup, before any use.
				assertThat(this.iot.requests()).isOne();
				Set<String> keys = new HashSet<>();
				Await.until(() -> {
					keys.add(device.resolveCredentials().accessKeyId());
					return this.iot.requests() >= 3;
				});
				keys.add(device.resolveCredentials().accessKeyId());
				assertThat(this.iot.requests()).as("fetches within 30 s").isGreaterThanOrEqualTo(3);
				// Every fetch but one in flight was handed out.
				assertThat(keys).hasSizeGreaterThanOrEqualTo(this.iot.requests() - 1);
				assertThat(this.iot.thingNames()).containsOnly("thermometer-1");
				assertThat(device.sourceKind()).isEqualTo(RoleSource.Kind.IOT_CERTIFICATE);
				assertThat(device.status().state()).isIn(RefreshState.FRESH, RefreshState.REFRESHING);
				assertThat(device.status().roleArn()).isNull();
				assertThat(device).hasToString("RoleCredentialsProvider[role=device, iotRoleAlias=sensors]");
			});
	}

	@Test
	void aDeviceRoleIsTheSourceOfARoleAssumedThroughSts() {
		this.contextRunner.withPropertyValues(deviceBundle(this.authority.device("thermometer-1")))
			.withPropertyValues("aws.refresh.roles.app.role-arn=arn:aws:iam::111111111111:role/app",
					"aws.refresh.roles.app.role-session-name=thermometer-1", "aws.refresh.roles.app.source-role=device")
			.run((context) -> {
				GetCallerIdentityResponse app = context.getBean(AwsClientRegistry.class).session("app").whoami();
				assertThat(app.arn()).isEqualTo("arn:aws:sts::111111111111:assumed-role/app/thermometer-1");
				// The device's credentials signed the AssumeRole call.
				assertThat(this.iot.requests()).isOne();
			});
	}

	@Test
	void aCertificateTheEndpointRefusesStopsStartupNamingTheRoleAndWhatToCheck() {
		TestCertificates.Issued stranger = TestCertificates.authority("Another authority").device("intruder");
		TestCertificates.Issued intruder = new TestCertificates.Issued(stranger.certificate(), stranger.privateKey(),
				this.authority.certificate());
		this.contextRunner.withPropertyValues(deviceBundle(intruder))
			.withPropertyValues("aws.refresh.roles.device.defer-refresh=false")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(roleFailure(context.getStartupFailure()))
					.hasMessageStartingWith("Could not obtain credentials for role 'device' (IoT role alias sensors "
							+ "at localhost): the TLS connection to localhost failed (")
					.hasMessageContaining("check that the device certificate and private key belong together");
				FailureAnalysis analysis = new RoleCredentialsFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription())
					.startsWith("Role 'device' could not obtain credentials from the AWS IoT credentials provider.");
				assertThat(analysis.getAction()).contains("'aws.refresh.roles.device.iot.ssl-bundle'",
						"aws.refresh.roles.device.defer-refresh=true");
				assertThat(this.iot.requests()).isZero();
			});
	}

	@Test
	void aRefusedCertificateWithDeferredRefreshFailsTheCallerNamingTheRole() {
		this.contextRunner.withPropertyValues(deviceBundle(this.authority.device("thermometer-1")))
			.withPropertyValues("aws.refresh.roles.device.iot.role-alias=pumps")
			.run((context) -> {
				RoleCredentialsProvider device = context.getBean(RoleCredentialsProviders.class).get("device");
				assertThat(org.assertj.core.api.Assertions.catchThrowable(device::resolveCredentials))
					.isInstanceOf(RoleCredentialsException.class)
					.hasMessage("Could not obtain credentials for role 'device' (IoT role alias pumps at localhost): "
							+ "the AWS IoT credentials provider answered HTTP 404 (Role alias does not exist) for "
							+ "role alias pumps and thing thermometer-1");
			});
	}

	@Test
	void everyInvalidIotKeyIsReportedNamingTheKey() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withConfiguration(AwsRefreshAutoConfigurations.CREDENTIALS)
			.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
					"aws.refresh.source.secret-access-key=not-a-real-secret",
					"aws.refresh.roles.a.iot.endpoint=http://c2abcdefgh1234.credentials.iot.eu-west-1.amazonaws.com",
					"aws.refresh.roles.a.iot.role-alias=sensors", "aws.refresh.roles.a.iot.ssl-bundle=device",
					"aws.refresh.roles.b.iot.endpoint=c2abcdefgh1234.credentials.iot.eu-west-1.amazonaws.com",
					"aws.refresh.roles.b.iot.role-alias=no spaces", "aws.refresh.roles.b.iot.thing-name=no/slash",
					"aws.refresh.roles.b.iot.ssl-bundle=device",
					"aws.refresh.roles.c.iot.endpoint=c2abcdefgh1234.credentials.iot.eu-west-1.amazonaws.com",
					"aws.refresh.roles.c.iot.ssl-bundle=device",
					"aws.refresh.roles.d.iot.endpoint=c2abcdefgh1234.credentials.iot.eu-west-1.amazonaws.com",
					"aws.refresh.roles.d.iot.role-alias=sensors", "aws.refresh.roles.d.iot.ssl-bundle=device",
					"aws.refresh.roles.d.role-arn=arn:aws:iam::123456789012:role/d",
					"aws.refresh.roles.e.iot.endpoint=c2abcdefgh1234.credentials.iot.eu-west-1.amazonaws.com",
					"aws.refresh.roles.e.iot.role-alias=sensors", "aws.refresh.roles.e.iot.ssl-bundle=device",
					"aws.refresh.roles.e.external-id=partner-id")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).isInstanceOf(InvalidAwsRefreshPropertiesException.class);
				assertThat(((InvalidAwsRefreshPropertiesException) context.getStartupFailure()).getProblems())
					.extracting(InvalidAwsRefreshPropertyException::getProperty)
					.containsExactly("aws.refresh.roles.a.iot.endpoint", "aws.refresh.roles.b.iot.role-alias",
							"aws.refresh.roles.b.iot.thing-name", "aws.refresh.roles.c.iot.role-alias",
							"aws.refresh.roles.d.role-arn", "aws.refresh.roles.e.external-id");
				assertThat(context.getStartupFailure().getMessage()).doesNotContain("not-a-real-secret", "partner-id");
			});
	}

	@Test
	void anSslBundleThatIsMissingOrHoldsNoKeyIsNamed() {
		this.contextRunner.withPropertyValues("aws.refresh.roles.device.iot.ssl-bundle=missing")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidAwsRefreshPropertyException.class)
				.hasMessageContaining("aws.refresh.roles.device.iot.ssl-bundle")
				.hasMessageContaining("no SSL bundle has that name; bundles: []"));
		Path authority = this.authority.writeCertificate(this.certificates.resolve("ca.pem"));
		this.contextRunner.withPropertyValues("spring.ssl.bundle.pem.device.truststore.certificate=file:" + authority)
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidAwsRefreshPropertyException.class)
				.hasMessageContaining("aws.refresh.roles.device.iot.ssl-bundle")
				.hasMessageContaining("the SSL bundle has no key store"));
	}

	private static RoleCredentialsException roleFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RoleCredentialsException roleFailure) {
				return roleFailure;
			}
		}
		throw new AssertionError("No RoleCredentialsException behind " + failure, failure);
	}

	/**
	 * A PEM bundle named {@code device} with a device's certificate and key, and the
	 * authority that signed the endpoint's certificate.
	 */
	private String[] deviceBundle(TestCertificates.Issued device) {
		Path dir = this.certificates;
		return new String[] {
				"spring.ssl.bundle.pem.device.keystore.certificate=file:"
						+ device.writeCertificate(dir.resolve("device.pem.crt")),
				"spring.ssl.bundle.pem.device.keystore.private-key=file:"
						+ device.writePrivateKey(dir.resolve("private.pem.key")),
				"spring.ssl.bundle.pem.device.truststore.certificate=file:"
						+ this.authority.writeCertificate(dir.resolve("ca.pem")) };
	}

}
