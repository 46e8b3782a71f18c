package io.awsrefresh.credentials;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

import io.awsrefresh.autoconfigure.AwsRefreshAutoConfigurations;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.credentials.CallerLoad.Summary;
import io.awsrefresh.test.Await;
import io.awsrefresh.test.sts.StsStub;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsAsyncClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One role, 64 threads asking for its credentials about once a millisecond each, and STS
 * misbehaving on a loopback stub that speaks its wire format: failing while the
 * credentials are valid, failing once they are stale, answering slowly, throttling, and
 * failing with nobody asking. Each scenario runs against aws-refresh (asserting the
 * bounds it promises) and against the plain SDK {@link StsAssumeRoleCredentialsProvider}
 * with the same settings (measured only), and both rows go to
 * {@code target/sts-fault-report.md} for the README. The two run side by side, at the
 * same time, each against a stub and an HTTP client of its own: the same conditions for
 * both, and half the wall-clock time of running them one after the other.
 * <p>
 * The stub issues credentials for 15 minutes; prefetch and stale times put the refresh a
 * second or more after the first fetch, so that each scenario takes seconds. The
 * scenarios that use the default settings have it issue credentials that live 30 s
 * instead.
 */
@ExtendWith(OutputCaptureExtension.class)
class StsFaultTests {

	private static final int CALLERS = 64;

	private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/app";

	private static final AssumeRoleSpec SPEC = AssumeRoleSpec.of(ROLE_ARN, "orders")
		.withDuration(Duration.ofMinutes(15));

	private static final AwsCredentialsProvider SOURCE = StaticCredentialsProvider
		.create(AwsBasicCredentials.create("AKIDSOURCE", "source-secret"));

	private static final String OURS = "aws-refresh";

	private static final String SDK = "plain SDK";

	// A WARN line's logger, as Logback writes it in full or abbreviated.
	private static final Pattern OUR_LOGGER = Pattern.compile("\\b(io\\.awsrefresh|i\\.a)\\.");

	private static final Pattern SDK_LOGGER = Pattern.compile("\\b(software\\.amazon|s\\.a\\.a)\\.");

	/**
	 * What aws-refresh runs against.
	 */
	private Bench ours;

	/**
	 * What the plain SDK runs against, at the same time.
	 */
	private Bench sdk;

	@BeforeEach
	void start() throws IOException {
		this.ours = Bench.start();
		this.sdk = Bench.start();
	}

	@AfterEach
	void stop(CapturedOutput output) {
		this.ours.close();
		this.sdk.close();
		// Whatever went wrong, no key or token STS handed out was ever printed.
		assertThat(this.ours.sts().secrets()).isNotEmpty()
			.allSatisfy((secret) -> assertThat(output).doesNotContain(secret));
		assertThat(this.sdk.sts().secrets()).isNotEmpty()
			.allSatisfy((secret) -> assertThat(output).doesNotContain(secret));
	}

	@Test
	void stsFailingWhileCredentialsAreValid(CapturedOutput output) throws Exception {
		// Refresh 1s to 30.5s after the fetch, stale after 60s. STS fails from the fetch
		// on, and for 24s after the first refresh attempt: 12s of 500s, then 12s of
		// refused connections.
		RefreshSettings settings = settings(Duration.ofSeconds(899), Duration.ofSeconds(840));
		SideBySide<Outcome> outcomes = sideBySide(() -> failWhileValid(output, this.ours, ours(this.ours, settings)),
				() -> failWhileValid(output, this.sdk, sdk(this.sdk, settings)));
		Outcome ours = outcomes.ours();
		report("STS failing for 24 s (500, then refused) while credentials are valid", ours, outcomes.sdk());
		assertThat(ours.callers.failures()).isZero();
		assertThat(ours.callers.p99Micros()).isLessThan(50_000);
		assertThat(ours.callers.maxMicros()).isLessThan(500_000);
		assertThat(ours.requests).isBetween(1, 40);
		assertThat(ours.warnings).isBetween(1L, 10L);
	}

