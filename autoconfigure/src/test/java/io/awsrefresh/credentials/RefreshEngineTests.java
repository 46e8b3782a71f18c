package io.awsrefresh.credentials;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.KeyManager;

import io.awsrefresh.credentials.RefreshAttempt.Trigger;
import io.awsrefresh.test.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.model.StsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The refresh engine on virtual time: when it fetches, backs off, fails fast and
 * recovers, decided by its own scheduling code with no sleeps.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefreshEngineTests {

	private static final RoleSource ROLE = new RoleSource.AssumeRole(
			AssumeRoleSpec.of("arn:aws:iam::123456789012:role/app", "orders"), null,
			new StsEndpoint(Region.EU_WEST_1, null));

	private static final RefreshSettings DEFAULTS = RefreshSettings.DEFAULTS;

	/**
	 * The defaults before refresh times were derived from the lifetime.
	 */
	private static final RefreshSettings PREFETCH_5M = new RefreshSettings(true, Duration.ofMinutes(5),
			Duration.ofMinutes(1));

	private static final StsException UNAVAILABLE = (StsException) StsException.builder()
		.statusCode(503)
		.awsErrorDetails(
				AwsErrorDetails.builder().errorCode("ServiceUnavailable").errorMessage("Service unavailable").build())
		.build();

	private final VirtualTime time = new VirtualTime();

	private final ScriptedSource source = new ScriptedSource(this.time);

	private final List<RefreshAttempt> attempts = new CopyOnWriteArrayList<>();

	private double jitter = 0.5;

	@Test
	void firstUseFetchesOnceAndLaterRefreshesRunInTheBackground() {
		RefreshEngine engine = engine(DEFAULTS);
		assertThat(engine.resolve().accessKeyId()).isEqualTo("ASIA1");
		assertThat(engine.resolve().accessKeyId()).isEqualTo("ASIA1");
		assertThat(this.source.calls()).isOne();
		// 1-hour credentials: refreshed 24 to 30 minutes after the fetch; jitter 0.5:
		// 27m.
		this.time.advance(Duration.ofMinutes(27).minusMillis(1));
		assertThat(this.source.calls()).isOne();
		this.time.advance(Duration.ofMillis(1));
		assertThat(this.source.calls()).isEqualTo(2);
		assertThat(engine.resolve().accessKeyId()).isEqualTo("ASIA2");
		assertThat(this.attempts).extracting(RefreshAttempt::trigger)
			.containsExactly(Trigger.FIRST_USE, Trigger.SCHEDULED);
		assertThat(this.attempts).allMatch(RefreshAttempt::succeeded);
	}

	@Test
	void withoutAPrefetchTimeTheRefreshFallsWhileSixtyToFiftyPercentOfTheLifetimeIsLeft() {
		Instant start = this.time.instant();
		this.jitter = 0;
		RefreshEngine late = engine(DEFAULTS);
		late.resolve();
		this.jitter = 0.999;
		RefreshEngine early = engine(DEFAULTS);
		early.resolve();
		assertThat(late.status().nextAttempt()).isEqualTo(start.plus(Duration.ofMinutes(30)));
		assertThat(early.status().nextAttempt()).isBetween(start.plus(Duration.ofMinutes(24)),
				start.plus(Duration.ofMinutes(24)).plusSeconds(1));
		// The same rule for 15-minute credentials, and for a custom source's 4 minutes.
		this.source.lifetime(Duration.ofMinutes(15));
		this.jitter = 0;
		RefreshEngine quarterHour = engine(DEFAULTS);
		quarterHour.resolve();
		assertThat(quarterHour.status().nextAttempt()).isEqualTo(start.plus(Duration.ofSeconds(450)));
		this.source.lifetime(Duration.ofMinutes(4));
		RefreshEngine custom = engine(DEFAULTS);
		custom.resolve();
		assertThat(custom.status().nextAttempt()).isEqualTo(start.plus(Duration.ofMinutes(2)));
	}

	@Test
	void anExplicitPrefetchTimeSpreadsTheRefreshOverTheFirstHalfOfItsWindow() {
		Instant start = this.time.instant();
		this.jitter = 0;
		RefreshEngine early = engine(PREFETCH_5M);
		early.resolve();
		this.jitter = 0.999;
		RefreshEngine late = engine(PREFETCH_5M);
		late.resolve();
		assertThat(early.status().nextAttempt()).isEqualTo(start.plus(Duration.ofMinutes(55)));
		assertThat(late.status().nextAttempt()).isBetween(start.plus(Duration.ofMinutes(57)).minusSeconds(1),
				start.plus(Duration.ofMinutes(57)));
	}

	@Test
	void failedRefreshesBackOffToMinutesWhileServedThenMoreOftenAsTheEndNearsWithoutTraffic() {
		RefreshEngine engine = engine(DEFAULTS);
		AwsSessionCredentials issued = engine.resolve();
		long fetchedAt = this.time.millis();
		this.source.fail(UNAVAILABLE);
		// Refresh at 27m; served while failing until 15 s before expiry.
		long servedUntil = fetchedAt + Duration.ofMinutes(60).minusSeconds(15).toMillis();
		this.time.advance(Duration.ofMinutes(59).plusSeconds(44));
		List<Long> gaps = gaps(this.source.callTimes);
		// Jitter 0.5: three quarters of 1s, 2s, 4s ... capped at 5 minutes; then half
		// the time left (down to a minute); then one last attempt a second before the
		// end.
		assertThat(gaps).containsExactly(750L, 1500L, 3000L, 6000L, 12000L, 24000L, 48000L, 96000L, 192000L, 225000L,
				225000L, 225000L, 225000L, 225000L, 171280L, 107050L, 66907L, 45000L, 45000L, 20513L);
		long last = this.source.callTimes.get(this.source.callTimes.size() - 1);
		assertThat(last).isEqualTo(servedUntil - 1000);
		// Served all along, past the stale time too, and no caller triggered a call.
		int calls = this.source.calls();
		assertThat(engine.resolve()).isSameAs(issued);
		assertThat(this.source.calls()).isEqualTo(calls);
		assertThat(engine.status().state()).isEqualTo(RefreshState.STALE);
		assertThat(engine.status().servedUntil()).isEqualTo(Instant.ofEpochMilli(servedUntil));
		assertThat(engine.status().consecutiveFailures()).isEqualTo(calls - 1);
		// Past it, retries back off as when nothing was ever held: up to a minute.
		this.time.advance(Duration.ofMinutes(2));
		assertThat(gaps(this.source.callTimes).subList(gaps.size(), gaps.size() + 2)).containsExactly(45000L, 45000L);
	}

	@Test
	void staleCredentialsAreServedWhileTheSourceFailsUntilTheSafetyMarginThenCallersFailAtOnce() {
		RefreshEngine engine = engine(DEFAULTS);
		AwsSessionCredentials issued = engine.resolve();
		this.source.fail(UNAVAILABLE);
		// Stale at 59m: served, since the role is failing and AWS still takes them.
		this.time.advance(Duration.ofMinutes(59).plusSeconds(44).plusMillis(999));
		int calls = this.source.calls();
		for (int i = 0; i < 100; i++) {
			assertThat(engine.resolve()).isSameAs(issued);
		}
		assertThat(engine.status().state()).isEqualTo(RefreshState.STALE);
		// 15 s before expiry: no more.
		this.time.advance(Duration.ofMillis(1));
		for (int i = 0; i < 100; i++) {
			assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(engine::resolve)
				.withMessageContaining("role 'app' (arn:aws:iam::123456789012:role/app)")
				.withMessageContaining("STS answered ServiceUnavailable")
				.withMessageContaining("attempts failed")
				.withMessageContaining("the credentials held expire at 2026-11-29T13:00:00Z")
				.satisfies((ex) -> assertThat(ex.getStsErrorCode()).isEqualTo("ServiceUnavailable"));
		}
		assertThat(this.source.calls()).as("calls made by callers").isEqualTo(calls);
		assertThat(engine.status().state()).isEqualTo(RefreshState.EXPIRED);
		this.source.recover();
		this.time.advance(Duration.ofMinutes(1));
		assertThat(engine.status().state()).isEqualTo(RefreshState.FRESH);
		assertThat(engine.resolve().accessKeyId()).isEqualTo("ASIA" + this.source.calls());
		RefreshAttempt recovery = this.attempts.get(this.attempts.size() - 1);
		assertThat(recovery.recovered()).isTrue();
		assertThat(recovery.trigger()).isEqualTo(Trigger.RETRY);
	}

	@Test
	void aCallerWaitingForAFetchPastTheStaleTimeIsServedWhatIsHeldWhenTheFetchFails() {
		// The refresh timer never runs (a machine that slept through it): the first
		// caller past the stale time starts the fetch and waits for it.
		RefreshRuntime runtime = runtime((task, delay) -> () -> {
		});
		RefreshEngine engine = new RefreshEngine("app", ROLE, this.source, DEFAULTS, runtime, List.of());
		AwsSessionCredentials issued = engine.resolve();
		this.time.advance(Duration.ofMinutes(59).plusSeconds(30));
		this.source.fail(UNAVAILABLE);
		assertThat(engine.resolve()).isSameAs(issued);
		assertThat(this.source.calls()).isEqualTo(2);
		// Failing now: served at once, without another fetch.
		assertThat(engine.resolve()).isSameAs(issued);
		assertThat(this.source.calls()).isEqualTo(2);
		// Past the safety margin, the same fetch that failed is the caller's answer.
		this.time.advance(Duration.ofSeconds(20));
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(engine::resolve)
			.withMessageContaining("ServiceUnavailable");
	}

	@Test
	void firstUseFailureIsThrownAndRetriedInTheBackground() {
		this.source.fail(UNAVAILABLE);
		RefreshEngine engine = engine(DEFAULTS);
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(engine::resolve)
			.withMessageContaining("Could not obtain credentials for role 'app'")
			.withMessageContaining("ServiceUnavailable");
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(engine::resolve)
			.withMessageContaining("the last attempt failed");
		assertThat(this.source.calls()).isOne();
		assertThat(engine.status().state()).isEqualTo(RefreshState.EXPIRED);
		this.source.recover();
		this.time.advance(Duration.ofSeconds(1));
		assertThat(this.source.calls()).isEqualTo(2);
		assertThat(engine.resolve().accessKeyId()).isEqualTo("ASIA2");
	}

	/**
	 * A chained role (at most 1 hour), a device's IoT credentials (1 hour by default) and
	 * a custom source's (here 10 minutes) are refreshed, served and retried on the same
	 * rules as any assumed role.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("sourceKinds")
	void everySourceKindRidesOutAnOutageOnTheSameRules(String kind, RoleSource role, Duration lifetime) {
		this.source.lifetime(lifetime);
		RefreshEngine engine = new RefreshEngine("app", role, this.source, DEFAULTS, runtime(this.time),
				List.of(this.attempts::add));
		AwsSessionCredentials issued = engine.resolve();
		Instant fetched = this.time.instant();
		// Jitter 0.5: refreshed with 55% of the lifetime left.
		assertThat(engine.status().nextAttempt()).isEqualTo(fetched.plus(lifetime.multipliedBy(45).dividedBy(100)));
		this.source.fail(new IllegalStateException("source unavailable"));
		Instant servedUntil = fetched.plus(lifetime).minusSeconds(15);
		assertThat(engine.status().servedUntil()).isEqualTo(servedUntil);
		this.time.advanceTo(servedUntil.minusMillis(1));
		assertThat(engine.resolve()).isSameAs(issued);
		assertThat(engine.status().state()).isEqualTo(RefreshState.STALE);
		int failed = engine.status().consecutiveFailures();
		// Backing off to minutes: a handful of attempts, however long the lifetime.
		assertThat(failed).isBetween(5, 25);
		this.time.advance(Duration.ofMillis(1));
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(engine::resolve)
			.withMessageContaining("role 'app' (" + role.describe() + ")")
			.withMessageContaining("source unavailable");
		this.source.recover();
		this.time.advance(Duration.ofMinutes(1));
		assertThat(engine.status().state()).isEqualTo(RefreshState.FRESH);
		assertThat(engine.resolve()).isNotSameAs(issued);
	}

	static Stream<Arguments> sourceKinds() {
		RoleSource chained = new RoleSource.AssumeRole(
				AssumeRoleSpec.of("arn:aws:iam::210987654321:role/audit", "orders"), "default",
				new StsEndpoint(Region.EU_WEST_1, null));
		RoleSource iot = new RoleSource.IotCertificate(
				new IotCredentialsSpec(URI.create("https://c2ab3cdefghij.credentials.iot.eu-west-1.amazonaws.com"),
						"sensors", "thermometer-1", () -> new KeyManager[0], null));
		RoleSource custom = new RoleSource.Custom("vault", (roleName) -> {
			throw new UnsupportedOperationException("the engine calls its fetcher");
		});
		return Stream.of(arguments("chained role, 1h", chained, Duration.ofHours(1)),
				arguments("IoT certificate, 1h", iot, Duration.ofHours(1)),
				arguments("custom source, 10m", custom, Duration.ofMinutes(10)));
	}

	@Test
	void aChainedRoleRidesOutAnOutageOnWhatItsSourceRoleStillServes() {
		ScriptedSource baseSts = new ScriptedSource(this.time);
		RefreshEngine base = new RefreshEngine("default", ROLE, baseSts, DEFAULTS, runtime(this.time), List.of());
		this.jitter = 0;
		RefreshEngine chained = new RefreshEngine("audit", ROLE, () -> {
			base.resolve();
			return this.source.fetch();
		}, DEFAULTS, runtime(this.time), List.of(this.attempts::add));
		AwsSessionCredentials issued = chained.resolve();
		Instant fetched = this.time.instant();
		// STS down for both roles from here, through both roles' stale times.
		baseSts.fail(UNAVAILABLE);
		this.source.fail(UNAVAILABLE);
		this.time.advanceTo(fetched.plus(Duration.ofMinutes(59)).plusSeconds(43));
		assertThat(chained.resolve()).isSameAs(issued);
		assertThat(base.status().state()).isEqualTo(RefreshState.STALE);
		// The chained role's attempts reached STS with its source role's served
		// credentials: what failed them is STS's answer to the chained role.
		assertThat(this.attempts).filteredOn((attempt) -> !attempt.succeeded())
			.isNotEmpty()
			.allSatisfy((attempt) -> assertThat(attempt.error()).startsWith("STS answered ServiceUnavailable"));
		// STS back 2 s before the end: both roles' last attempts, a second before it,
		// catch it.
		baseSts.recover();
		this.source.recover();
		this.time.advance(Duration.ofSeconds(1));
		assertThat(chained.resolve()).isNotSameAs(issued);
		assertThat(base.status().state()).isEqualTo(RefreshState.FRESH);
	}

	@Test
	void credentialsShorterThanThePrefetchTimeAreRefreshedAsIfNoneWereSet() {
		this.source.lifetime(Duration.ofSeconds(4));
		RefreshEngine engine = engine(PREFETCH_5M);
		Instant fetched = this.time.instant();
		engine.resolve();
		// Refresh at half the lifetime less 0.5 of a tenth: 1.8s; stale from 3.2s (the
		// last fifth).
		assertThat(engine.status().nextAttempt()).isEqualTo(fetched.plusMillis(1800));
		for (int i = 0; i < 10; i++) {
			this.time.advance(Duration.ofMillis(500));
			assertThat(engine.resolve()).isNotNull();
		}
		assertThat(this.source.calls()).isBetween(3, 4);
		assertThat(this.attempts).allMatch(RefreshAttempt::succeeded);
	}

	@Test
	void credentialsWithoutExpiryAreAFailure() {
		RefreshEngine engine = engine(DEFAULTS, () -> AwsSessionCredentials.create("ASIA", "secret", "token"));
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(engine::resolve)
			.withMessageContaining("no expiration time");
	}

	@Test
	void rejectedCredentialsForceOneRefreshOnlyWhileTheyAreCurrent() {
		RefreshEngine engine = engine(DEFAULTS);
		engine.resolve();
		engine.invalidate("ASIA1");
		assertThat(this.source.calls()).isEqualTo(2);
		assertThat(this.attempts.get(1).trigger()).isEqualTo(Trigger.INVALIDATED);
		assertThat(engine.resolve().accessKeyId()).isEqualTo("ASIA2");
		// Calls signed with the replaced credentials, and the new ones too soon after.
		engine.invalidate("ASIA1");
		engine.invalidate("ASIA2");
		assertThat(this.source.calls()).isEqualTo(2);
		this.time.advance(Duration.ofSeconds(10));
		engine.invalidate("ASIA2");
		engine.invalidate("ASIA2");
		assertThat(this.source.calls()).isEqualTo(3);
	}

	@Test
	void aReadStartsAnOverdueRefreshWhenTheTimerIsLate() {
		RefreshRuntime runtime = runtime((task, delay) -> () -> {
		});
		RefreshEngine engine = new RefreshEngine("app", ROLE, this.source, DEFAULTS, runtime, List.of());
		engine.resolve();
		this.time.advance(Duration.ofMinutes(27).plusMillis(999));
		engine.resolve();
		assertThat(this.source.calls()).isOne();
		this.time.advance(Duration.ofMillis(1));
		engine.resolve();
		assertThat(this.source.calls()).isEqualTo(2);
	}

	@Test
	void statusFollowsTheCredentials() {
		List<Runnable> queued = new ArrayList<>();
		RefreshEngine engine = new RefreshEngine("app", ROLE, this.source, DEFAULTS, runtime(this.time, queued::add),
				List.of());
		assertThat(engine.status().state()).isEqualTo(RefreshState.PENDING);
		engine.startInitialFetch();
		assertThat(engine.status().state()).isEqualTo(RefreshState.REFRESHING);
		runAll(queued);
		RefreshStatus fresh = engine.status();
		assertThat(fresh.state()).isEqualTo(RefreshState.FRESH);
		assertThat(fresh.expiration()).isEqualTo(this.time.instant().plus(Duration.ofHours(1)));
		assertThat(fresh.lastSuccess()).isEqualTo(this.time.instant());
		assertThat(fresh.refreshes()).isOne();
		this.source.fail(UNAVAILABLE);
		this.time.advance(Duration.ofMinutes(27));
		assertThat(engine.status().state()).isEqualTo(RefreshState.REFRESHING);
		runAll(queued);
		RefreshStatus failing = engine.status();
		assertThat(failing.state()).isEqualTo(RefreshState.BACKING_OFF);
		assertThat(failing.consecutiveFailures()).isOne();
		assertThat(failing.failingSince()).isEqualTo(this.time.instant());
		assertThat(failing.lastErrorCode()).isEqualTo("ServiceUnavailable");
		assertThat(failing.lastError()).contains("Service unavailable");
		assertThat(failing.nextAttempt()).isEqualTo(this.time.instant().plusMillis(750));
		assertThat(failing.servedUntil()).isEqualTo(fresh.expiration().minusSeconds(15));
		// Retries are queued and never run: the times alone move the state.
		this.time.advance(Duration.ofMinutes(32));
		assertThat(engine.status().state()).isEqualTo(RefreshState.STALE);
		this.time.advance(Duration.ofSeconds(45));
		assertThat(engine.status().state()).isEqualTo(RefreshState.EXPIRED);
		assertThat(engine.status().roleArn()).isEqualTo("arn:aws:iam::123456789012:role/app");
	}

	@Test
	void aRoleWithoutCredentialsStaysExpiredWhileItsRetryIsInFlight() {
		List<Runnable> queued = new ArrayList<>();
		RefreshEngine engine = new RefreshEngine("app", ROLE, this.source, DEFAULTS, runtime(this.time, queued::add),
				List.of());
		this.source.fail(UNAVAILABLE);
		engine.startInitialFetch();
		runAll(queued);
		assertThat(engine.status().state()).isEqualTo(RefreshState.EXPIRED);
		// The retry is due; while it is in flight, callers still fail at once.
		this.time.advance(Duration.ofSeconds(1));
		assertThat(queued).hasSize(1);
		assertThat(engine.status().state()).isEqualTo(RefreshState.EXPIRED);
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(engine::resolve);
		this.source.recover();
		runAll(queued);
		assertThat(engine.status().state()).isEqualTo(RefreshState.FRESH);
	}

	@Test
	void everyAttemptReachesTheListenersEvenWhenOneOfThemThrows() {
		List<RefreshAttempt> after = new ArrayList<>();
		RefreshEngine engine = new RefreshEngine("app", ROLE, this.source, DEFAULTS, runtime(this.time),
				List.of((attempt) -> {
					throw new IllegalStateException("broken listener");
				}, after::add));
		engine.resolve();
		this.source.fail(UNAVAILABLE);
		this.time.advance(Duration.ofMinutes(27));
		assertThat(after).hasSize(2);
		RefreshAttempt failed = after.get(1);
		assertThat(failed.roleName()).isEqualTo("app");
		assertThat(failed.sourceKind()).isEqualTo(RoleSource.Kind.ASSUME_ROLE);
		assertThat(failed.succeeded()).isFalse();
		assertThat(failed.attempt()).isOne();
		assertThat(failed.errorCode()).isEqualTo("ServiceUnavailable");
		assertThat(failed.expiration()).isEqualTo(after.get(0).expiration());
		assertThat(failed.nextAttempt()).isEqualTo(this.time.instant().plusMillis(750));
		assertThat(failed.toString()).doesNotContain("secret-", "token-");
	}

	@Test
	void closingCancelsTheScheduledRefresh() {
		RefreshEngine engine = engine(DEFAULTS);
		engine.resolve();
		assertThat(this.time.pendingTasks()).isOne();
		engine.close();
		assertThat(this.time.pendingTasks()).isZero();
		this.time.advance(Duration.ofHours(2));
		assertThat(this.source.calls()).isOne();
	}

	@Test
	void aFailingRoleWarnsOnceThenRemindsAndSaysWhenItRecovers(CapturedOutput output) {
		RefreshEngine engine = engine(DEFAULTS);
		engine.resolve();
		this.source.fail(UNAVAILABLE);
		// Refresh at 27m, failing for 16 minutes: 12 attempts, backing off to minutes.
		this.time.advance(Duration.ofMinutes(27 + 16));
		this.source.recover();
		// The next retry is at most 5 minutes away.
		this.time.advance(Duration.ofMinutes(5));
		assertThat(this.attempts.stream().filter((attempt) -> !attempt.succeeded()).count()).isEqualTo(12);
		List<String> lines = output.getAll().lines().filter((line) -> line.contains("role 'app'")).toList();
		assertThat(lines).filteredOn((line) -> line.contains("Refreshing credentials of role 'app'"))
			.singleElement()
			.asString()
			.contains("WARN")
			.contains("STS answered ServiceUnavailable");
		assertThat(lines).filteredOn((line) -> line.contains("still fail to refresh"))
			.hasSize(2)
			.allMatch((line) -> line.contains("WARN"));
		assertThat(lines).filteredOn((line) -> line.contains("again after"))
			.singleElement()
			.asString()
			.contains("INFO");
		assertThat(output).doesNotContain("secret-", "token-");
	}

	@Test
	void concurrentCallersShareOneFetch() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		ScriptedSource real = new ScriptedSource(java.time.Clock.systemUTC());
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
		ExecutorService fetches = Executors.newFixedThreadPool(2);
		List<Thread> callerThreads = new CopyOnWriteArrayList<>();
		ExecutorService callers = Executors.newFixedThreadPool(64, (task) -> {
			Thread thread = new Thread(task);
			callerThreads.add(thread);
			return thread;
		});
		try {
			RefreshRuntime runtime = new RefreshRuntime(java.time.Clock.systemUTC(), RefreshTimer.on(scheduler),
					fetches, Backoff.DEFAULT, Duration.ofSeconds(30), Duration.ofMinutes(5), () -> 0.5);
			RefreshEngine engine = new RefreshEngine("app", ROLE, () -> {
				release.await();
				return real.fetch();
			}, DEFAULTS, runtime, List.of());
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < 64; i++) {
				results.add(callers.submit(() -> engine.resolve().accessKeyId()));
			}
			// Every caller is waiting for the one fetch before it may finish.
			Await.until(() -> callerThreads.size() == 64
					&& callerThreads.stream().allMatch((thread) -> thread.getState() == Thread.State.TIMED_WAITING),
					Duration.ofSeconds(20));
			assertThat(callerThreads).hasSize(64).allMatch((thread) -> thread.getState() == Thread.State.TIMED_WAITING);
			release.countDown();
			Set<String> keys = ConcurrentHashMap.newKeySet();
			for (Future<String> result : results) {
				keys.add(result.get(30, TimeUnit.SECONDS));
			}
			assertThat(keys).containsExactly("ASIA1");
			assertThat(real.calls()).isOne();
		}
		finally {
			callers.shutdownNow();
			fetches.shutdownNow();
			scheduler.shutdownNow();
		}
	}

	@Test
	void aChainedRoleFetchRunsItsSourceRolesQueuedFetchItself() throws Exception {
		// One fetch thread, busy with the chained role: the source role's fetch can only
		// run if the chained role's fetch thread runs it.
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
		ExecutorService fetches = Executors.newSingleThreadExecutor();
		try {
			RefreshRuntime runtime = new RefreshRuntime(java.time.Clock.systemUTC(), RefreshTimer.on(scheduler),
					fetches, Backoff.DEFAULT, Duration.ofSeconds(5), Duration.ofMinutes(5), () -> 0.5);
			ScriptedSource sourceRole = new ScriptedSource(java.time.Clock.systemUTC());
			RefreshEngine source = new RefreshEngine("source", ROLE, sourceRole, DEFAULTS, runtime, List.of());
			ScriptedSource chainedRole = new ScriptedSource(java.time.Clock.systemUTC());
			RefreshEngine chained = new RefreshEngine("chained", ROLE, () -> {
				source.resolve();
				return chainedRole.fetch();
			}, DEFAULTS, runtime, List.of());
			long start = System.nanoTime();
			assertThat(chained.resolve().accessKeyId()).isEqualTo("ASIA1");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			assertThat(sourceRole.calls()).isOne();
		}
		finally {
			fetches.shutdownNow();
			scheduler.shutdownNow();
		}
	}

	/**
	 * "On a full lane, a fetch a caller waits for (a first use, credentials found stale,
	 * a token AWS rejected) goes before the queued ones that still have time." Whether a
	 * fetch is urgent is decided once, when it starts: a background refresh still queued
	 * when the credentials go stale (a long backlog on the endpoint, or short-lived
	 * credentials from a custom source) stays behind every background fetch queued before
	 * it, while callers that found the credentials stale wait for it, and a first use of
	 * another role queued later goes before it. Two-minute credentials: refreshed at 54
	 * s, stale at 96 s.
	 */
	@Test
	void aCallerThatFindsItsCredentialsStaleWhileTheirRefreshIsStillQueuedHasItGoBeforeFetchesThatStillHaveTime()
			throws Exception {
		List<Runnable> threads = new CopyOnWriteArrayList<>();
		java.util.concurrent.Executor lane = new FetchLanes(threads::add, 1).lane("broker");
		List<String> ran = new CopyOnWriteArrayList<>();
		this.source.lifetime(Duration.ofMinutes(2));
		RefreshEngine used = new RefreshEngine("used", ROLE, () -> {
			ran.add("used");
			return this.source.fetch();
		}, DEFAULTS, runtime(this.time, lane), List.of());
		used.startInitialFetch();
		runAll(threads);
		ran.clear();
		// The lane's one place is taken, and another role's background refresh is queued.
		lane.execute(() -> ran.add("busy"));
		lane.execute(() -> ran.add("background refresh of another role"));
		// The role's own background refresh comes due and queues behind them.
		this.time.advance(Duration.ofSeconds(54));
		assertThat(used.isFetching()).isTrue();
		// Still queued when the credentials go stale: a caller now waits for it.
		this.time.advance(Duration.ofSeconds(46));
		ExecutorService callers = Executors.newSingleThreadExecutor();
		try {
			List<Thread> caller = new CopyOnWriteArrayList<>();
			Future<String> accessKeyId = callers.submit(() -> {
				caller.add(Thread.currentThread());
				return used.resolve().accessKeyId();
			});
			Await.until(() -> !caller.isEmpty() && caller.get(0).getState() == Thread.State.TIMED_WAITING);

			while (!threads.isEmpty()) {
				runAll(threads);
			}

			assertThat(accessKeyId.get(30, TimeUnit.SECONDS)).isEqualTo("ASIA2");
			assertThat(ran).containsExactly("busy", "used", "background refresh of another role");
		}
		finally {
			callers.shutdownNow();
		}
	}

	@Test
	void theStartupFetchIsAwaitedEvenWhenItFinishedFirst() {
		RefreshEngine engine = engine(DEFAULTS);
		// Direct executor: the fetch is over before startInitialFetch returns.
		CompletableFuture<?> fetch = engine.startInitialFetch();
		engine.awaitInitialFetch(fetch, Duration.ofSeconds(1));
		assertThat(this.attempts).singleElement().satisfies((attempt) -> {
			assertThat(attempt.trigger()).isEqualTo(Trigger.INITIAL);
			assertThat(attempt.succeeded()).isTrue();
		});
		this.source.fail(UNAVAILABLE);
		RefreshEngine failing = engine(DEFAULTS);
		CompletableFuture<?> failed = failing.startInitialFetch();
		assertThatExceptionOfType(RoleCredentialsException.class)
			.isThrownBy(() -> failing.awaitInitialFetch(failed, Duration.ofSeconds(1)))
			.withMessageContaining("role 'app'")
			.withMessageContaining("ServiceUnavailable");
	}

	@Test
	void closingTellsCallersWaitingForTheFetchInFlight() throws Exception {
		List<Runnable> queued = new ArrayList<>();
		RefreshEngine engine = new RefreshEngine("app", ROLE, this.source, DEFAULTS, new RefreshRuntime(this.time,
				this.time, queued::add, Backoff.DEFAULT, Duration.ofSeconds(30), Duration.ofMinutes(5), () -> 0.5),
				List.of());
		CompletableFuture<Throwable> caller = CompletableFuture.supplyAsync(() -> {
			try {
				engine.resolve();
				return null;
			}
			catch (RuntimeException ex) {
				return ex;
			}
		});
		Await.until(() -> engine.status().state() == RefreshState.REFRESHING, Duration.ofSeconds(10));
		engine.close();
		assertThat(caller.get(5, TimeUnit.SECONDS)).isInstanceOf(RoleCredentialsException.class)
			.hasMessageContaining("shutting down")
			// The role's own closing, not a source role's failure: it has none.
			.hasMessageNotContaining("source role");
		// The fetch that was in flight ends without a word.
		runAll(queued);
		assertThat(engine.status().refreshes()).isZero();
	}

	@Test
	void rejectedCredentialsForceNothingWhileTheRoleIsFailingOrAFetchIsInFlight() {
		List<Runnable> queued = new ArrayList<>();
		RefreshEngine engine = new RefreshEngine("app", ROLE, this.source, DEFAULTS, runtime(this.time, queued::add),
				List.of());
		engine.startInitialFetch();
		runAll(queued);
		this.source.fail(UNAVAILABLE);
		this.time.advance(Duration.ofMinutes(27));
		// The background refresh is in flight.
		engine.invalidate("ASIA1");
		assertThat(queued).hasSize(1);
		runAll(queued);
		// Failing now: the retry schedule stands.
		engine.invalidate("ASIA1");
		assertThat(queued).isEmpty();
		assertThat(this.source.calls()).isEqualTo(2);
	}

	@Test
	void aFetchThatWaitsForAPlaceOnItsLaneIsReportedAsWaiting(CapturedOutput output) {
		List<Runnable> queued = new ArrayList<>();
		RefreshEngine engine = new RefreshEngine("app", ROLE, this.source, DEFAULTS, runtime(this.time, queued::add),
				List.of());
		engine.startInitialFetch();
		this.time.advance(Duration.ofMillis(RefreshEngine.SLOW_FETCH_MILLIS - 1));
		assertThat(output).doesNotContain("has waited");
		this.time.advance(Duration.ofMillis(1));
		assertThat(output)
			.contains("Fetching credentials of role 'app'", "has waited since",
					"for a place among the fetches of its endpoint")
			.doesNotContain("has not finished");
		assertThat(engine.status().state()).isEqualTo(RefreshState.REFRESHING);
		runAll(queued);
		assertThat(engine.status().state()).isEqualTo(RefreshState.FRESH);
		assertThat(this.time.pendingTasks()).as("the refresh, and no more warnings").isOne();
	}

	@Test
	void aFetchThatDoesNotFinishIsReported(CapturedOutput output) throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CredentialsFetcher hanging = () -> {
			entered.countDown();
			release.await();
			return this.source.fetch();
		};
		ExecutorService thread = Executors.newSingleThreadExecutor();
		try {
			RefreshEngine engine = new RefreshEngine("app", ROLE, hanging, DEFAULTS, runtime(this.time, thread),
					List.of());
			engine.startInitialFetch();
			assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
			this.time.advance(Duration.ofMillis(RefreshEngine.SLOW_FETCH_MILLIS));
			assertThat(output).contains("Fetching credentials of role 'app'", "has not finished since")
				.doesNotContain("has waited");
			release.countDown();
			Await.until(() -> engine.status().state() == RefreshState.FRESH);
		}
		finally {
			release.countDown();
			thread.shutdownNow();
		}
	}

	@Test
	void aFailingRoleRetriesOnAReadWhenItsRetryTimerIsLost() {
		RefreshRuntime runtime = runtime((task, delay) -> () -> {
		});
		RefreshEngine engine = new RefreshEngine("app", ROLE, this.source, DEFAULTS, runtime, List.of());
		this.source.fail(UNAVAILABLE);
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(engine::resolve);
		// The retry was due 750 ms later; the timer never ran it.
		this.time.advance(Duration.ofSeconds(1));
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(engine::resolve);
		assertThat(this.source.calls()).isOne();
		this.time.advance(Duration.ofSeconds(1));
		this.source.recover();
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(engine::resolve);
		assertThat(this.source.calls()).isEqualTo(2);
		assertThat(engine.resolve().accessKeyId()).isEqualTo("ASIA2");
	}

	@Test
	void listenersHearOneAttemptAtATime() throws Exception {
		CountDownLatch listening = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
		ExecutorService fetches = Executors.newFixedThreadPool(2);
		try {
			RefreshRuntime runtime = new RefreshRuntime(java.time.Clock.systemUTC(), RefreshTimer.on(scheduler),
					fetches, Backoff.DEFAULT, Duration.ofSeconds(30), Duration.ofMinutes(5), () -> 0.5);
			ScriptedSource real = new ScriptedSource(java.time.Clock.systemUTC());
			RefreshEngine engine = new RefreshEngine("app", ROLE, real, DEFAULTS, runtime, List.of((attempt) -> {
				listening.countDown();
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}));
			CompletableFuture<String> caller = CompletableFuture.supplyAsync(() -> engine.resolve().accessKeyId());
			listening.await();
			// The first attempt is still being told: no second attempt starts meanwhile,
			// and its caller has no answer yet.
			engine.invalidate("ASIA1");
			assertThat(engine.status().state()).isEqualTo(RefreshState.REFRESHING);
			assertThat(caller).isNotDone();
			release.countDown();
			assertThat(caller.get(5, TimeUnit.SECONDS)).isEqualTo("ASIA1");
			assertThat(real.calls()).isOne();
		}
		finally {
			fetches.shutdownNow();
			scheduler.shutdownNow();
		}
	}

	@Test
	void refreshSettingsRejectAStaleTimeThatLeavesNoRefreshWindow() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new RefreshSettings(true, Duration.ofMinutes(5), Duration.ofHours(2)))
			.withMessageContaining("shorter than prefetchTime");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new RefreshSettings(true, Duration.ofMinutes(5), Duration.ZERO));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new RefreshSettings(true, null, Duration.ZERO));
		assertThat(RefreshSettings.DEFAULTS.prefetchTime()).isNull();
		RefreshSettings eager = RefreshSettings.DEFAULTS.withDeferRefresh(false)
			.withPrefetchTime(Duration.ofMinutes(5));
		assertThat(eager).isEqualTo(new RefreshSettings(false, Duration.ofMinutes(5), Duration.ofMinutes(1)));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> eager.withStaleTime(Duration.ofMinutes(5)));
	}

	@Test
	void aChainedRoleIsNotBlamedForWhatStsAnsweredItsSourceRole() {
		StsException denied = (StsException) StsException.builder()
			.statusCode(403)
			.awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("denied").build())
			.build();
		RoleCredentialsException sourceRole = new RoleCredentialsException("base", ROLE, denied);
		RuntimeException wrapped = new RuntimeException("Unable to load credentials", sourceRole);
		assertThat(StsFailures.errorCode(wrapped)).isNull();
		assertThat(StsFailures.describe(RoleSource.Kind.ASSUME_ROLE, wrapped))
			.startsWith("its source role failed: Could not obtain credentials for role 'base'");
		RoleCredentialsException chained = new RoleCredentialsException("audit", ROLE, wrapped);
		assertThat(chained.getStsErrorCode()).isNull();
		assertThat(sourceRole.getStsErrorCode()).isEqualTo("AccessDenied");
	}

	private RefreshEngine engine(RefreshSettings settings) {
		return engine(settings, this.source);
	}

	private RefreshEngine engine(RefreshSettings settings, CredentialsFetcher fetcher) {
		return new RefreshEngine("app", ROLE, fetcher, settings, runtime(this.time), List.of(this.attempts::add));
	}

	private RefreshRuntime runtime(RefreshTimer timer) {
		return runtime(timer, Runnable::run);
	}

	private RefreshRuntime runtime(RefreshTimer timer, java.util.concurrent.Executor fetches) {
		return new RefreshRuntime(this.time, timer, fetches, Backoff.DEFAULT, Duration.ofSeconds(10),
				Duration.ofMinutes(5), () -> this.jitter);
	}

	private static void runAll(List<Runnable> queued) {
		List<Runnable> tasks = new ArrayList<>(queued);
		queued.clear();
		tasks.forEach(Runnable::run);
	}

	private static List<Long> gaps(List<Long> times) {
		List<Long> gaps = new ArrayList<>();
		for (int i = 2; i < times.size(); i++) {
			gaps.add(times.get(i) - times.get(i - 1));
		}
		return gaps;
	}

}
