package io.awsrefresh.sample;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.awsrefresh.test.emulator.AwsEmulator;
import io.awsrefresh.test.emulator.AwsEmulatorTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sqs.SqsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample as {@code spring-boot:process-aot} left it in {@code target/classes},
 * started in its own JVM with {@code -Dspring.aot.enabled=true} against the local
 * emulator: the client beans the starter registers for each type and role are generated
 * code there, settled at build time from {@code application.yml}, and no registrar runs.
 */
@AwsEmulatorTest
@TestInstance(Lifecycle.PER_CLASS)
class SampleApplicationAotIT {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

	private static final Path CLASSES = Path.of(System.getProperty("sample.classes", "target/classes"));

	private static final Path OUTPUT = CLASSES.resolveSibling("sample-app-aot.log");

	@RegisterExtension
	static final ChildOutputOnFailure childOutput = new ChildOutputOnFailure(OUTPUT);

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private @Nullable Process sample;

	private int port;

	@BeforeAll
	void startAotProcessedSample(AwsEmulator emulator) throws Exception {
		Files.deleteIfExists(OUTPUT);
		createBucketAndQueue(emulator);
		this.port = freePort();
		ProcessBuilder builder = new ProcessBuilder(command(emulator)).redirectErrorStream(true)
			.redirectOutput(OUTPUT.toFile());
		// Only what the command line says: no AWS_REGION, AWS_PROFILE or keys of this
		// machine.
		builder.environment().keySet().removeIf((name) -> name.startsWith("AWS_"));
		Process process = builder.start();
		this.sample = process;
		await().atMost(STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> isUp(process));
	}

