package io.awsrefresh.springcloudaws;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.awspring.cloud.s3.S3Template;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.operations.SqsTemplate;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.client.AwsRole;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.test.Await;
import io.awsrefresh.test.emulator.AwsEmulatorTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with Spring Cloud AWS's S3 and SQS starters and aws-refresh, configured
 * the way a team adding aws-refresh to an existing service would leave it: Spring Cloud
 * AWS's own region, keys and endpoint still set. Its clients, templates and listeners run
 * as the aws.refresh default role, in the aws.refresh region, at the aws.refresh endpoint
 * (moto).
 */
@AwsEmulatorTest
@SpringBootTest(classes = SpringCloudAwsSideBySideTests.App.class, webEnvironment = WebEnvironment.NONE)
class SpringCloudAwsSideBySideTests {

	private static final String RUN = Long.toString(System.nanoTime(), 36);

	private static final String QUEUE = "side-by-side-" + RUN;

	private static final String BUCKET = "side-by-side-" + RUN;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		Moto.createQueue(QUEUE);
		registry.add("queue", () -> QUEUE);
		registry.add("aws.refresh.region", () -> Moto.emulator().region());
		registry.add("aws.refresh.endpoint", () -> Moto.emulator().endpoint());
		registry.add("aws.refresh.source.access-key-id", () -> Moto.emulator().accessKeyId());
		registry.add("aws.refresh.source.secret-access-key", () -> Moto.emulator().secretAccessKey());
		registry.add("aws.refresh.role-arn", () -> Moto.APP_ROLE);
		registry.add("aws.refresh.roles.audit.role-arn", () -> Moto.AUDIT_ROLE);
		registry.add("aws.refresh.services.s3.path-style-access", () -> "true");
		// What Spring Cloud AWS was configured with before aws-refresh came: none of it
		// may win.
		registry.add("spring.cloud.aws.region.static", () -> "ap-south-1");
		registry.add("spring.cloud.aws.credentials.access-key", () -> "spring-cloud-aws-key");
		registry.add("spring.cloud.aws.credentials.secret-key", () -> "spring-cloud-aws-secret");
		registry.add("spring.cloud.aws.endpoint", () -> "http://127.0.0.1:9");
	}

	@Autowired
	private AwsClientRegistry registry;

	@Autowired
	private ConfigurableListableBeanFactory beanFactory;

	@Autowired
	private S3Client s3;

	@Autowired
	@AwsRole("audit")
	private S3Client auditS3;

	@Autowired
	private SqsAsyncClient sqs;

	@Autowired
	private S3Template s3Template;

	@Autowired
	private SqsTemplate sqsTemplate;

	@Autowired
	private AwsCredentialsProvider credentialsProvider;

	@Autowired
	private AwsRegionProvider regionProvider;

	@Autowired
	private Listener listener;

	@Autowired
	private S3Presigner presigner;

	@Autowired
	@AwsRole("audit")
	private S3Presigner auditPresigner;

	@Test
	void springCloudAwsClientsAreTheRegistrysAndRunAsTheDefaultRole() {
		assertThat(this.s3).isSameAs(this.registry.client(S3Client.class));
		assertThat(this.sqs).isSameAs(this.registry.client(SqsAsyncClient.class));
		assertThat(Moto.callerArn(this.s3.serviceClientConfiguration().credentialsProvider()))
			.contains(":assumed-role/app/");
		assertThat(this.s3.serviceClientConfiguration().region()).isEqualTo(Region.of(Moto.emulator().region()));
		assertThat(this.s3.serviceClientConfiguration().endpointOverride()).hasValue(Moto.emulator().endpoint());
	}

	@Test
	void everySpringCloudAwsAutoConfigurationIsProcessedAfterTheStarters() {
		// Configuration classes are registered in the order they are processed: the
		// starter's order (no list of Spring Cloud AWS's names) puts it before all of
		// them.
		List<String> names = List.of(this.beanFactory.getBeanDefinitionNames());
		int registry = names.indexOf("io.awsrefresh.autoconfigure.AwsClientRegistryAutoConfiguration");
		assertThat(registry).isNotNegative();
		assertThat(names.stream().filter((name) -> name.startsWith("io.awspring.cloud.autoconfigure.")))
			.contains("io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration",
					"io.awspring.cloud.autoconfigure.s3.S3AutoConfiguration",
					"io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration")
			.allSatisfy((name) -> assertThat(names.indexOf(name)).as(name).isGreaterThan(registry));
	}

	@Test
	void theGenericSdkBeansAreAwsRefreshs() {
		assertThat(this.credentialsProvider).isInstanceOf(RoleCredentialsProvider.class);
		assertThat(((RoleCredentialsProvider) this.credentialsProvider).roleArn()).isEqualTo(Moto.APP_ROLE);
		assertThat(this.regionProvider.getRegion()).isEqualTo(Region.of(Moto.emulator().region()));
	}

	@Test
	void roleQualifiedClientsExistBesideSpringCloudAws() {
		assertThat(this.auditS3).isSameAs(this.registry.client(S3Client.class, "audit"));
		assertThat(Moto.callerArn(this.auditS3.serviceClientConfiguration().credentialsProvider()))
			.contains(":assumed-role/audit/");
	}

	@Test
	void s3TemplateSignsLinksWithTheRegistrysPresigner() throws Exception {
		// Spring Cloud AWS backs off from its S3Presigner as from its clients: S3Template
		// signs with the default role's presigner of the registry.
		assertThat(this.presigner).isSameAs(this.registry.client(S3Presigner.class));
		assertThat(this.auditPresigner).isSameAs(this.registry.client(S3Presigner.class, "audit"));
		this.s3Template.createBucket(BUCKET + "-links");
		this.s3Template.store(BUCKET + "-links", "greeting.json", new Greeting("linked"));
		URL link = this.s3Template.createSignedGetURL(BUCKET + "-links", "greeting.json", Duration.ofMinutes(5));
		HttpResponse<String> fetched = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(link.toURI()).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(fetched.statusCode()).isEqualTo(200);
		assertThat(fetched.body()).contains("linked");
	}

	@Test
	void s3TemplateStoresAndReadsThroughTheAssumedRole() throws Exception {
		this.s3Template.createBucket(BUCKET);
		this.s3Template.store(BUCKET, "greeting.json", new Greeting("hello"));
		assertThat(this.s3Template.read(BUCKET, "greeting.json", Greeting.class)).isEqualTo(new Greeting("hello"));
		assertThat(this.s3.listObjectsV2((list) -> list.bucket(BUCKET)).contents()).hasSize(1);
	}

	@Test
	void sqsTemplateAndSqsListenerRunThroughTheAssumedRole() {
		this.sqsTemplate.send(QUEUE, "hello from " + RUN);
		Await.until(() -> !this.listener.received.isEmpty(), Duration.ofSeconds(30));
		assertThat(this.listener.received).containsExactly("hello from " + RUN);
	}

	record Greeting(String text) {

	}

	static class Listener {

		final List<String> received = new CopyOnWriteArrayList<>();

		@SqsListener("${queue}")
		void receive(String message) {
			this.received.add(message);
		}

	}

	@SpringBootApplication
	static class App {

		@Bean
		Listener listener() {
			return new Listener();
		}

	}

}