	private static Outcome failWhileValid(CapturedOutput output, Bench bench, Provider provider) throws Exception {
		StsStub sts = bench.sts();
		sts.issueCredentials();
		try (provider) {
			provider.credentials.resolveCredentials();
			sts.resetCounts();
			int mark = output.getAll().length();
			sts.failInternally();
			Summary callers;
			try (CallerLoad load = load(provider.credentials)) {
				load.awaitUntil(() -> sts.assumeRoleRequests() > 0, Duration.ofSeconds(40));
				Thread.sleep(12_000);
				sts.refuseConnections();
				Thread.sleep(12_000);
				callers = load.next();
			}
			Outcome outcome = new Outcome(callers, sts.assumeRoleRequests(), sts.maxInFlight(),
					warnings(output, mark, provider), "");
			sts.issueCredentials();
			return outcome;
		}
	}

	@Test
	void stsFailingOnceCredentialsAreStaleWithExpiryAhead(CapturedOutput output) throws Exception {
		// Default settings, credentials that live 30 s: refreshed 12 to 15 s after the
		// fetch, stale 6 s before expiry (a fifth of the lifetime), served while failing
		// until 3 s before it (the safety margin, at most half the stale time). STS
		// fails from the fetch on. The plain SDK gets the same times: prefetch 15 s,
		// stale 6 s.
		this.ours.sts().credentialsLifetime(Duration.ofSeconds(30));
		this.sdk.sts().credentialsLifetime(Duration.ofSeconds(30));
		SideBySide<StaleOutcome> outcomes = sideBySide(
				() -> failPastStaleTime(output, this.ours, ours(this.ours, RefreshSettings.DEFAULTS)),
				() -> failPastStaleTime(output, this.sdk,
						sdk(this.sdk, settings(Duration.ofSeconds(15), Duration.ofSeconds(6)))));
		StaleOutcome ours = outcomes.ours();
		ours.report(OURS);
		outcomes.sdk().report(SDK);
		assertThat(ours.valid.failures()).isZero();
		// Stale, STS failing, expiry ahead: every call served, none held.
		assertThat(ours.stale.calls()).isPositive();
		assertThat(ours.stale.failures()).isZero();
		assertThat(ours.stale.p99Micros()).isLessThan(50_000);
		assertThat(ours.stale.maxMicros()).isLessThan(500_000);
		// Past the safety margin: every call fails at once, naming the role and STS's
		// answer.
		assertThat(ours.pastMargin.calls()).isPositive();
		assertThat(ours.pastMargin.failures()).isEqualTo(ours.pastMargin.calls());
		assertThat(ours.pastMargin.failedP99Micros()).isLessThan(50_000);
		assertThat(ours.pastMargin.failureMessages()).isNotEmpty()
			.allMatch((message) -> message.contains("role 'default' (" + ROLE_ARN + ")"))
			.allMatch((message) -> message.contains("ServiceUnavailable"));
		// One fetch at a time throughout, backing off.
		assertThat(ours.maxInFlight).isOne();
		assertThat(ours.requests).isBetween(1, 40);
	}

	/**
	 * Callers from the first fetch until just before expiry, in three windows: valid,
	 * stale until the safety margin, and past it; 300 ms around each boundary belong to
	 * no window.
	 */
	private static StaleOutcome failPastStaleTime(CapturedOutput output, Bench bench, Provider provider)
			throws Exception {
		StsStub sts = bench.sts();
		sts.issueCredentials();
		try (provider) {
			AwsSessionCredentials issued = (AwsSessionCredentials) provider.credentials.resolveCredentials();
			Instant expiry = issued.expirationTime().orElseThrow();
			Instant stale = expiry.minusSeconds(6);
			Instant margin = expiry.minusSeconds(3);
			sts.resetCounts();
			sts.fail();
			int mark = output.getAll().length();
			Summary valid;
			Summary served;
			Summary pastMargin;
			try (CallerLoad load = load(provider.credentials)) {
				sleepUntil(stale.minusMillis(300));
				valid = load.next();
				sleepUntil(stale.plusMillis(300));
				load.next();
				sleepUntil(margin.minusMillis(300));
				served = load.next();
				sleepUntil(margin.plusMillis(300));
				load.next();
				sleepUntil(expiry.minusMillis(300));
				pastMargin = load.next();
			}
			return new StaleOutcome(valid, served, pastMargin, sts.assumeRoleRequests(), sts.maxInFlight(),
					warnings(output, mark, provider));
		}
	}

	private static void sleepUntil(Instant instant) throws InterruptedException {
		long millis = instant.toEpochMilli() - System.currentTimeMillis();
		if (millis > 0) {
			Thread.sleep(millis);
		}
	}

