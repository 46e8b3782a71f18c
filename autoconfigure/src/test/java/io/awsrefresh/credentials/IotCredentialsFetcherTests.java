package io.awsrefresh.credentials;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

import io.awsrefresh.test.Await;
import io.awsrefresh.test.iot.IotCredentialsStub;
import io.awsrefresh.test.iot.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The IoT fetcher against a loopback credentials provider over mutual TLS, with
 * certificates made for the run: each of the SDK's sync HTTP clients carries the device
 * key, and each failure says what to check without a secret.
 */
class IotCredentialsFetcherTests {

	private final TestCertificates authority = TestCertificates.authority("IoT test authority");

	private IotCredentialsStub iot;

	@BeforeEach
	void startStub() throws IOException {
		this.iot = IotCredentialsStub.start(this.authority, "sensors");
	}

	@AfterEach
	void stopStub() {
		this.iot.close();
	}

	static Stream<SdkHttpClient.Builder<?>> httpClients() {
		return Stream.of(Apache5HttpClient.builder(), ApacheHttpClient.builder(), UrlConnectionHttpClient.builder());
	}

	@ParameterizedTest
	@MethodSource("httpClients")
	void aCertifiedDeviceGetsCredentialsWithEveryHttpClient(SdkHttpClient.Builder<?> httpClient) throws Exception {
		this.iot.credentialsLifetime(Duration.ofMinutes(20));
		try (IotCredentialsFetcher fetcher = new IotCredentialsFetcher(
				spec(this.authority.device("thermometer-1"), "sensors", "thermometer-1"), httpClient)) {
			AwsSessionCredentials first = fetcher.fetch();
			AwsSessionCredentials second = fetcher.fetch();
			assertThat(first.accessKeyId()).startsWith("ASIA");
			assertThat(this.iot.secrets()).containsExactly(first.secretAccessKey(), first.sessionToken(),
					second.secretAccessKey(), second.sessionToken());
			assertThat(first.expirationTime()).get()
				.satisfies((expiry) -> assertThat(Duration.between(Instant.now(), expiry))
					.isBetween(Duration.ofMinutes(19), Duration.ofMinutes(20)));
			assertThat(this.iot.thingNames()).containsExactly("thermometer-1", "thermometer-1");
		}
	}

	@Test
	void thePreferredHttpClientIsTheOneTheSharedClientPrefers() {
		try (SdkHttpClient client = IotCredentialsFetcher.httpClientBuilder().build()) {
			assertThat(client).isInstanceOf(Apache5HttpClient.class);
		}
	}

	@Test
	void withoutAThingNameNoHeaderIsSent() throws Exception {
		try (IotCredentialsFetcher fetcher = new IotCredentialsFetcher(
				spec(this.authority.device("thermometer-1"), "sensors", null))) {
			assertThat(fetcher.fetch().accessKeyId()).startsWith("ASIA");
			assertThat(this.iot.thingNames()).isEmpty();
		}
	}

	@Test
	void aDeviceCertificateTheEndpointDoesNotKnowFailsTheHandshakeWithAClearMessage() {
		TestCertificates.Issued stranger = TestCertificates.authority("Another authority").device("intruder");
		// It trusts the endpoint, but the endpoint does not trust it.
		TestCertificates.Issued device = new TestCertificates.Issued(stranger.certificate(), stranger.privateKey(),
				this.authority.certificate());
		try (IotCredentialsFetcher fetcher = new IotCredentialsFetcher(spec(device, "sensors", "intruder"))) {
			assertThatExceptionOfType(IOException.class).isThrownBy(fetcher::fetch)
				.withMessageStartingWith("the TLS connection to localhost failed (")
				.withMessageContaining("); check that the device certificate and private key belong together");
			assertThat(this.iot.requests()).isZero();
		}
	}

	@Test
	void anUnknownRoleAliasIsReportedWithTheProvidersMessage() {
		try (IotCredentialsFetcher fetcher = new IotCredentialsFetcher(
				spec(this.authority.device("thermometer-1"), "pumps", "thermometer-1"))) {
			assertThatExceptionOfType(IOException.class).isThrownBy(fetcher::fetch)
				.withMessage("the AWS IoT credentials provider answered HTTP 404 (Role alias does not exist) for role "
						+ "alias pumps and thing thermometer-1");
		}
	}

	@Test
	void aClosedFetcherNoLongerConnects() throws Exception {
		IotCredentialsFetcher fetcher = new IotCredentialsFetcher(
				spec(this.authority.device("thermometer-1"), "sensors", null));
		fetcher.fetch();
		fetcher.close();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(fetcher::fetch);
		assertThat(this.iot.requests()).isOne();
	}

	@Test
	void theRoleFactoryClosesTheHttpClientOfEveryIotRole() throws Exception {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
		ExecutorService fetches = Executors.newSingleThreadExecutor();
		List<RefreshAttempt> attempts = new CopyOnWriteArrayList<>();
		try {
			RefreshRuntime runtime = new RefreshRuntime(Clock.systemUTC(), RefreshTimer.on(scheduler), fetches,
					Backoff.DEFAULT, Duration.ofSeconds(30), Duration.ofMinutes(5), () -> 0.5);
			RoleFactory factory = new RoleFactory(AnonymousCredentialsProvider.create(), null, List.of(attempts::add),
					runtime, scheduler, () -> null, List.of());
			RoleCredentialsProvider device = factory.create(new RoleDefinition("device",
					new RoleSource.IotCertificate(spec(this.authority.device("thermometer-1"), "sensors", null)),
					new RefreshSettings(true, Duration.ofMinutes(5), Duration.ofMinutes(1))), (name) -> null);
			String accessKeyId = device.resolveCredentials().accessKeyId();
			assertThat(device).hasToString("RoleCredentialsProvider[role=device, iotRoleAlias=sensors]");
			factory.close();
			// A fetch after the factory closed finds its HTTP client closed.
			device.engine().invalidate(accessKeyId);
			Await.until(() -> attempts.size() >= 2);
			assertThat(attempts).hasSize(2);
			assertThat(attempts.get(1).succeeded()).isFalse();
			assertThat(attempts.get(1).error()).containsIgnoringCase("shut down");
			assertThat(this.iot.requests()).isOne();
			device.engine().close();
		}
		finally {
			scheduler.shutdownNow();
			fetches.shutdownNow();
		}
	}

	@Test
	void theSpecNeverShowsItsKeyManagers() {
		IotCredentialsSpec spec = spec(this.authority.device("thermometer-1"), "sensors", "thermometer-1");
		assertThat(spec).hasToString(
				"IotCredentialsSpec[endpoint=" + this.iot.endpoint() + ", roleAlias=sensors, thingName=thermometer-1]");
		assertThat(new RoleSource.IotCertificate(spec).describe()).isEqualTo("IoT role alias sensors at localhost");
	}

	private IotCredentialsSpec spec(TestCertificates.Issued device, String roleAlias, String thingName) {
		return new IotCredentialsSpec(this.iot.endpoint(), roleAlias, thingName, device::keyManagers,
				device::trustManagers);
	}

}
