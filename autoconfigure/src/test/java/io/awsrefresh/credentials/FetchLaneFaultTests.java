package io.awsrefresh.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.awsrefresh.test.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles on the fetch lanes of real providers, on their real threads, when a fetch does
 * something other than answer: it ends interrupted, it does not answer interrupts, it
 * hangs on several sources at once. Custom sources stand for the endpoints (each source
 * bean is a lane of its own); their calls hold on latches the test opens, and the test
 * waits on what it observes.
 */
class FetchLaneFaultTests {

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<String> asked = new CopyOnWriteArrayList<>();

	private final List<AutoCloseable> closeAfter = new ArrayList<>();

	@AfterEach
	void stop() throws Exception {
		this.release.countDown();
		for (AutoCloseable closeable : this.closeAfter) {
			closeable.close();
		}
	}

	/**
	 * A custom source may throw whatever its client throws (the contract says the starter
	 * retries with backoff), InterruptedException included, and a fetch thread may be
	 * left interrupted by what a fetch called. Nothing is shutting down: the roles queued
	 * on the same lane must still be fetched, by the thread that is now free.
	 */
	@Test
	void aFetchThatEndsInterruptedWhileNothingShutsDownLeavesTheRolesQueuedBehindItToBeFetched() throws Exception {
		CountDownLatch releaseFirst = new CountDownLatch(1);
		CustomCredentialsSource broker = (role) -> {
			this.asked.add(role);
			if (role.equals("first")) {
				releaseFirst.await();
				// The broker's client gave up on its call and says so the JDK way.
				throw new InterruptedException("broker call aborted");
			}
			if (role.startsWith("busy")) {
				this.release.await();
			}
			return credentials(role);
		};
		RoleCredentialsProviders roles = build(custom("first", broker), custom("busy-1", broker),
				custom("busy-2", broker), custom("busy-3", broker), custom("queued", broker));
		for (String role : List.of("first", "busy-1", "busy-2", "busy-3")) {
			roles.get(role).engine().startInitialFetch();
		}
		Await.until(() -> this.asked.size() == RoleFactory.FETCHES_PER_ENDPOINT);
		// The lane is full: this one queues behind the four.
		roles.get("queued").engine().startInitialFetch();

		releaseFirst.countDown();

		// The busy three still hold their threads: only the first's thread can run it.
		AwsCredentials credentials = roles.get("queued").resolveCredentials();
		assertThat(credentials.accessKeyId()).isEqualTo("ASIA-queued");
	}

	/**
	 * A first use waits for its fetch, so on a full lane it goes before the fetches
	 * queued that still have time, such as those startup asked for: with thousands of
	 * roles on one endpoint, a caller is not served after all of them.
	 */
	@Test
	void aFirstUseGoesBeforeTheFetchesQueuedForStartup() throws Exception {
		CountDownLatch releaseFirst = new CountDownLatch(1);
		CustomCredentialsSource broker = (role) -> {
			this.asked.add(role);
			if (role.equals("first")) {
				releaseFirst.await();
			}
			else if (role.startsWith("busy")) {
				this.release.await();
			}
			return credentials(role);
		};
		RoleCredentialsProviders roles = build(custom("first", broker), custom("busy-1", broker),
				custom("busy-2", broker), custom("busy-3", broker), custom("startup-1", broker),
				custom("startup-2", broker), custom("used", broker));
		for (String role : List.of("first", "busy-1", "busy-2", "busy-3")) {
			roles.get(role).engine().startInitialFetch();
		}
		Await.until(() -> this.asked.size() == RoleFactory.FETCHES_PER_ENDPOINT);
		roles.get("startup-1").engine().startInitialFetch();
		roles.get("startup-2").engine().startInitialFetch();
		CompletableFuture<AwsCredentials> used = CompletableFuture
			.supplyAsync(() -> roles.get("used").resolveCredentials());
		Await.until(() -> roles.get("used").engine().isFetching());

		releaseFirst.countDown();

		assertThat(used.get(30, TimeUnit.SECONDS).accessKeyId()).isEqualTo("ASIA-used");
		Await.until(() -> this.asked.size() == 7);
		assertThat(this.asked.subList(RoleFactory.FETCHES_PER_ENDPOINT, 7)).containsExactly("used", "startup-1",
				"startup-2");
	}