	@Test
	void stsAnsweringSlowly(CapturedOutput output) throws Exception {
		// Refresh 1s to 15.5s after the fetch, stale after 29s; STS answers in 8s.
		RefreshSettings settings = settings(Duration.ofSeconds(899), Duration.ofSeconds(870));
		SideBySide<Outcome> outcomes = sideBySide(() -> answerSlowly(output, this.ours, ours(this.ours, settings)),
				() -> answerSlowly(output, this.sdk, sdk(this.sdk, settings)));
		Outcome ours = outcomes.ours();
		report("STS answering in 8 s", ours, outcomes.sdk());
		assertThat(ours.maxInFlight).isOne();
		assertThat(ours.callers.failures()).isZero();
		assertThat(ours.note).startsWith("new credentials served");
		assertThat(ours.callers.maxMicros()).isLessThan(500_000);
	}

	private static Outcome answerSlowly(CapturedOutput output, Bench bench, Provider provider) throws Exception {
		StsStub sts = bench.sts();
		sts.issueCredentials();
		try (provider) {
			AwsSessionCredentials issued = (AwsSessionCredentials) provider.credentials.resolveCredentials();
			Instant stale = issued.expirationTime().orElseThrow().minusSeconds(870);
			sts.delay(Duration.ofSeconds(8));
			sts.resetCounts();
			int mark = output.getAll().length();
			// An unrelated call on the same HTTP client, to see whether STS starves its
			// connection pool.
			Histogram unrelated = new Histogram(3);
			Summary callers;
			try (StsClient other = StsClient.builder()
				.region(Region.US_EAST_1)
				.endpointOverride(sts.endpoint())
				.credentialsProvider(SOURCE)
				.httpClient(bench.http())
				.build(); CallerLoad load = load(provider.credentials)) {
				Thread probe = new Thread(() -> {
					while (!Thread.currentThread().isInterrupted()) {
						long start = System.nanoTime();
						other.getCallerIdentity();
						synchronized (unrelated) {
							unrelated.recordValue((System.nanoTime() - start) / 1000);
						}
					}
				});
				probe.start();
				load.awaitUntil(() -> load.firstSeen().size() > 1, Duration.ofSeconds(45));
				callers = load.next();
				probe.interrupt();
				probe.join();
			}
			Long served = callers.firstSeen()
				.entrySet()
				.stream()
				.filter((entry) -> !entry.getKey().equals(issued.accessKeyId()))
				.map(Map.Entry::getValue)
				.findFirst()
				.orElse(null);
			String note = ((served != null && served < stale.toEpochMilli())
					? "new credentials served " + (stale.toEpochMilli() - served) / 1000 + " s before stale"
					: "no new credentials before stale") + "; unrelated call on the shared HTTP client: slowest "
					+ FaultReport.millis(unrelated.getMaxValue());
			sts.delay(Duration.ZERO);
			return new Outcome(callers, sts.assumeRoleRequests(), sts.maxInFlight(), warnings(output, mark, provider),
					note);
		}
	}

	@Test
	void stsThrottling(CapturedOutput output) throws Exception {
		// Refresh 1s to 30.5s after the fetch, stale after 60s. STS throttles from the
		// fetch on, and for 12s after the first refresh attempt.
		RefreshSettings settings = settings(Duration.ofSeconds(899), Duration.ofSeconds(840));
		SideBySide<Outcome> outcomes = sideBySide(() -> throttle(output, this.ours, ours(this.ours, settings)),
				() -> throttle(output, this.sdk, sdk(this.sdk, settings)));
		Outcome ours = outcomes.ours();
		report("STS throttling (400 Throttling) for 12 s, then back", ours, outcomes.sdk());
		assertThat(ours.maxInFlight).isOne();
		assertThat(ours.callers.failures()).isZero();
		assertThat(ours.callers.maxMicros()).isLessThan(500_000);
		// One answer recovers; a second can be the next background refresh, due 1 to
		// 30.5 s after that fetch, when it falls in the 2 s left for duplicates to show.
		assertThat(ours.note).matches("[12] AssumeRole answered after recovery.*");
	}

