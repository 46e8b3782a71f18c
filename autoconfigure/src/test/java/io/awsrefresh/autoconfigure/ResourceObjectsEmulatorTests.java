package io.awsrefresh.autoconfigure;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import io.awsrefresh.client.AwsClientCustomizer;
import io.awsrefresh.client.AwsClientInfo;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.client.AwsRole;
import io.awsrefresh.client.AwsSession;
import io.awsrefresh.client.PresignRefusedException;
import io.awsrefresh.client.PresignedUrls;
import io.awsrefresh.test.emulator.AwsEmulator;
import io.awsrefresh.test.emulator.AwsEmulatorTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Utilities;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.CompletedFileUpload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The resource-level objects (presigner, transfer manager, enhanced DynamoDB clients, S3
 * utilities) injected and from the registry, for the default role and for a named role in
 * another account, against a real emulator over HTTP.
 */
@AwsEmulatorTest
class ResourceObjectsEmulatorTests {

	private static final String DEFAULT_ACCOUNT = "123456789012";

	private static final String PARTNER_ACCOUNT = "210987654321";

	private static final String TENANT_ACCOUNT = "111111111111";

	private final ApplicationContextRunner contextRunner;

	private final HttpClient http = HttpClient.newHttpClient();

	/**
	 * Suffix for resource names: the emulator is shared by every test class of the JVM.
	 */
	private final String run = Long.toString(System.nanoTime(), 36);

	ResourceObjectsEmulatorTests(AwsEmulator emulator) {
		this.contextRunner = new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withPropertyValues("spring.application.name=orders", "aws.refresh.region=" + emulator.region(),
					"aws.refresh.endpoint=" + emulator.endpoint(),
					"aws.refresh.source.access-key-id=" + emulator.accessKeyId(),
					"aws.refresh.source.secret-access-key=" + emulator.secretAccessKey(),
					"aws.refresh.role-arn=arn:aws:iam::" + DEFAULT_ACCOUNT + ":role/app",
					"aws.refresh.roles.partner.role-arn=arn:aws:iam::" + PARTNER_ACCOUNT + ":role/partner",
					"aws.refresh.roles.tenant.role-arn=arn:aws:iam::{account}:role/tenant",
					"aws.refresh.services.s3.path-style-access=true");
	}

	@Test
	void presignedUrlsFetchedWithAPlainHttpClientReadAndWriteTheRolesObjects() {
		this.contextRunner.withUserConfiguration(Injected.class).run((context) -> {
			Injected injected = context.getBean(Injected.class);
			presignedPutThenGet(injected.s3, injected.presigner, DEFAULT_ACCOUNT);
			presignedPutThenGet(injected.partnerS3, injected.partnerPresigner, PARTNER_ACCOUNT);
		});
	}

