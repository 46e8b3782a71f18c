package io.awsrefresh.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.awsrefresh.sample.documents.DocumentsProperties;
import io.awsrefresh.test.emulator.AwsEmulatorTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of the sample, over HTTP, against the local emulator: the same wiring as
 * the README's run command.
 */
@AwsEmulatorTest
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(LocalAwsConfiguration.class)
@ActiveProfiles("local")
class SampleApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private SqsClient sqs;

	@Autowired
	private DocumentsProperties documents;

	@Autowired
	private JsonMapper json;

	@Test
	void storedDocumentIsReadBackAndAnnouncedOnTheQueue() throws Exception {
		HttpResponse<String> stored = send(HttpRequest.newBuilder(uri("/documents/report-1.txt"))
			.header("Content-Type", "text/plain")
			.PUT(BodyPublishers.ofString("quarterly numbers")));
		assertThat(stored.statusCode()).isEqualTo(201);
		assertThat(stored.body()).contains("\"id\":\"report-1.txt\"", "\"size\":17", "\"contentType\":\"text/plain\"");
		assertThat(stored.headers().firstValue("Location")).hasValue("/documents/report-1.txt");

		HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/documents/report-1.txt")).GET());
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.body()).isEqualTo("quarterly numbers");
		assertThat(read.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/plain"));
		assertThat(read.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(read.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"report-1.txt\"");

		String queueUrl = this.sqs.getQueueUrl((q) -> q.queueName(this.documents.queue())).queueUrl();
		List<Message> messages = this.sqs
			.receiveMessage((r) -> r.queueUrl(queueUrl).waitTimeSeconds(2).maxNumberOfMessages(10))
			.messages();
		assertThat(messages).extracting(Message::body).contains("{\"id\":\"report-1.txt\",\"size\":17}");
	}

	@Test
	void unknownDocumentIsNotFoundAndBadIdIsRejected() throws Exception {
		assertThat(send(HttpRequest.newBuilder(uri("/documents/missing")).GET()).statusCode()).isEqualTo(404);
		assertThat(
				send(HttpRequest.newBuilder(uri("/documents/bad%20id")).PUT(BodyPublishers.ofString("x"))).statusCode())
			.isEqualTo(400);
	}

	@Test
	void aLinkFetchedWithAPlainHttpClientReadsTheStoredDocument() throws Exception {
		assertThat(send(HttpRequest.newBuilder(uri("/documents/linked.txt"))
			.header("Content-Type", "text/plain")
			.PUT(BodyPublishers.ofString("shared through a link"))).statusCode()).isEqualTo(201);

		Instant asked = Instant.now();
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/documents/linked.txt/link")).GET());
		Instant answered = Instant.now();
		assertThat(response.statusCode()).isEqualTo(200);
		Link link = this.json.readValue(response.body(), Link.class);
		assertThat(link.id()).isEqualTo("linked.txt");
		// The local credentials live 15 minutes and are renewed every 30 to 45 seconds:
		// they outlive a 10-minute link, so it lives as long as asked, and no longer.
		assertThat(link.expiresAt()).isAfter(answered)
			.isBeforeOrEqualTo(answered.plus(this.documents.linkValidity()))
			.isAfterOrEqualTo(asked.plus(this.documents.linkValidity()).minusSeconds(1));

		// Straight from the emulator's S3, not through the service.
		assertThat(link.url()).doesNotContain(":" + this.port + "/");
		HttpResponse<String> fetched = send(HttpRequest.newBuilder(URI.create(link.url())).GET());
		assertThat(fetched.statusCode()).isEqualTo(200);
		assertThat(fetched.body()).isEqualTo("shared through a link");
		// Signed into the link: S3 answers with it as Content-Disposition (moto ignores
		// it).
		assertThat(URI.create(link.url()).getQuery())
			.contains("response-content-disposition=attachment; filename=\"linked.txt\"");
	}

	@Test
	void aLinkToAnUnknownDocumentIsNotFoundAndToABadIdIsRejected() throws Exception {
		assertThat(send(HttpRequest.newBuilder(uri("/documents/never-stored/link")).GET()).statusCode()).isEqualTo(404);
		assertThat(send(HttpRequest.newBuilder(uri("/documents/bad%20id/link")).GET()).statusCode()).isEqualTo(400);
	}

	@Test
	void aLargeDocumentIsUploadedInPartsAndReadBack() throws Exception {
		byte[] content = new byte[20 * 1024 * 1024];
		new Random(20).nextBytes(content);
		HttpResponse<String> stored = send(HttpRequest.newBuilder(uri("/large-documents/large.bin"))
			.header("Content-Type", "application/octet-stream")
			.PUT(BodyPublishers.ofByteArray(content)));
		assertThat(stored.statusCode()).isEqualTo(201);
		assertThat(stored.headers().firstValue("Location")).hasValue("/documents/large.bin");
		Uploaded uploaded = this.json.readValue(stored.body(), Uploaded.class);
		assertThat(uploaded.id()).isEqualTo("large.bin");
		assertThat(uploaded.size()).isEqualTo(content.length);
		assertThat(uploaded.contentType()).isEqualTo("application/octet-stream");
		// A multipart upload's ETag is the MD5 of its parts' MD5s, then "-" and the
		// number of parts.
		Matcher eTag = Pattern.compile("[0-9a-f]{32}-([0-9]+)").matcher(uploaded.eTag());
		assertThat(eTag.matches()).as("multipart ETag: %s", uploaded.eTag()).isTrue();
		assertThat(Integer.parseInt(eTag.group(1))).isGreaterThan(1);

		HttpResponse<byte[]> read = this.http.send(HttpRequest.newBuilder(uri("/documents/large.bin")).GET().build(),
				BodyHandlers.ofByteArray());
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
		assertThat(sha256(read.body())).isEqualTo(sha256(content));
	}

	@Test
	void aDocumentSentAsAFormIsStoredAsItsBytes() throws Exception {
		for (String path : List.of("/documents/form.txt", "/large-documents/large-form.txt")) {
			HttpResponse<String> stored = send(HttpRequest.newBuilder(uri(path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.PUT(BodyPublishers.ofString("a=1&b=2")));
			assertThat(stored.statusCode()).as(path).isEqualTo(201);
			// The whole body reached the service, not parsed as a form and gone. It is
			// not read back: moto itself keeps an object sent with this content type
			// empty (S3 does not).
			assertThat(stored.body()).as(path).contains("\"size\":7");
		}
	}

	@Test
	void identityShowsEachRoleWithItsCredentialExpiry() throws Exception {
		HttpResponse<String> identity = send(HttpRequest.newBuilder(uri("/identity")).GET());
		assertThat(identity.statusCode()).isEqualTo(200);
		assertThat(identity.body()).contains("\"role\":\"default\"",
				"\"arn\":\"arn:aws:sts::123456789012:assumed-role/sample-app/sample-app\"", "\"role\":\"reader\"",
				"\"arn\":\"arn:aws:sts::123456789012:assumed-role/sample-reader/sample-app-reader\"",
				"\"credentialsExpireAt\":\"20");
	}

	@Test
	void theTenantTemplateIsAssumedInEachAccountANamed() throws Exception {
		HttpResponse<String> accounts = send(
				HttpRequest.newBuilder(uri("/accounts?ids=111111111111,222222222222")).GET());
		assertThat(accounts.statusCode()).isEqualTo(200);
		assertThat(accounts.body()).contains("\"role\":\"tenant@111111111111\"",
				"\"arn\":\"arn:aws:sts::111111111111:assumed-role/sample-tenant/sample-app-111111111111\"",
				"\"arn\":\"arn:aws:sts::222222222222:assumed-role/sample-tenant/sample-app-222222222222\"");
		assertThat(send(HttpRequest.newBuilder(uri("/accounts?ids=12")).GET()).statusCode()).isEqualTo(400);
	}

	@Test
	void actuatorShowsBothRolesTheClientsAndTheMeters() throws Exception {
		HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/actuator/health")).GET());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"awsCredentials\":{", "\"default\":{\"state\":\"FRESH\"",
				"\"reader\":{\"state\":\"FRESH\"", "\"timeLeft\":\"PT");
		HttpResponse<String> clients = send(HttpRequest.newBuilder(uri("/actuator/awsclients")).GET());
		assertThat(clients.statusCode()).isEqualTo(200);
		assertThat(clients.body()).contains("\"id\":\"S3Client:default:", "\"pinned\":true");
		HttpResponse<String> reader = send(HttpRequest.newBuilder(uri("/actuator/awsclients/reader")).GET());
		assertThat(reader.body())
			.contains("\"arn\":\"arn:aws:sts::123456789012:assumed-role/sample-reader/sample-app-reader\"");
		HttpResponse<String> expiry = send(
				HttpRequest.newBuilder(uri("/actuator/metrics/aws.refresh.credentials.expiry?tag=role:reader")).GET());
		assertThat(expiry.statusCode()).isEqualTo(200);
		assertThat(expiry.body()).contains("\"baseUnit\":\"seconds\"", "\"statistic\":\"VALUE\"");
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

	record Link(String id, String url, Instant expiresAt) {

	}

	record Uploaded(String id, long size, String contentType, String eTag) {

	}

}