	private static Outcome throttle(CapturedOutput output, Bench bench, Provider provider) throws Exception {
		StsStub sts = bench.sts();
		sts.issueCredentials();
		try (provider) {
			String first = provider.credentials.resolveCredentials().accessKeyId();
			sts.throttle();
			sts.resetCounts();
			int mark = output.getAll().length();
			Summary callers;
			int issuedBefore;
			try (CallerLoad load = load(provider.credentials)) {
				load.awaitUntil(() -> sts.assumeRoleRequests() > 0, Duration.ofSeconds(40));
				Thread.sleep(12_000);
				issuedBefore = sts.issued();
				sts.issueCredentials();
				load.awaitUntil(() -> load.firstSeen().keySet().stream().anyMatch((key) -> !key.equals(first)),
						Duration.ofSeconds(20));
				// Room for duplicates to show.
				Thread.sleep(2000);
				callers = load.next();
			}
			int answered = sts.issued() - issuedBefore;
			return new Outcome(callers, sts.assumeRoleRequests(), sts.maxInFlight(), warnings(output, mark, provider),
					answered + " AssumeRole answered after recovery");
		}
	}

	@Test
	void backgroundRefreshFailingThenStsBackWithNoTraffic() throws Exception {
		RefreshSettings eager = new RefreshSettings(false, Duration.ofSeconds(899), Duration.ofSeconds(870));
		SideBySide<String[]> rows = sideBySide(() -> {
			// aws-refresh: the first refresh fails; the engine retries alone.
			StsStub sts = this.ours.sts();
			try (Provider ours = ours(this.ours, eager)) {
				RoleCredentialsProvider role = (RoleCredentialsProvider) ours.credentials;
				sts.resetCounts();
				sts.fail();
				Await.until(() -> role.status().consecutiveFailures() > 0, Duration.ofSeconds(20));
				sts.issueCredentials();
				Await.until(() -> role.status().refreshes() > 1, Duration.ofSeconds(25));
				RefreshStatus status = role.status();
				String[] row = { String.valueOf(sts.assumeRoleRequests()), String.valueOf(sts.maxInFlight()), "0", "",
						"", "", "", "refreshed without a caller after " + status.failures() + " failed attempt(s): "
								+ (status.refreshes() > 1 ? "yes" : "no") };
				// With a prefetch window this long, the next background refresh may
				// already be due: bounds, not the exact count.
				assertThat(status.refreshes()).isGreaterThanOrEqualTo(2);
				assertThat(status.state()).isIn(RefreshState.FRESH, RefreshState.REFRESHING);
				return row;
			}
		}, () -> {
			// The plain SDK with asynchronous refresh and the same settings.
			StsStub sts = this.sdk.sts();
			sts.issueCredentials();
			int issuedBefore = sts.issued();
			try (Provider sdk = sdk(this.sdk, eager)) {
				sdk.credentials.resolveCredentials();
				Instant stale = Instant.now().plusSeconds(30);
				sts.resetCounts();
				sts.fail();
				Thread.sleep(5000);
				sts.issueCredentials();
				while (Instant.now().isBefore(stale.minusSeconds(1)) && sts.issued() < issuedBefore + 2) {
					Thread.sleep(100);
				}
				return new String[] { String.valueOf(sts.assumeRoleRequests()), String.valueOf(sts.maxInFlight()), "0",
						"", "", "", "", "refreshed without a caller before stale: "
								+ (sts.issued() > issuedBefore + 1 ? "yes" : "no") };
			}
		});
		FaultReport.row("Background refresh failing, then STS back, no traffic", OURS, rows.ours());
		FaultReport.row("Background refresh failing, then STS back, no traffic", SDK, rows.sdk());
	}

