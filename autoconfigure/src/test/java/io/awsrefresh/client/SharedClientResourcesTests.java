package io.awsrefresh.client;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.awsrefresh.credentials.StsHttpStub;
import io.awsrefresh.test.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsAsyncClient;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What every client shares: a scheduler of two daemon threads and a completion executor
 * of a bounded number of daemon threads whose queue never overflows, neither started
 * before a task needs a thread; HTTP clients asked for when a client first needs one,
 * with a clear message when there is none; and {@link SharedClientResources#close()}
 * stops every thread it started, letting the completions already queued finish.
 */
class SharedClientResourcesTests {

	private final AtomicInteger httpClientRequests = new AtomicInteger();

	private final AtomicInteger asyncHttpClientRequests = new AtomicInteger();

	private final StsHttpStub http = new StsHttpStub();

	private final CountDownLatch release = new CountDownLatch(1);

	private final SharedClientResources resources = new SharedClientResources(() -> {
		this.httpClientRequests.incrementAndGet();
		return this.http;
	}, () -> {
		this.asyncHttpClientRequests.incrementAndGet();
		return null;
	}, 3);

	@AfterEach
	void close() {
		this.release.countDown();
		this.resources.close();
	}

	@Test
	void theSchedulerHasTwoDaemonThreadsStartedOnlyWhenATaskNeedsOne() throws Exception {
		ScheduledThreadPoolExecutor scheduler = (ScheduledThreadPoolExecutor) this.resources.scheduler();
		assertThat(scheduler.getPoolSize()).isZero();
		Set<Thread> threads = ConcurrentHashMap.newKeySet();
		CountDownLatch started = new CountDownLatch(2);
		for (int i = 0; i < 4; i++) {
			scheduler.execute(() -> {
				threads.add(Thread.currentThread());
				started.countDown();
				await(this.release);
			});
		}
		assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(scheduler.getPoolSize()).isEqualTo(2);
		assertThat(scheduler.getQueue()).hasSize(2);
		this.release.countDown();
		Await.until(() -> scheduler.getCompletedTaskCount() == 4);
		assertThat(threads).hasSize(2).allSatisfy((thread) -> {
			assertThat(thread.getName()).startsWith("aws-refresh-scheduler-");
			assertThat(thread.isDaemon()).isTrue();
		});
	}

	@Test
	void aCancelledTimedTaskLeavesTheSchedulersQueue() {
		ScheduledThreadPoolExecutor scheduler = (ScheduledThreadPoolExecutor) this.resources.scheduler();
		ScheduledFuture<?> timeout = scheduler.schedule(() -> {
		}, 1, TimeUnit.HOURS);
		assertThat(scheduler.getQueue()).hasSize(1);
		timeout.cancel(false);
		assertThat(scheduler.getQueue()).isEmpty();
	}

	@Test
	void completionsRunOnAtMostTheGivenNumberOfDaemonThreadsAndABurstWaitsInsteadOfFailing() throws Exception {
		Set<Thread> threads = ConcurrentHashMap.newKeySet();
		AtomicInteger running = new AtomicInteger();
		AtomicInteger mostAtOnce = new AtomicInteger();
		CountDownLatch started = new CountDownLatch(3);
		CountDownLatch done = new CountDownLatch(50);
		for (int i = 0; i < 50; i++) {
			this.resources.asyncCompletion().execute(() -> {
				threads.add(Thread.currentThread());
				mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
				started.countDown();
				await(this.release);
				running.decrementAndGet();
				done.countDown();
			});
		}
		assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(done.getCount()).isEqualTo(50);
		this.release.countDown();
		assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(mostAtOnce).hasValue(3);
		assertThat(threads).hasSize(3).allSatisfy((thread) -> {
			assertThat(thread.getName()).startsWith("aws-refresh-async-");
			assertThat(thread.isDaemon()).isTrue();
		});
	}

	@Test
	void theCompletionExecutorIsAPlainExecutorThatNoClientCanShutDown() {
		assertThat(this.resources.asyncCompletion()).isNotInstanceOf(ExecutorService.class);
	}

	@Test
	void httpClientsAreAskedForWhenAClientFirstNeedsOneAndNotBefore() {
		assertThat(this.httpClientRequests).hasValue(0);
		assertThat(this.asyncHttpClientRequests).hasValue(0);
		try (AwsClientRegistry registry = registry()) {
			assertThat(this.httpClientRequests).hasValue(0);
			registry.client(StsClient.class).getCallerIdentity();
			assertThat(this.httpClientRequests).hasValue(1);
			assertThat(this.asyncHttpClientRequests).hasValue(0);
			assertThat(this.http.requests()).hasSize(1);
		}
	}

	@Test
	void httpClientsAreAskedForOnceHoweverManyClientsAreBuilt() {
		try (AwsClientRegistry registry = registry()) {
			registry.client(StsClient.class);
			registry.client(S3Client.class);
			registry.client(SqsClient.class, "default", Region.EU_WEST_3);
			assertThat(registry.builds()).isEqualTo(3);
			assertThat(this.httpClientRequests).hasValue(1);
		}
	}

	@Test
	void withoutAnHttpClientBuildingAClientSaysWhatToAdd() {
		SharedClientResources none = new SharedClientResources(() -> null, () -> null);
		try (none;
				AwsClientRegistry registry = AwsClientRegistry.builder(none)
					.role("default",
							StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
					.region(Region.EU_WEST_1)
					.build()) {
			assertThatIllegalStateException().isThrownBy(() -> registry.client(StsClient.class))
				.withMessageContaining("software.amazon.awssdk:apache5-client")
				.withMessageContaining("define an SdkHttpClient bean");
			assertThatIllegalStateException().isThrownBy(() -> registry.client(StsAsyncClient.class))
				.withMessageContaining("software.amazon.awssdk:netty-nio-client")
				.withMessageContaining("define an SdkAsyncHttpClient bean");
		}
	}

	@Test
	void closeStopsEveryThreadItStartedAndLetsQueuedCompletionsFinish() throws Exception {
		Set<Thread> threads = ConcurrentHashMap.newKeySet();
		CountDownLatch scheduled = new CountDownLatch(2);
		for (int i = 0; i < 2; i++) {
			this.resources.scheduler().execute(() -> {
				threads.add(Thread.currentThread());
				scheduled.countDown();
			});
		}
		CountDownLatch running = new CountDownLatch(1);
		AtomicInteger completions = new AtomicInteger();
		this.resources.asyncCompletion().execute(() -> {
			threads.add(Thread.currentThread());
			running.countDown();
			await(this.release);
			completions.incrementAndGet();
		});
		for (int i = 0; i < 5; i++) {
			this.resources.asyncCompletion().execute(() -> {
				threads.add(Thread.currentThread());
				completions.incrementAndGet();
			});
		}
		assertThat(scheduled.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Void> closing = CompletableFuture.runAsync(this.resources::close);
		this.release.countDown();
		closing.get(30, TimeUnit.SECONDS);
		assertThat(completions).hasValue(6);
		for (Thread thread : threads) {
			thread.join(Duration.ofSeconds(30).toMillis());
			assertThat(thread.isAlive()).as("%s stopped", thread.getName()).isFalse();
		}
		assertThat(threads).extracting(Thread::getName)
			.anyMatch((name) -> name.startsWith("aws-refresh-scheduler-"))
			.anyMatch((name) -> name.startsWith("aws-refresh-async-"));
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> this.resources.scheduler().execute(() -> {
			}));
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> this.resources.asyncCompletion().execute(() -> {
			}));
		// The HTTP clients belong to whoever supplied them.
		assertThat(this.http.closes()).isZero();
	}

	private AwsClientRegistry registry() {
		return AwsClientRegistry.builder(this.resources)
			.role("default", StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
			.region(Region.EU_WEST_1)
			.endpoint(URI.create("http://127.0.0.1:9"))
			.build();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
