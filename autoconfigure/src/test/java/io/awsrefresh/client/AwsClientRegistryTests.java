package io.awsrefresh.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.awsrefresh.client.AwsClientListener.EvictionCause;
import io.awsrefresh.test.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;

import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Utilities;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The registry's single flight: whatever the number of threads asking, each key is built
 * once and every caller gets that one instance, a slow build holds only the callers of
 * its own key, and a failed build is not remembered. Building a client never calls AWS,
 * so no emulator is needed.
 */
class AwsClientRegistryTests {

	private final SdkHttpClient http = Apache5HttpClient.create();

	private final SharedClientResources resources = new SharedClientResources(() -> this.http, () -> null);

	private final ExecutorService threads = Executors.newFixedThreadPool(64);

	@AfterEach
	void close() {
		this.threads.shutdownNow();
		this.resources.close();
		this.http.close();
	}

	@Test
	void manyThreadsAskingForManyKeysBuildEachClientOnce() throws Exception {
		AtomicInteger builds = new AtomicInteger();
		List<Class<? extends SdkClient>> types = List.of(S3Client.class, SqsClient.class, DynamoDbClient.class,
				StsClient.class);
		List<Region> regions = List.of(Region.EU_WEST_1, Region.EU_WEST_2, Region.EU_WEST_3, Region.EU_CENTRAL_1,
				Region.EU_NORTH_1, Region.US_EAST_1, Region.US_EAST_2, Region.US_WEST_1, Region.US_WEST_2,
				Region.AP_SOUTHEAST_1, Region.AP_SOUTHEAST_2, Region.AP_NORTHEAST_1, Region.AP_SOUTH_1,
				Region.SA_EAST_1, Region.CA_CENTRAL_1);
		List<Object[]> keys = new ArrayList<>();
		for (Class<? extends SdkClient> type : types) {
			for (String role : List.of("default", "audit")) {
				for (Region region : regions) {
					keys.add(new Object[] { type, role, region });
				}
			}
		}
		try (AwsClientRegistry registry = registry((builder, role, region) -> builds.incrementAndGet())) {
			Map<Integer, Set<Object>> instances = new ConcurrentHashMap<>();
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<Void>> callers = new ArrayList<>();
			for (int t = 0; t < 64; t++) {
				callers.add(CompletableFuture.runAsync(() -> {
					List<Integer> order = new ArrayList<>();
					for (int i = 0; i < keys.size(); i++) {
						order.add(i);
					}
					Collections.shuffle(order);
					await(start);
					for (int i : order) {
						Object[] key = keys.get(i);
						Object client = registry.client((Class<?>) key[0], (String) key[1], (Region) key[2]);
						instances.computeIfAbsent(i, (k) -> ConcurrentHashMap.newKeySet()).add(client);
					}
				}, this.threads));
			}
			start.countDown();
			CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
			assertThat(instances).hasSize(keys.size()).allSatisfy((key, clients) -> assertThat(clients).hasSize(1));
			assertThat(builds).hasValue(keys.size());
			assertThat(registry.builds()).isEqualTo(keys.size());
		}
	}

