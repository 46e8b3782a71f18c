package io.awsrefresh.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;

import io.awsrefresh.client.PresignRefusedException;
import io.awsrefresh.test.emulator.AwsEmulatorTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;

/**
 * A link asked for while the presigner refuses to sign, because the role's credentials
 * expire within its minimum validity (STS has been failing for most of their lifetime),
 * is answered 503 with a message that says so. The refusal is the presigner's; all else
 * is the sample against the local emulator.
 */
@AwsEmulatorTest
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(LocalAwsConfiguration.class)
@ActiveProfiles("local")
class PresignRefusedTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@MockitoBean
	private S3Presigner presigner;

	@Test
	void aRefusedLinkIsServiceUnavailable() throws Exception {
		given(this.presigner.presignGetObject(any(GetObjectPresignRequest.class)))
			.willThrow(new PresignRefusedException("default", Instant.now().plusSeconds(120), Duration.ofSeconds(120),
					Duration.ofMinutes(5)));
		assertThat(send(HttpRequest.newBuilder(uri("/documents/refused.txt"))
			.header("Content-Type", "text/plain")
			.PUT(BodyPublishers.ofString("no link for this one"))).statusCode()).isEqualTo(201);

		HttpResponse<String> link = send(HttpRequest.newBuilder(uri("/documents/refused.txt/link")).GET());
		assertThat(link.statusCode()).isEqualTo(503);
		assertThat(link.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(link.body()).contains("\"status\":503",
				"\"detail\":\"Cannot hand out a link now: the service's AWS credentials expire too soon "
						+ "for a link to be of use. Try again later.\"");
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

}