	/**
	 * Closing stops every refresh and shuts the fetch threads down. A fetch in flight
	 * that does not answer the interrupt (blocking I/O, a client that waits out its own
	 * timeout and clears the interrupt as the SDK does) keeps its thread until it
	 * returns; the fetches queued behind it belong to closed roles and must never start.
	 */
	@Test
	void fetchesQueuedWhenTheRolesCloseNeverStartAfterwards() throws Exception {
		List<Thread> holding = new CopyOnWriteArrayList<>();
		List<String> askedAfterClose = new CopyOnWriteArrayList<>();
		AtomicBoolean closed = new AtomicBoolean();
		CustomCredentialsSource broker = (role) -> {
			if (closed.get()) {
				askedAfterClose.add(role);
			}
			this.asked.add(role);
			if (role.startsWith("busy")) {
				holding.add(Thread.currentThread());
				awaitIgnoringInterrupts(this.release);
			}
			return credentials(role);
		};
		RoleCredentialsProviders roles = build(custom("busy-1", broker), custom("busy-2", broker),
				custom("busy-3", broker), custom("busy-4", broker), custom("queued", broker));
		for (int i = 1; i <= RoleFactory.FETCHES_PER_ENDPOINT; i++) {
			roles.get("busy-" + i).engine().startInitialFetch();
		}
		Await.until(() -> this.asked.size() == RoleFactory.FETCHES_PER_ENDPOINT);
		roles.get("queued").engine().startInitialFetch();

		roles.close();
		closed.set(true);
		this.release.countDown();

		Await.until(() -> holding.stream().noneMatch(Thread::isAlive));
		assertThat(askedAfterClose).isEmpty();
	}

	/**
	 * However many sources hang, each holds only its lane's share of threads: four
	 * hanging custom sources (four source beans in front of one broken broker, as four
	 * regions' STS behind one broken network path would be) hold 16 threads, and the
	 * first fetch of a role on a healthy fifth still gets one at once. With the threads
	 * bounded as a whole (16), it waited until its caller gave up after 10 s.
	 */
	@Test
	void fourHangingSourcesLeaveThreadsForTheRolesOfAFifth() {
		List<RoleDefinition> definitions = new ArrayList<>();
		for (int source = 1; source <= 4; source++) {
			// A source bean of its own, and so a lane of its own.
			String broker = "broker-" + source;
			CustomCredentialsSource hanging = (role) -> {
				this.asked.add(broker + " " + role);
				this.release.await();
				return credentials(role);
			};
			for (int role = 1; role <= RoleFactory.FETCHES_PER_ENDPOINT; role++) {
				definitions.add(custom("hanging-" + source + "-" + role, broker, hanging));
			}
		}
		definitions.add(custom("healthy", "vault", FetchLaneFaultTests::credentials));
		RoleCredentialsProviders roles = build(definitions.toArray(RoleDefinition[]::new));
		for (RoleDefinition definition : definitions.subList(0, 16)) {
			roles.get(definition.name()).engine().startInitialFetch();
		}
		Await.until(() -> this.asked.size() == 16);

		AwsCredentials credentials = roles.get("healthy").resolveCredentials();

		assertThat(credentials.accessKeyId()).isEqualTo("ASIA-healthy");
	}

