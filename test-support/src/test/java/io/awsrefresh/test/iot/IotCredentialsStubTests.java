package io.awsrefresh.test.iot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The IoT stub answers a device its authority certified, over mutual TLS, and no one
 * else.
 */
class IotCredentialsStubTests {

	private final TestCertificates authority = TestCertificates.authority("IoT test authority");

	@Test
	void aCertifiedDeviceGetsCredentialsForItsRoleAlias() throws Exception {
		try (IotCredentialsStub iot = IotCredentialsStub.start(this.authority, "sensors")) {
			HttpResponse<String> answer = get(this.authority.device("thermometer-1").sslContext(), iot.endpoint(),
					"/role-aliases/sensors/credentials");
			assertThat(answer.statusCode()).isEqualTo(200);
			assertThat(answer.body()).contains("\"accessKeyId\":\"ASIA", "\"expiration\":\"");
			assertThat(answer.body()).contains(iot.secrets());
			assertThat(iot.thingNames()).containsExactly("thermometer-1");
			assertThat(get(this.authority.device("thermometer-1").sslContext(), iot.endpoint(),
					"/role-aliases/other/credentials")
				.statusCode()).isEqualTo(404);
		}
	}

	@Test
	void aDeviceAnotherAuthorityCertifiedFailsTheHandshake() throws Exception {
		TestCertificates stranger = TestCertificates.authority("Another authority");
		try (IotCredentialsStub iot = IotCredentialsStub.start(this.authority, "sensors")) {
			// It trusts the stub's server certificate, but the stub does not trust it.
			TestCertificates.Issued device = stranger.device("intruder");
			TestCertificates.Issued trusting = new TestCertificates.Issued(device.certificate(), device.privateKey(),
					this.authority.certificate());
			javax.net.ssl.SSLContext tls = trusting.sslContext();
			assertThatExceptionOfType(IOException.class)
				.isThrownBy(() -> get(tls, iot.endpoint(), "/role-aliases/sensors/credentials"));
			assertThat(iot.requests()).isZero();
		}
	}

	@Test
	void certificatesAndKeysAreWrittenAsPem(@TempDir Path dir) throws IOException {
		TestCertificates.Issued device = this.authority.device("thermometer-1");
		assertThat(Files.readString(device.writeCertificate(dir.resolve("device.pem.crt"))))
			.startsWith("-----BEGIN CERTIFICATE-----");
		assertThat(Files.readString(device.writePrivateKey(dir.resolve("device.pem.key"))))
			.startsWith("-----BEGIN PRIVATE KEY-----");
		assertThat(Files.readString(this.authority.writeCertificate(dir.resolve("ca.pem"))))
			.startsWith("-----BEGIN CERTIFICATE-----");
	}

	private static HttpResponse<String> get(javax.net.ssl.SSLContext tls, URI endpoint, String path)
			throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
		return client.send(HttpRequest.newBuilder(endpoint.resolve(path))
			.header("x-amzn-iot-thingname", "thermometer-1")
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