	@Test
	void asyncCallerIsNeverHeldWhileStsIsSlow() throws Exception {
		// Credentials live 30s: refreshed 12s to 15s after each fetch, stale after 24s
		// (times the engine derives from their lifetime with the default settings); STS
		// answers in 3s.
		this.ours.sts().credentialsLifetime(Duration.ofSeconds(30));
		this.sdk.sts().credentialsLifetime(Duration.ofSeconds(30));
		SideBySide<Histogram> held = sideBySide(() -> {
			Histogram ours = new Histogram(3);
			new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
				.withPropertyValues("aws.refresh.region=us-east-1",
						"aws.refresh.endpoint=" + this.ours.sts().endpoint(),
						"aws.refresh.source.access-key-id=AKIDSOURCE", "aws.refresh.source.secret-access-key=secret",
						"aws.refresh.role-arn=" + ROLE_ARN)
				.run((context) -> {
					measureHeldCallers(this.ours.sts(),
							context.getBean(AwsClientRegistry.class).client(StsAsyncClient.class), ours);
					assertThat(context.getBean(RoleCredentialsProviders.class).defaultRole().status().refreshes())
						.as("refreshes during the run")
						.isGreaterThan(1);
				});
			return ours;
		}, () -> {
			Histogram sdk = new Histogram(3);
			// The plain SDK provider with the times the engine derived: prefetch 15s,
			// stale 6s.
			try (Provider provider = sdk(this.sdk, settings(Duration.ofSeconds(15), Duration.ofSeconds(6)));
					StsAsyncClient client = StsAsyncClient.builder()
						.region(Region.US_EAST_1)
						.endpointOverride(this.sdk.sts().endpoint())
						.credentialsProvider(provider.credentials)
						.build()) {
				measureHeldCallers(this.sdk.sts(), client, sdk);
			}
			return sdk;
		});
		reportHeld(OURS, held.ours());
		reportHeld(SDK, held.sdk());
		assertThat(held.ours().getMaxValue()).as("longest a caller was held, in microseconds").isLessThan(100_000);
	}

	private static void reportHeld(String implementation, Histogram held) {
		FaultReport.row("Async client calls while STS answers in 3 s (default settings)", implementation, "", "",
				String.valueOf(held.getTotalCount()), "0", FaultReport.millis(held.getValueAtPercentile(99)),
				FaultReport.millis(held.getMaxValue()), "", "time the calling thread is held");
	}

	/**
	 * After the first fetch and 5 seconds of warm-up, 25 seconds of calls with STS
	 * answering in 3s.
	 */
	private static void measureHeldCallers(StsStub sts, StsAsyncClient client, Histogram held) throws Exception {
		sts.delay(Duration.ZERO);
		client.getCallerIdentity().join();
		holdCallers(client, Duration.ofSeconds(5), new Histogram(3));
		sts.delay(Duration.ofSeconds(3));
		holdCallers(client, Duration.ofSeconds(25), held);
		sts.delay(Duration.ZERO);
	}

