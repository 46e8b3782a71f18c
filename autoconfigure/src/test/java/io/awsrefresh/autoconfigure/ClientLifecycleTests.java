package io.awsrefresh.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.awsrefresh.autoconfigure.actuate.AwsRefreshMetricsAutoConfiguration;
import io.awsrefresh.client.AwsClientCustomizer;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.metrics.SdkMetricsPublisher;
import io.awsrefresh.test.emulator.AwsEmulator;
import io.awsrefresh.test.emulator.AwsEmulatorTest;
import io.awsrefresh.test.sts.StsStub;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;
import software.amazon.awssdk.services.sts.StsAsyncClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What the registry closes, and when: evicted clients, and everything at context close.
 */
@AwsEmulatorTest
class ClientLifecycleTests {

	/**
	 * The resource-level objects, pinned and on demand, each used once; an on-demand
	 * transfer manager is evicted (closed before the async client under it).
	 */
	private static void useResourceObjects(ApplicationContext context, String bucket) {
		S3TransferManager transferManager = context.getBean(S3TransferManager.class);
		transferManager
			.upload((u) -> u.requestBody(AsyncRequestBody.fromString("through the transfer manager"))
				.putObjectRequest((p) -> p.bucket(bucket).key("tm")))
			.completionFuture()
			.join();
		context.getBean(S3Presigner.class)
			.presignGetObject((p) -> p.signatureDuration(Duration.ofMinutes(10))
				.getObjectRequest((g) -> g.bucket(bucket).key("tm")));
		String table = "cycle-" + System.nanoTime();
		context.getBean(DynamoDbEnhancedAsyncClient.class)
			.table(table, TableSchema.fromBean(ResourceObjectsEmulatorTests.Order.class))
			.createTable()
			.join();
		AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
		registry.client(S3TransferManager.class, "default", Region.EU_WEST_3);
		assertThat(registry.evictAll()).isPositive();
	}

	/**
	 * Threads the SDK and Caffeine start once per JVM and keep: not ours to close.
	 */
	private static final Set<String> JVM_WIDE_THREADS = Set.of("sdk-cache", "idle-connection-reaper",
			"CompletableFutureDelayScheduler", "java-sdk-http-connection-reaper");

	private final AwsEmulator emulator;

	private final ApplicationContextRunner contextRunner;

	ClientLifecycleTests(AwsEmulator emulator) {
		this.emulator = emulator;
		this.contextRunner = new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withPropertyValues("aws.refresh.region=" + emulator.region(),
					"aws.refresh.endpoint=" + emulator.endpoint(),
					"aws.refresh.source.access-key-id=" + emulator.accessKeyId(),
					"aws.refresh.source.secret-access-key=" + emulator.secretAccessKey(),
					"aws.refresh.role-arn=arn:aws:iam::123456789012:role/app",
					"aws.refresh.services.s3.path-style-access=true");
	}

	@Test
	void evictedClientsAreClosedWhileTheirCallsInFlightComplete() throws Exception {
		List<ClosingCredentials> credentials = new CopyOnWriteArrayList<>();
		try (StsStub slowSts = StsStub.start()) {
			// Caffeine paces expiry to about a second; the call outlasts that with room
			// to spare.
			slowSts.delay(Duration.ofSeconds(5));
			this.contextRunner
				.withPropertyValues("aws.refresh.role-arn=", "aws.refresh.services.sts.endpoint=" + slowSts.endpoint(),
						"aws.refresh.cache.expire-after-access=200ms")
				.withBean(AwsClientCustomizer.class, () -> (builder, role, region) -> {
					// A client closes the credentials provider its builder holds: a
					// closeable one shows when the registry closes the client.
					ClosingCredentials tracking = new ClosingCredentials(this.emulator);
					credentials.add(tracking);
					builder.credentialsProvider(tracking);
				})
				.run((context) -> {
					AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
					StsClient onDemand = registry.client(StsClient.class, "default", Region.EU_WEST_3);
					StsAsyncClient onDemandAsync = registry.client(StsAsyncClient.class, "default", Region.EU_WEST_2);
					CompletableFuture<Instant> call = CompletableFuture.supplyAsync(() -> {
						onDemand.assumeRole((r) -> r.roleArn("arn:aws:iam::123456789012:role/x").roleSessionName("s"));
						return Instant.now();
					});
					CompletableFuture<Instant> asyncCall = onDemandAsync
						.assumeRole((r) -> r.roleArn("arn:aws:iam::123456789012:role/x").roleSessionName("s"))
						.thenApply((response) -> Instant.now());
					Instant returned = call.get();
					Instant asyncReturned = asyncCall.get();
					assertThat(credentials.get(0).closedAt).as("evicted sync client closed")
						.isNotNull()
						.isBefore(returned);
					assertThat(credentials.get(1).closedAt).as("evicted async client closed")
						.isNotNull()
						.isBefore(asyncReturned);
					assertThat(registry.size()).isZero();
					// The shared HTTP clients, executors and credentials are still open.
					S3Client s3 = registry.client(S3Client.class);
					assertThat(s3.listBuckets().buckets()).isNotNull();
					assertThat(registry.client(SqsAsyncClient.class).listQueues().get()).isNotNull();
					assertThat(credentials.get(2).closedAt).isNull();
				});
		}
	}

