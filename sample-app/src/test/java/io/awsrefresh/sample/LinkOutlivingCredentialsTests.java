package io.awsrefresh.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.test.emulator.AwsEmulatorTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A link asked to live longer than the credentials that sign it: it stops working when
 * they expire, and its {@code expiresAt} says so rather than echo the validity asked for.
 * The local credentials live 15 minutes; links here ask for an hour.
 */
@AwsEmulatorTest
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.documents.link-validity=1h")
@Import(LocalAwsConfiguration.class)
@ActiveProfiles("local")
class LinkOutlivingCredentialsTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private RoleCredentialsProviders roles;

	@Autowired
	private JsonMapper json;

	@Test
	void aLinkExpiresWithTheCredentialsThatSignedIt() throws Exception {
		assertThat(send(HttpRequest.newBuilder(uri("/documents/short-lived.txt"))
			.header("Content-Type", "text/plain")
			.PUT(BodyPublishers.ofString("signed with 15-minute credentials"))).statusCode()).isEqualTo(201);

		// Credentials are renewed in the background: those that sign the link expire
		// when the ones current before or after the request do.
		Instant expiringBefore = credentialsExpiration();
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/documents/short-lived.txt/link")).GET());
		Instant expiringAfter = credentialsExpiration();
		assertThat(response.statusCode()).isEqualTo(200);
		Instant expiresAt = this.json.readValue(response.body(), SampleApplicationTests.Link.class).expiresAt();
		// The refresh status keeps milliseconds; moto's expirations carry microseconds.
		assertThat(expiresAt.truncatedTo(ChronoUnit.MILLIS)).isBetween(expiringBefore, expiringAfter)
			.isBefore(Instant.now().plus(Duration.ofMinutes(15)));
	}

	private Instant credentialsExpiration() {
		Instant expiration = this.roles.defaultRole().status().expiration();
		assertThat(expiration).isNotNull();
		return expiration;
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

}