	/**
	 * Eight threads make async calls for a while; records how long each call holds its
	 * calling thread before it returns a future.
	 */
	private static void holdCallers(StsAsyncClient client, Duration duration, Histogram held) throws Exception {
		long end = System.nanoTime() + duration.toNanos();
		List<CompletableFuture<Void>> callers = new ArrayList<>();
		AtomicLong failures = new AtomicLong();
		ExecutorService threads = Executors.newFixedThreadPool(8);
		for (int i = 0; i < 8; i++) {
			callers.add(CompletableFuture.runAsync(() -> {
				while (System.nanoTime() < end) {
					long start = System.nanoTime();
					CompletableFuture<?> call = client.getCallerIdentity();
					long micros = (System.nanoTime() - start) / 1000;
					synchronized (held) {
						held.recordValue(Math.max(1, micros));
					}
					try {
						call.join();
					}
					catch (RuntimeException ex) {
						failures.incrementAndGet();
					}
					LockSupport.parkNanos(5_000_000);
				}
			}, threads));
		}
		CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).join();
		threads.shutdown();
		assertThat(failures).hasValue(0);
	}

	private static Provider ours(Bench bench, RefreshSettings settings) {
		RoleCredentialsProviders roles = RoleCredentialsProviders.builder(SOURCE)
			.httpClient(bench.http())
			.role(new RoleDefinition(RoleCredentialsProviders.DEFAULT_ROLE,
					new RoleSource.AssumeRole(SPEC, null, new StsEndpoint(Region.US_EAST_1, bench.sts().endpoint())),
					settings))
			.build();
		return new Provider(roles.defaultRole(), roles, OUR_LOGGER);
	}

	/**
	 * What a user would otherwise write: the SDK's provider on a default STS client.
	 */
	private static Provider sdk(Bench bench, RefreshSettings settings) {
		StsClient client = StsClient.builder()
			.region(Region.US_EAST_1)
			.endpointOverride(bench.sts().endpoint())
			.credentialsProvider(SOURCE)
			.httpClient(bench.http())
			.build();
		StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
			.stsClient(client)
			.refreshRequest(SPEC.toRequest(null))
			.prefetchTime(settings.prefetchTime())
			.staleTime(settings.staleTime())
			.asyncCredentialUpdateEnabled(!settings.deferRefresh())
			.build();
		return new Provider(provider, () -> {
			provider.close();
			client.close();
		}, SDK_LOGGER);
	}

	/**
	 * Runs aws-refresh's side and the plain SDK's at the same time, and waits for both.
	 */
	private static <T> SideBySide<T> sideBySide(Callable<T> ours, Callable<T> sdk) throws Exception {
		ExecutorService sides = Executors.newFixedThreadPool(2);
		try {
			Future<T> oursDone = sides.submit(ours);
			Future<T> sdkDone = sides.submit(sdk);
			return new SideBySide<>(outcome(oursDone), outcome(sdkDone));
		}
		finally {
			sides.shutdownNow();
		}
	}

	private static <T> T outcome(Future<T> side) throws Exception {
		try {
			return side.get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof Exception failure) {
				throw failure;
			}
			throw ex;
		}
	}

	private static RefreshSettings settings(Duration prefetch, Duration stale) {
		return new RefreshSettings(true, prefetch, stale);
	}

	private static CallerLoad load(AwsCredentialsProvider credentials) {
		return new CallerLoad(CALLERS, () -> credentials.resolveCredentials().accessKeyId());
	}

	/**
	 * WARN lines of the provider's own library since the mark: the other side runs at the
	 * same time.
	 */
	private static long warnings(CapturedOutput output, int mark, Provider provider) {
		return output.getAll()
			.substring(mark)
			.lines()
			.filter((line) -> line.contains(" WARN ") && provider.logger().matcher(line).find())
			.count();
	}

	private static void report(String scenario, Outcome ours, Outcome sdk) {
		ours.report(scenario, OURS);
		sdk.report(scenario, SDK);
	}

	/**
	 * One side's loopback STS and HTTP client, configured as the starter configures its
	 * shared one by default.
	 */
	private record Bench(StsStub sts, SdkHttpClient http) implements AutoCloseable {

		static Bench start() throws IOException {
			return new Bench(StsStub.start(), Apache5HttpClient.builder().maxConnections(50).build());
		}

		@Override
		public void close() {
			this.http.close();
			this.sts.close();
		}

	}

	private record SideBySide<T>(T ours, T sdk) {

	}

	/**
	 * A provider under test, what to close after it, and the loggers of its library.
	 */
	private record Provider(AwsCredentialsProvider credentials, AutoCloseable resources,
			Pattern logger) implements AutoCloseable {

		@Override
		public void close() throws Exception {
			this.resources.close();
		}

	}

	/**
	 * What callers saw while the credentials were valid, once they were stale but still
	 * ahead of the safety margin, and past it.
	 */
	private record StaleOutcome(Summary valid, Summary stale, Summary pastMargin, int requests, int maxInFlight,
			long warnings) {

		void report(String implementation) {
			FaultReport.row(
					"STS failing (503) once credentials are stale, expiry ahead: the 2.4 s to the safety margin",
					implementation, String.valueOf(this.requests), String.valueOf(this.maxInFlight),
					String.valueOf(this.stale.calls()), String.valueOf(this.stale.failures()),
					FaultReport.millis(this.stale.p99Micros()), FaultReport.millis(this.stale.maxMicros()),
					String.valueOf(this.warnings),
					String.format(Locale.ROOT,
							"in the 2.4 s past it: %,d calls, %,d failed (p99 of the failed %s); "
									+ "while valid: %,d failed",
							this.pastMargin.calls(), this.pastMargin.failures(),
							FaultReport.millis(this.pastMargin.failedP99Micros()), this.valid.failures()));
		}

	}

	private record Outcome(Summary callers, int requests, int maxInFlight, long warnings, String note) {

		void report(String scenario, String implementation) {
			FaultReport.row(scenario, implementation, String.valueOf(this.requests), String.valueOf(this.maxInFlight),
					String.valueOf(this.callers.calls()), String.valueOf(this.callers.failures()),
					FaultReport.millis(this.callers.p99Micros()), FaultReport.millis(this.callers.maxMicros()),
					String.valueOf(this.warnings), this.note);
		}

	}

}
