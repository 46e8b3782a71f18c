package io.awsrefresh.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What reading a role's credentials costs: {@code resolveCredentials()} on a fresh role
 * against {@code StaticCredentialsProvider}, and the read of 64 threads while a
 * background refresh is in flight against the same read outside one. The role's
 * credentials come from a custom source, so no STS is involved; the refresh is one whose
 * fetch is held until the trial ends. In this package to start that refresh at once.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xmx1g" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CredentialsReadBenchmark {

	private static final Clock CLOCK = Clock.systemUTC();

	/**
	 * A fresh role whose next refresh is far away, and a static provider.
	 */
	@State(Scope.Benchmark)
	public static class Outside {

		RoleCredentialsProviders providers;

		RoleCredentialsProvider role;

		final StaticCredentialsProvider staticProvider = StaticCredentialsProvider
			.create(credentials(Duration.ofHours(1)));

		@Setup(Level.Trial)
		public void setUp() {
			this.providers = providers((roleName) -> credentials(Duration.ofHours(1)));
			this.role = this.providers.get("bench");
			this.role.resolveCredentials();
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.providers.close();
		}

	}

	/**
	 * A fresh role with a background refresh in flight for the whole trial: its second
	 * fetch waits until the trial ends.
	 */
	@State(Scope.Benchmark)
	public static class During {

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicInteger fetches = new AtomicInteger();

		RoleCredentialsProviders providers;

		RoleCredentialsProvider role;

		@Setup(Level.Trial)
		public void setUp() throws InterruptedException {
			this.providers = providers((roleName) -> {
				if (this.fetches.incrementAndGet() > 1) {
					this.release.await();
				}
				return credentials(Duration.ofHours(1));
			});
			this.role = this.providers.get("bench");
			AwsCredentials first = this.role.resolveCredentials();
			this.role.invalidate(first.accessKeyId());
			while (this.role.status().state() != RefreshState.REFRESHING) {
				Thread.onSpinWait();
			}
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			if (this.role.status().state() != RefreshState.REFRESHING || this.fetches.get() != 2) {
				throw new IllegalStateException("The refresh was not in flight for the whole trial");
			}
			this.release.countDown();
			this.providers.close();
		}

	}

	/**
	 * Baseline: the SDK's static provider.
	 */
	@Benchmark
	public AwsCredentials staticProvider(Outside state) {
		return state.staticProvider.resolveCredentials();
	}

	/**
	 * What a fresh role's read is made of: one read of the wall clock, to compare with
	 * the credentials' stale time.
	 */
	@Benchmark
	public long clockRead() {
		return CLOCK.millis();
	}

	/**
	 * A fresh role, one thread.
	 */
	@Benchmark
	public AwsCredentials freshRole(Outside state) {
		return state.role.resolveCredentials();
	}

	/**
	 * Baseline of the concurrent read: 64 threads, no refresh in flight.
	 */
	@Benchmark
	@Threads(64)
	@BenchmarkMode(Mode.SampleTime)
	public AwsCredentials readOutsideRefresh(Outside state) {
		return state.role.resolveCredentials();
	}

	/**
	 * 64 threads while a background refresh is in flight.
	 */
	@Benchmark
	@Threads(64)
	@BenchmarkMode(Mode.SampleTime)
	public AwsCredentials readDuringRefresh(During state) {
		return state.role.resolveCredentials();
	}

	static RoleCredentialsProviders providers(CustomCredentialsSource source) {
		return RoleCredentialsProviders.builder(AnonymousCredentialsProvider.create())
			.role(new RoleDefinition("bench", new RoleSource.Custom("bench", source),
					new RefreshSettings(true, Duration.ofMinutes(5), Duration.ofMinutes(1))))
			.build();
	}

	static AwsSessionCredentials credentials(Duration lifetime) {
		return AwsSessionCredentials.builder()
			.accessKeyId("ASIA" + System.nanoTime())
			.secretAccessKey("secret")
			.sessionToken("token")
			.expirationTime(Instant.now().plus(lifetime))
			.build();
	}

}
