package io.awsrefresh.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;

import io.awsrefresh.sample.documents.DocumentsProperties;
import io.awsrefresh.test.emulator.AwsEmulatorTest;
import org.junit.jupiter.api.Test;

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

}