	/**
	 * The docs promise at most four fetch threads per endpoint or custom source. A fetch
	 * that ends hands its place to the next one queued as a new task while its own thread
	 * is still running that hand-over, so the pool (no core threads, a synchronous
	 * hand-off queue) finds no idle thread and starts another: the lane's four busy
	 * threads, plus the new one, plus the one that handed over, idle but alive for 30 s.
	 * Four hand-overs at once make eight.
	 */
	@Test
	void aLaneNeverHoldsMoreThanItsShareOfThreads() throws Exception {
		Set<Thread> fetchThreads = ConcurrentHashMap.newKeySet();
		CountDownLatch releaseFirst = new CountDownLatch(1);
		CustomCredentialsSource broker = (role) -> {
			fetchThreads.add(Thread.currentThread());
			this.asked.add(role);
			if (role.equals("first")) {
				releaseFirst.await();
			}
			else if (role.startsWith("busy")) {
				this.release.await();
			}
			return credentials(role);
		};
		RoleCredentialsProviders roles = build(custom("first", broker), custom("busy-1", broker),
				custom("busy-2", broker), custom("busy-3", broker), custom("queued", broker));
		for (String role : List.of("first", "busy-1", "busy-2", "busy-3")) {
			roles.get(role).engine().startInitialFetch();
		}
		Await.until(() -> this.asked.size() == RoleFactory.FETCHES_PER_ENDPOINT);
		CompletableFuture<?> queued = roles.get("queued").engine().startInitialFetch();

		releaseFirst.countDown();
		roles.get("queued").engine().awaitInitialFetch(queued, Duration.ofSeconds(30));

		assertThat(fetchThreads.stream().filter(Thread::isAlive).toList())
			.as("fetch threads alive at once for one custom source")
			.hasSizeLessThanOrEqualTo(RoleFactory.FETCHES_PER_ENDPOINT);
	}

	/**
	 * A role let go of (a run-time role evicted from its cache, or every role as the
	 * application shuts down, before the fetch threads are) is closed: callers waiting
	 * are told, and "that fetch ends without changing anything". A fetch of it still
	 * queued on its lane is not dropped, though: when its turn comes it calls the
	 * endpoint all the same, for credentials nobody will hold, in a place of the lane a
	 * live role waits for. Here the lane hands its places over one at a time, so the role
	 * queued after the closed one is asked only once the closed one's turn has passed.
	 */
	@Test
	void aRoleClosedWhileItsFetchIsQueuedNeverCallsItsSource() throws Exception {
		CountDownLatch releaseFirst = new CountDownLatch(1);
		CustomCredentialsSource broker = (role) -> {
			this.asked.add(role);
			if (role.equals("first")) {
				releaseFirst.await();
			}
			else if (role.startsWith("busy")) {
				this.release.await();
			}
			return credentials(role);
		};
		RoleCredentialsProviders roles = build(custom("first", broker), custom("busy-1", broker),
				custom("busy-2", broker), custom("busy-3", broker), custom("let-go", broker), custom("later", broker));
		for (String role : List.of("first", "busy-1", "busy-2", "busy-3")) {
			roles.get(role).engine().startInitialFetch();
		}
		Await.until(() -> this.asked.size() == RoleFactory.FETCHES_PER_ENDPOINT);
		roles.get("let-go").engine().startInitialFetch();
		CompletableFuture<?> later = roles.get("later").engine().startInitialFetch();
		// What CaffeineRunTimeRoles does to a run-time role it lets go of.
		roles.get("let-go").engine().close("the run-time role was let go of");

		releaseFirst.countDown();
		roles.get("later").engine().awaitInitialFetch(later, Duration.ofSeconds(30));

		assertThat(this.asked).as("roles the broker was asked for").doesNotContain("let-go");
	}

	private static void awaitIgnoringInterrupts(CountDownLatch latch) {
		while (true) {
			try {
				latch.await();
				return;
			}
			catch (InterruptedException ex) {
				// Not answered, and not kept either.
			}
		}
	}

	private RoleCredentialsProviders build(RoleDefinition... definitions) {
		RoleCredentialsProviders.Builder builder = RoleCredentialsProviders
			.builder(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSOURCE", "source-secret")))
			.withoutRunTimeRoles();
		for (RoleDefinition definition : definitions) {
			builder.role(definition);
		}
		RoleCredentialsProviders roles = builder.build();
		this.closeAfter.add(0, roles);
		return roles;
	}

	private static RoleDefinition custom(String name, CustomCredentialsSource source) {
		return custom(name, "broker", source);
	}

	private static RoleDefinition custom(String name, String sourceBean, CustomCredentialsSource source) {
		return new RoleDefinition(name, new RoleSource.Custom(sourceBean, source), RefreshSettings.DEFAULTS);
	}

	private static AwsSessionCredentials credentials(String role) {
		return AwsSessionCredentials.builder()
			.accessKeyId("ASIA-" + role)
			.secretAccessKey("secret-" + role)
			.sessionToken("token-" + role)
			.expirationTime(Instant.now().plus(Duration.ofHours(1)))
			.build();
	}

}