	@Test
	void everyAsyncClientIsClosedBeforeTheSharedAsyncHttpClient() {
		List<String> closed = new CopyOnWriteArrayList<>();
		this.contextRunner.withBean(AwsClientCustomizer.class, () -> (builder, role, region) -> {
			if (builder instanceof SqsAsyncClientBuilder) {
				builder.credentialsProvider(new ClosingCredentials(this.emulator) {

					@Override
					public void close() {
						// The SDK closes a client's credentials provider more than once.
						if (!closed.contains("async client")) {
							closed.add("async client");
						}
					}

				});
			}
		}).withBean(AsyncHttpClientWatcher.class, () -> new AsyncHttpClientWatcher(closed)).run((context) -> {
			// The Netty client is lazy: created here, after the registry.
			assertThat(context.getBean(AwsClientRegistry.class).client(SqsAsyncClient.class).listQueues().get())
				.isNotNull();
		});
		assertThat(closed).containsExactly("async client", "async HTTP client");
	}

	@Test
	void closingTheRegistryClosesEveryClientItBuilt() {
		List<ClosingCredentials> credentials = new CopyOnWriteArrayList<>();
		this.contextRunner.withBean(AwsClientCustomizer.class, () -> (builder, role, region) -> {
			ClosingCredentials tracking = new ClosingCredentials(this.emulator);
			credentials.add(tracking);
			builder.credentialsProvider(tracking);
		}).run((context) -> {
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			registry.client(S3Client.class);
			registry.client(SqsAsyncClient.class, "default", Region.EU_WEST_3);
			assertThat(credentials).hasSize(2).allMatch((tracking) -> tracking.closedAt == null);
		});
		assertThat(credentials).hasSize(2).allMatch((tracking) -> tracking.closedAt != null);
	}

	@Test
	void contextCyclesLeaveNoThreadsOrOpenPools() throws Exception {
		runCycle(null);
		Set<String> baseline = settledThreads(Set.of(), Duration.ofSeconds(10));
		SdkHttpClient[] httpClient = new SdkHttpClient[1];
		for (int cycle = 0; cycle < 20; cycle++) {
			runCycle(httpClient);
		}
		Set<String> after = settledThreads(baseline, Duration.ofSeconds(15));
		assertThat(after).as("threads left after 20 context cycles").isSubsetOf(baseline);
		assertThat(after).noneMatch((name) -> name.startsWith("aws-refresh-") || name.contains("NettyEventLoop")
				|| name.startsWith("sdk-async-response") || name.startsWith("sdk-ScheduledExecutor"));
		SdkHttpRequest request = SdkHttpRequest.builder()
			.method(SdkHttpMethod.GET)
			.uri(this.emulator.endpoint().resolve("/moto-api/"))
			.build();
		assertThatIllegalStateException()
			.isThrownBy(
					() -> httpClient[0].prepareRequest(HttpExecuteRequest.builder().request(request).build()).call())
			.withMessageContaining("shut down");
	}

	private void runCycle(SdkHttpClient[] httpClient) {
		// With meters of every SDK call, whose recording thread must go too, and every
		// client type's bean at startup, looked up by type below.
		this.contextRunner.withPropertyValues("aws.refresh.client-beans=all")
			.withConfiguration(
					AutoConfigurations.of(AwsRefreshMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
							CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(SdkMetricsPublisher.class);
				S3Client s3 = context.getBean(S3Client.class);
				s3.createBucket((b) -> b.bucket("cycle-" + System.nanoTime()));
				s3.putObject((p) -> p.bucket(s3.listBuckets().buckets().get(0).name()).key("k"),
						RequestBody.fromString("v"));
				SqsAsyncClient sqs = context.getBean(SqsAsyncClient.class);
				sqs.listQueues().join();
				useResourceObjects(context, s3.listBuckets().buckets().get(0).name());
				if (httpClient != null) {
					httpClient[0] = context.getBean(SdkHttpClient.class);
				}
			});
	}

	/**
	 * Live thread names, once no thread outside {@code allowed} (and the JVM-wide SDK
	 * threads) is left, or, with nothing allowed, once the set has not changed for a
	 * second; in any case after the timeout.
	 */
	private static Set<String> settledThreads(Set<String> allowed, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		Set<String> previous = Set.of();
		int stableSamples = 0;
		while (true) {
			Set<String> names = Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter(Thread::isAlive)
				.map(Thread::getName)
				.filter((name) -> JVM_WIDE_THREADS.stream().noneMatch(name::startsWith))
				.collect(Collectors.toSet());
			stableSamples = names.equals(previous) ? stableSamples + 1 : 0;
			previous = names;
			boolean settled = allowed.isEmpty() ? stableSamples >= 5 : allowed.containsAll(names);
			if (settled || System.nanoTime() > deadline) {
				return names;
			}
			Thread.sleep(200);
		}
	}

	/**
	 * Records when the starter's lazy async HTTP client is destroyed.
	 */
	static final class AsyncHttpClientWatcher implements DestructionAwareBeanPostProcessor {

		private final List<String> closed;

		AsyncHttpClientWatcher(List<String> closed) {
			this.closed = closed;
		}

		@Override
		public void postProcessBeforeDestruction(Object bean, String beanName) {
			if (bean instanceof SdkAsyncHttpClient) {
				this.closed.add("async HTTP client");
			}
		}

	}

	static class ClosingCredentials implements AwsCredentialsProvider, SdkAutoCloseable {

		private final AwsCredentials credentials;

		volatile Instant closedAt;

		ClosingCredentials(AwsEmulator emulator) {
			this.credentials = AwsBasicCredentials.create(emulator.accessKeyId(), emulator.secretAccessKey());
		}

		@Override
		public AwsCredentials resolveCredentials() {
			return this.credentials;
		}

		@Override
		public void close() {
			this.closedAt = Instant.now();
		}

	}

}