	@AfterAll
	void stopSample() throws InterruptedException {
		Process process = this.sample;
		if (process != null) {
			process.destroy();
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void sampleStartedFromTheAotGeneratedInitializer() throws IOException {
		assertThat(Files.readString(OUTPUT)).contains("Starting AOT-processed SampleApplication");
	}

	@Test
	void aotProcessingGeneratedThePostProcessorThatRegistersClientBeansOnInjection() throws IOException {
		assertThat(CLASSES.resolve("io/awsrefresh/sample/SampleApplication__ApplicationContextInitializer.class"))
			.isRegularFile();
		Path registrations = CLASSES.resolveSibling(Path.of("spring-aot", "main", "sources", "io", "awsrefresh",
				"sample", "SampleApplication__BeanFactoryRegistrations.java"));
		String source = Files.readString(registrations);
		// Client beans are registered at run time, where they are injected (the default
		// and reader roles' StsClient behind /identity, S3Client behind /documents): the
		// post-processor that has that done is generated code, and the other tests here
		// use those beans.
		assertThat(source).doesNotContain("awsRefresh.StsClient.default", "awsRefresh.StsClient.reader",
				"awsRefresh.S3Client.default");
		assertThat(occurrences(source, "registerBeanDefinition(\"awsRefreshInjectedClientBeans\"")).isOne();
	}

	@Test
	void storedDocumentIsReadBackAndItsLinkFetchedWithAPlainHttpClient() throws Exception {
		HttpResponse<String> stored = send(HttpRequest.newBuilder(uri("/documents/aot.txt"))
			.header("Content-Type", "text/plain")
			.PUT(BodyPublishers.ofString("processed ahead of time")));
		assertThat(stored.statusCode()).isEqualTo(201);

		HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/documents/aot.txt")).GET());
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.body()).isEqualTo("processed ahead of time");

		HttpResponse<String> linked = send(HttpRequest.newBuilder(uri("/documents/aot.txt/link")).GET());
		assertThat(linked.statusCode()).isEqualTo(200);
		Link link = this.json.readValue(linked.body(), Link.class);
		assertThat(link.id()).isEqualTo("aot.txt");
		HttpResponse<String> fetched = send(HttpRequest.newBuilder(URI.create(link.url())).GET());
		assertThat(fetched.statusCode()).isEqualTo(200);
		assertThat(fetched.body()).isEqualTo("processed ahead of time");
	}

	@Test
	void identityShowsTheDefaultAndTheReaderRoleAssumed() throws Exception {
		HttpResponse<String> identity = send(HttpRequest.newBuilder(uri("/identity")).GET());
		assertThat(identity.statusCode()).isEqualTo(200);
		assertThat(identity.body()).contains("\"role\":\"default\"",
				"\"arn\":\"arn:aws:sts::123456789012:assumed-role/sample-app/sample-app\"", "\"role\":\"reader\"",
				"\"arn\":\"arn:aws:sts::123456789012:assumed-role/sample-reader/sample-app-reader\"");
	}

	@Test
	void actuatorListsTheClients() throws Exception {
		HttpResponse<String> clients = send(HttpRequest.newBuilder(uri("/actuator/awsclients")).GET());
		assertThat(clients.statusCode()).isEqualTo(200);
		assertThat(clients.body()).contains("\"id\":\"S3Client:default:", "\"id\":\"StsClient:reader:");
	}

	private List<String> command(AwsEmulator emulator) throws IOException {
		String runtimeClasspath = Files
			.readString(Path.of(System.getProperty("sample.runtime-classpath", "target/runtime-classpath.txt")))
			.strip();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Dspring.aot.enabled=true");
		command.add("-Daws.disableEc2Metadata=true");
		command.add("-cp");
		// The production classpath only: no test classes, no test dependencies.
		command.add(CLASSES + File.pathSeparator + runtimeClasspath);
		command.add(SampleApplication.class.getName());
		command.add("--server.port=" + this.port);
		command.add("--aws.refresh.endpoint=" + emulator.endpoint());
		command.add("--aws.refresh.region=" + emulator.region());
		// The emulator's fixed test keys, not a secret.
		command.add("--aws.refresh.source.access-key-id=" + emulator.accessKeyId());
		command.add("--aws.refresh.source.secret-access-key=" + emulator.secretAccessKey());
		command.add("--aws.refresh.services.s3.path-style-access=true");
		return command;
	}

	private boolean isUp(Process process) throws Exception {
		if (!process.isAlive()) {
			throw new IllegalStateException("The AOT-processed sample exited with code " + process.exitValue());
		}
		try {
			HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/actuator/health")).GET());
			return health.statusCode() == 200
					&& "UP".equals(this.json.readTree(health.body()).path("status").asString());
		}
		catch (ConnectException ex) {
			return false;
		}
	}

	/**
	 * The bucket and queue of {@code sample.documents.*} in {@code application.yml}, with
	 * plain SDK clients.
	 */
	private static void createBucketAndQueue(AwsEmulator emulator) throws IOException {
		PropertySource<?> configuration = new YamlPropertySourceLoader()
			.load("application.yml", new ClassPathResource("application.yml"))
			.get(0);
		String bucket = String.valueOf(configuration.getProperty("sample.documents.bucket"));
		String queue = String.valueOf(configuration.getProperty("sample.documents.queue"));
		StaticCredentialsProvider credentials = StaticCredentialsProvider
			.create(AwsBasicCredentials.create(emulator.accessKeyId(), emulator.secretAccessKey()));
		Region region = Region.of(emulator.region());
		try (S3Client s3 = S3Client.builder()
			.endpointOverride(emulator.endpoint())
			.region(region)
			.credentialsProvider(credentials)
			.forcePathStyle(true)
			.build();
				SqsClient sqs = SqsClient.builder()
					.endpointOverride(emulator.endpoint())
					.region(region)
					.credentialsProvider(credentials)
					.build()) {
			try {
				s3.createBucket((request) -> request.bucket(bucket));
			}
			catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException ex) {
				// Created by another test class against the shared emulator.
			}
			sqs.createQueue((request) -> request.queueName(queue));
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static int occurrences(String text, String part) {
		Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
				BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	record Link(String id, String url, Instant expiresAt) {

	}

	/**
	 * Prints the sample's output when starting it or a test fails.
	 */
	static final class ChildOutputOnFailure
			implements LifecycleMethodExecutionExceptionHandler, TestExecutionExceptionHandler {

		private final Path output;

		ChildOutputOnFailure(Path output) {
			this.output = output;
		}

		@Override
		public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
				throws Throwable {
			print();
			throw throwable;
		}

		@Override
		public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
			print();
			throw throwable;
		}

		private void print() throws IOException {
			if (Files.exists(this.output)) {
				System.out.printf("%n--- output of the AOT-processed sample (%s) ---%n%s%n--- end ---%n", this.output,
						Files.readString(this.output));
			}
		}

	}

}