	@Test
	void aSlowBuildHoldsTheCallersOfItsKeyOnlyAndGivesThemAllOneClient() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger s3Builds = new AtomicInteger();
		try (AwsClientRegistry registry = registry((builder, role, region) -> {
			if (builder instanceof software.amazon.awssdk.services.s3.S3ClientBuilder) {
				s3Builds.incrementAndGet();
				await(release);
			}
		})) {
			List<CompletableFuture<S3Client>> waiting = new ArrayList<>();
			for (int i = 0; i < 32; i++) {
				waiting.add(CompletableFuture.supplyAsync(() -> registry.client(S3Client.class), this.threads));
			}
			Await.until(() -> s3Builds.get() == 1);
			// Another key is built meanwhile, on its own.
			assertThat(registry.client(SqsClient.class)).isNotNull();
			assertThat(waiting).noneMatch(CompletableFuture::isDone);
			release.countDown();
			Set<S3Client> clients = ConcurrentHashMap.newKeySet();
			for (CompletableFuture<S3Client> caller : waiting) {
				clients.add(caller.get(30, TimeUnit.SECONDS));
			}
			assertThat(clients).hasSize(1);
			assertThat(s3Builds).hasValue(1);
		}
	}

	@Test
	void aFailedBuildFailsItsCallersAndIsTriedAgainByTheNext() {
		AtomicInteger attempts = new AtomicInteger();
		try (AwsClientRegistry registry = registry((builder, role, region) -> {
			if (attempts.incrementAndGet() == 1) {
				throw new IllegalStateException("customizer failed once");
			}
		})) {
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> registry.client(StsClient.class))
				.withMessageContaining("customizer failed once");
			StsClient client = registry.client(StsClient.class);
			assertThat(registry.client(StsClient.class)).isSameAs(client);
			assertThat(attempts).hasValue(2);
		}
	}

	@Test
	void resourceObjectsAreHeldUnderTheKeysOfClients() {
		try (AwsClientRegistry registry = registry((builder, role, region) -> {
		})) {
			S3Utilities utilities = registry.client(S3Utilities.class);
			assertThat(registry.client(S3Utilities.class, "default")).isSameAs(utilities);
			assertThat(registry.client(S3Utilities.class, "audit")).isNotSameAs(utilities);
			assertThat(registry.client(S3Utilities.class, "default", Region.EU_WEST_3)).isNotSameAs(utilities);
			assertThat(utilities.getUrl((u) -> u.bucket("docs").key("a.txt")).toString())
				.isEqualTo("https://docs.s3.eu-west-1.amazonaws.com/a.txt");
			assertThat(registry.builds()).isEqualTo(3);
		}
	}

	@Test
	void aTypeThatIsNeitherAClientNorAResourceIsRefusedNamingTheResourceTypes() {
		try (AwsClientRegistry registry = registry((builder, role, region) -> {
		})) {
			assertThatExceptionOfType(UnsupportedClientTypeException.class)
				.isThrownBy(() -> registry.client(String.class))
				.withMessageContaining("S3Presigner");
		}
	}

	@Test
	void resourceTypesAreThoseWhoseModulesArePresent() {
		assertThat(AwsClientRegistry.resourceTypes(getClass().getClassLoader())).extracting(Class::getSimpleName)
			.containsExactly("DynamoDbEnhancedAsyncClient", "DynamoDbEnhancedClient", "S3Utilities", "S3Presigner",
					"S3TransferManager");
		assertThat(AwsClientRegistry.resourceTypes(new FilteredClassLoader("software.amazon.awssdk.enhanced.")))
			.extracting(Class::getSimpleName)
			.containsExactly("S3Utilities", "S3Presigner", "S3TransferManager");
	}

	private AwsClientRegistry registry(AwsClientCustomizer<?> customizer) {
		StaticCredentialsProvider credentials = StaticCredentialsProvider
			.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
		return AwsClientRegistry.builder(this.resources)
			.role("default", credentials)
			.role("audit", credentials)
			.region(Region.EU_WEST_1)
			.customizers(List.of(customizer))
			.cache(1000, Duration.ofMinutes(30))
			.build();
	}

	@Test
	void aLateSizeEvictionReportKeepsTheCreationTimeOfTheClientBuiltSinceUnderItsKey() throws Exception {
		// Both scheduler threads held: the reports of size evictions wait behind them.
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch held = new CountDownLatch(2);
		for (int i = 0; i < 2; i++) {
			this.resources.scheduler().execute(() -> {
				held.countDown();
				await(release);
			});
		}
		assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
		List<AwsClientInfo> evicted = new CopyOnWriteArrayList<>();
		AwsClientListener listener = new AwsClientListener() {

			@Override
			public void onEvicted(AwsClientInfo client, EvictionCause cause) {
				evicted.add(client);
			}

		};
		try (AwsClientRegistry registry = AwsClientRegistry.builder(this.resources)
			.role("default", StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
			.region(Region.EU_WEST_1)
			.cache(1, Duration.ofHours(1))
			.listeners(List.of(listener))
			.build()) {
			S3Client first = registry.client(S3Client.class, "default", Region.EU_WEST_2);
			Instant firstCreated = createdIn(registry, Region.EU_WEST_2);
			// Each evicts the one before it, beyond the size of 1.
			registry.client(S3Client.class, "default", Region.US_WEST_2);
			S3Client again = registry.client(S3Client.class, "default", Region.EU_WEST_2);
			assertThat(again).isNotSameAs(first);
			Instant rebuiltCreated = createdIn(registry, Region.EU_WEST_2);
			assertThat(rebuiltCreated).isAfterOrEqualTo(firstCreated).isNotEqualTo(Instant.EPOCH);

			release.countDown();
			Await.until(() -> evicted.size() == 2);

			assertThat(createdIn(registry, Region.EU_WEST_2)).isEqualTo(rebuiltCreated);
			assertThat(evicted).filteredOn((client) -> client.region().equals(Region.EU_WEST_2))
				.singleElement()
				.satisfies((client) -> assertThat(client.created()).isEqualTo(firstCreated));
		}
	}

	private static Instant createdIn(AwsClientRegistry registry, Region region) {
		return registry.clients()
			.stream()
			.filter((client) -> client.region().equals(region))
			.findFirst()
			.orElseThrow()
			.created();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A customizer may ask the registry for another client while its own is built, and a
	 * cycle (SQS's customizer asks for DynamoDB, DynamoDB's for SQS) is a clear
	 * IllegalStateException on one thread. On two threads that each start one of the two
	 * builds, each waits, without a timeout, for the other's build: both callers, and
	 * every later caller of either key, hang for ever.
	 */
	@Test
	void aCycleOfCustomizersOnTwoThreadsFailsAsItDoesOnOneInsteadOfHangingForEver() throws Exception {
		CountDownLatch bothBuilding = new CountDownLatch(2);
		AtomicInteger sqsCustomized = new AtomicInteger();
		AtomicInteger dynamoCustomized = new AtomicInteger();
		AwsClientRegistry[] holder = new AwsClientRegistry[1];
		AwsClientCustomizer<SqsClientBuilder> sqs = (builder, role, region) -> {
			if (sqsCustomized.incrementAndGet() == 1) {
				bothBuilding.countDown();
				awaitQuietly(bothBuilding);
				holder[0].client(DynamoDbClient.class);
			}
		};
		AwsClientCustomizer<DynamoDbClientBuilder> dynamo = (builder, role, region) -> {
			if (dynamoCustomized.incrementAndGet() == 1) {
				bothBuilding.countDown();
				awaitQuietly(bothBuilding);
				holder[0].client(SqsClient.class);
			}
		};
		try (AwsClientRegistry registry = AwsClientRegistry.builder(this.resources)
			.role("default", StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
			.region(Region.EU_WEST_1)
			.customizers(List.of(sqs, dynamo))
			.build()) {
			holder[0] = registry;
			CompletableFuture<SqsClient> sqsCaller = CompletableFuture
				.supplyAsync(() -> registry.client(SqsClient.class), this.threads);
			CompletableFuture<DynamoDbClient> dynamoCaller = CompletableFuture
				.supplyAsync(() -> registry.client(DynamoDbClient.class), this.threads);
			CompletableFuture<Void> both = CompletableFuture.allOf(sqsCaller, dynamoCaller)
				.handle((result, failure) -> null);
			assertThat(both).as("the two callers of a cycle of customizers end (with an error) instead of hanging")
				.succeedsWithin(Duration.ofSeconds(20));
			assertThat(List.of(sqsCaller, dynamoCaller))
				.allSatisfy((caller) -> assertThat(caller).failsWithin(Duration.ZERO)
					.withThrowableThat()
					.havingRootCause()
					.isInstanceOf(IllegalStateException.class)
					.withMessageContaining("AwsClientCustomizers ask the registry for each other's clients"));
			// Nothing of the cycle is left behind: the two clients build once asked for
			// on their own.
			sqsCustomized.set(1);
			dynamoCustomized.set(1);
			assertThat(registry.client(SqsClient.class)).isNotNull();
			assertThat(registry.client(DynamoDbClient.class)).isNotNull();
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