	private void presignedPutThenGet(S3Client s3, S3Presigner presigner, String account) throws Exception {
		String bucket = "links-" + account + "-" + this.run;
		s3.createBucket((b) -> b.bucket(bucket));
		PresignedPutObjectRequest put = presigner.presignPutObject((p) -> p.signatureDuration(Duration.ofMinutes(10))
			.putObjectRequest((o) -> o.bucket(bucket).key("upload.txt")));
		HttpResponse<String> stored = this.http.send(HttpRequest.newBuilder(put.url().toURI())
			.PUT(HttpRequest.BodyPublishers.ofString("uploaded through a link"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(stored.statusCode()).isEqualTo(200);
		assertThat(s3.getObjectAsBytes((g) -> g.bucket(bucket).key("upload.txt")).asUtf8String())
			.isEqualTo("uploaded through a link");

		PresignedGetObjectRequest get = presigner.presignGetObject((p) -> p.signatureDuration(Duration.ofMinutes(10))
			.getObjectRequest((o) -> o.bucket(bucket).key("upload.txt")));
		HttpResponse<String> fetched = this.http.send(HttpRequest.newBuilder(get.url().toURI()).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(fetched.statusCode()).isEqualTo(200);
		assertThat(fetched.body()).isEqualTo("uploaded through a link");
		// The bucket belongs to the role's account: the other account does not list it.
		assertThat(s3.listBuckets().buckets()).anySatisfy((b) -> assertThat(b.name()).isEqualTo(bucket));
		// The link lives as long as asked: the role's credentials outlive it.
		assertThat(PresignedUrls.validUntil(get)).isEqualTo(get.expiration());
	}

	@Test
	void aTemplatesRoleInAnAccountHasItsOwnPresignerAndEnhancedClient() {
		this.contextRunner.run((context) -> {
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			AwsSession tenant = registry.session("tenant", TENANT_ACCOUNT);
			S3Presigner presigner = tenant.client(S3Presigner.class);
			assertThat(registry.session("tenant", TENANT_ACCOUNT).client(S3Presigner.class)).isSameAs(presigner);
			presignedPutThenGet(tenant.client(S3Client.class), presigner, TENANT_ACCOUNT);
			tablePutGetQuery(tenant.client(DynamoDbEnhancedClient.class), tenant.client(DynamoDbClient.class),
					TENANT_ACCOUNT);
		});
	}

	@Test
	void eachRolesBucketsAreItsAccountsOwn() {
		this.contextRunner.withUserConfiguration(Injected.class).run((context) -> {
			Injected injected = context.getBean(Injected.class);
			injected.s3.createBucket((b) -> b.bucket("own-" + this.run));
			assertThat(injected.sts.getCallerIdentity().account()).isEqualTo(DEFAULT_ACCOUNT);
			assertThat(injected.partnerSts.getCallerIdentity().account()).isEqualTo(PARTNER_ACCOUNT);
			assertThat(injected.partnerS3.listBuckets().buckets())
				.noneSatisfy((bucket) -> assertThat(bucket.name()).isEqualTo("own-" + this.run));
		});
	}

	@Test
	void theTransferManagerUploadsAndDownloads20MibInPartsAsEachRole(@TempDir Path directory) {
		// moto's server answers an upload part's Expect: 100-continue in a way the Netty
		// client takes for the final answer; AWS's S3 does not. Sent without it here.
		AwsClientCustomizer<S3AsyncClientBuilder> noExpectContinue = (builder, role, region) -> builder
			.serviceConfiguration((s3) -> s3.expectContinueEnabled(false));
		this.contextRunner.withUserConfiguration(Injected.class)
			.withBean(AwsClientCustomizer.class, () -> noExpectContinue)
			.run((context) -> {
				Injected injected = context.getBean(Injected.class);
				Path source = directory.resolve("large.bin");
				byte[] content = new byte[20 * 1024 * 1024];
				new Random(42).nextBytes(content);
				Files.write(source, content);
				transfer(injected.s3, injected.transferManager, DEFAULT_ACCOUNT, source, directory);
				transfer(injected.partnerS3, injected.partnerTransferManager, PARTNER_ACCOUNT, source, directory);
			});
	}

	private void transfer(S3Client s3, S3TransferManager transferManager, String account, Path source, Path directory)
			throws Exception {
		String bucket = "large-" + account + "-" + this.run;
		s3.createBucket((b) -> b.bucket(bucket));
		CompletedFileUpload upload = transferManager
			.uploadFile((u) -> u.source(source).putObjectRequest((p) -> p.bucket(bucket).key("large.bin")))
			.completionFuture()
			.join();
		// A multipart upload's ETag ends with the number of its parts.
		assertThat(upload.response().eTag()).matches("\"?[0-9a-f]+-[0-9]+\"?");
		Path target = directory.resolve("downloaded-" + account + ".bin");
		transferManager
			.downloadFile((d) -> d.destination(target).getObjectRequest((g) -> g.bucket(bucket).key("large.bin")))
			.completionFuture()
			.join();
		assertThat(sha256(target)).isEqualTo(sha256(source));
		assertThat(s3.headObject((h) -> h.bucket(bucket).key("large.bin")).contentLength())
			.isEqualTo(Files.size(source));
	}

	@Test
	void theEnhancedClientPutsGetsAndQueriesTheRolesTable() {
		this.contextRunner.withUserConfiguration(Injected.class).run((context) -> {
			Injected injected = context.getBean(Injected.class);
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			tablePutGetQuery(injected.enhanced, registry.client(DynamoDbClient.class), DEFAULT_ACCOUNT);
			tablePutGetQuery(injected.partnerEnhanced, registry.client(DynamoDbClient.class, "partner"),
					PARTNER_ACCOUNT);
			injected.partnerEnhancedAsync
				.table("orders-" + PARTNER_ACCOUNT + "-" + this.run, TableSchema.fromBean(Order.class))
				.getItem(Key.builder().partitionValue("c-1").sortValue("o-2").build())
				.thenAccept((order) -> assertThat(order.getTotal()).isEqualTo(20))
				.join();
		});
	}

	private void tablePutGetQuery(DynamoDbEnhancedClient enhanced, DynamoDbClient dynamoDb, String account) {
		String name = "orders-" + account + "-" + this.run;
		DynamoDbTable<Order> table = enhanced.table(name, TableSchema.fromBean(Order.class));
		table.createTable();
		table.putItem(new Order("c-1", "o-1", 10));
		table.putItem(new Order("c-1", "o-2", 20));
		table.putItem(new Order("c-2", "o-3", 30));
		assertThat(table.getItem(Key.builder().partitionValue("c-1").sortValue("o-1").build()).getTotal())
			.isEqualTo(10);
		List<Order> orders = table.query(QueryConditional.keyEqualTo((k) -> k.partitionValue("c-1")))
			.items()
			.stream()
			.toList();
		assertThat(orders).extracting(Order::getOrderId).containsExactly("o-1", "o-2");
		assertThat(dynamoDb.describeTable((d) -> d.tableName(name)).table().tableArn())
			.startsWith("arn:aws:dynamodb:us-east-1:" + account + ":table/");
	}

	@Test
	void theRegistryHoldsThemUnderTheKeysOfClients() {
		this.contextRunner.withUserConfiguration(Injected.class).run((context) -> {
			Injected injected = context.getBean(Injected.class);
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			assertThat(registry.client(S3Presigner.class)).isSameAs(injected.presigner);
			assertThat(registry.client(S3Presigner.class, "partner")).isSameAs(injected.partnerPresigner)
				.isNotSameAs(injected.presigner);
			assertThat(registry.client(S3TransferManager.class, "partner")).isSameAs(injected.partnerTransferManager);
			S3Presigner elsewhere = registry.client(S3Presigner.class, "partner", Region.EU_WEST_3);
			assertThat(elsewhere).isNotSameAs(injected.partnerPresigner)
				.isSameAs(registry.client(S3Presigner.class, "partner", Region.EU_WEST_3));
			assertThat(registry.clients()).extracting(AwsClientInfo::id)
				.contains("S3Presigner:default:us-east-1", "S3Presigner:partner:us-east-1",
						"S3TransferManager:partner:us-east-1", "DynamoDbEnhancedClient:default:us-east-1",
						"S3Presigner:partner:eu-west-3");
			assertThat(registry.evict("S3Presigner:partner:eu-west-3")).isTrue();
			assertThat(registry.client(S3Presigner.class, "partner", Region.EU_WEST_3)).isNotSameAs(elsewhere);
			assertThat(injected.utilities.getUrl((u) -> u.bucket("docs").key("a.txt")).toString())
				.endsWith("/docs/a.txt");
		});
	}

	@Test
	void evictingAnOnDemandTransferManagerLeavesTheSharedHttpClientAndTheRolesCredentialsWorking() {
		this.contextRunner.withUserConfiguration(Injected.class).run((context) -> {
			Injected injected = context.getBean(Injected.class);
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			registry.client(S3TransferManager.class, "partner", Region.EU_WEST_3);
			assertThat(registry.evict("S3TransferManager:partner:eu-west-3")).isTrue();
			// Its own async client is closed with it; the shared async HTTP client and
			// the
			// role's credentials are not.
			assertThat(injected.partnerTransferManager
				.upload((u) -> u.requestBody(AsyncRequestBody.fromString("after eviction"))
					.putObjectRequest((p) -> p.bucket(bucket(injected.partnerS3, "evict")).key("k")))
				.completionFuture()
				.join()
				.response()
				.eTag()).isNotBlank();
			assertThat(injected.partnerSts.getCallerIdentity().account()).isEqualTo(PARTNER_ACCOUNT);
		});
	}

	@Test
	void aPresignerRefusesCredentialsThatExpireBeforeTheMinimumValidity() {
		// The emulator's assumed-role credentials live 1 hour: less than asked for here.
		this.contextRunner.withPropertyValues("aws.refresh.presign.minimum-validity=2h").run((context) -> {
			S3Presigner presigner = context.getBean(S3Presigner.class);
			assertThatExceptionOfType(PresignRefusedException.class)
				.isThrownBy(() -> presigner.presignGetObject((p) -> p.signatureDuration(Duration.ofMinutes(10))
					.getObjectRequest((g) -> g.bucket("docs").key("a.txt"))))
				.satisfies((ex) -> assertThat(ex.getRole()).isEqualTo("default"))
				.withMessageContaining("the minimum is 7200 s");
		});
	}

	@Test
	void aPresignerOfTheApplicationReplacesTheDefaultRolesOnly() {
		this.contextRunner.withUserConfiguration(OwnPresigner.class).run((context) -> {
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			assertThat(context.getBean(S3Presigner.class)).isSameAs(context.getBean("ownPresigner"))
				.isNotSameAs(registry.client(S3Presigner.class));
			assertThat(context.getBean(OwnPresigner.class).partner)
				.isSameAs(registry.client(S3Presigner.class, "partner"));
		});
	}

	private String bucket(S3Client s3, String name) {
		String bucket = name + "-" + this.run;
		s3.createBucket((b) -> b.bucket(bucket));
		return bucket;
	}

	private static String sha256(Path path) throws IOException {
		try {
			return java.util.HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static class Injected {

		@Autowired
		S3Client s3;

		@Autowired
		@AwsRole("partner")
		S3Client partnerS3;

		@Autowired
		StsClient sts;

		@Autowired
		@AwsRole("partner")
		StsClient partnerSts;

		@Autowired
		S3Presigner presigner;

		@Autowired
		@AwsRole("partner")
		S3Presigner partnerPresigner;

		@Autowired
		S3TransferManager transferManager;

		@Autowired
		@AwsRole("partner")
		S3TransferManager partnerTransferManager;

		@Autowired
		DynamoDbEnhancedClient enhanced;

		@Autowired
		@AwsRole("partner")
		DynamoDbEnhancedClient partnerEnhanced;

		@Autowired
		@AwsRole("partner")
		DynamoDbEnhancedAsyncClient partnerEnhancedAsync;

		@Autowired
		S3Utilities utilities;

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnPresigner {

		@Autowired
		@AwsRole("partner")
		S3Presigner partner;

		@Bean
		S3Presigner ownPresigner() {
			return S3Presigner.builder()
				.region(Region.EU_WEST_1)
				.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("own", "own")))
				.build();
		}

	}

	@DynamoDbBean
	public static class Order {

		private String customerId;

		private String orderId;

		private int total;

		public Order() {
		}

		Order(String customerId, String orderId, int total) {
			this.customerId = customerId;
			this.orderId = orderId;
			this.total = total;
		}

		@DynamoDbPartitionKey
		public String getCustomerId() {
			return this.customerId;
		}

		public void setCustomerId(String customerId) {
			this.customerId = customerId;
		}

		@DynamoDbSortKey
		public String getOrderId() {
			return this.orderId;
		}

		public void setOrderId(String orderId) {
			this.orderId = orderId;
		}

		public int getTotal() {
			return this.total;
		}

		public void setTotal(int total) {
			this.total = total;
		}

	}

}
