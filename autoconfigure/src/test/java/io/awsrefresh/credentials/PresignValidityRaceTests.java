package io.awsrefresh.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RefreshEngine#resolveValidFor} against a flight that completes while a presigner
 * asks, or that is slow: the fresher credentials are answered, and the presigner waits no
 * longer than any caller. Virtual time; fetches run when the test says so.
 */
class PresignValidityRaceTests {

	private static final RoleSource ROLE = new RoleSource.AssumeRole(
			AssumeRoleSpec.of("arn:aws:iam::123456789012:role/app", "orders"), null,
			new StsEndpoint(Region.EU_WEST_1, null));

	private static final RefreshSettings PREFETCH_3M = new RefreshSettings(true, Duration.ofMinutes(3),
			Duration.ofMinutes(1));

	private static final Duration MINIMUM = Duration.ofMinutes(5);

	private final VirtualTime time = new VirtualTime();

	private final HookClock clock = new HookClock(this.time);

	private final ScriptedSource source = new ScriptedSource(this.time);

	private final List<RefreshAttempt> attempts = new CopyOnWriteArrayList<>();

	/**
	 * Fetches run on the caller's thread while {@link #runNow}, and are queued otherwise.
	 */
	private final Deque<Runnable> queued = new ArrayDeque<>();

	private volatile boolean runNow = true;

	private final Executor fetches = (task) -> {
		if (this.runNow) {
			task.run();
		}
		else {
			synchronized (this.queued) {
				this.queued.add(task);
			}
		}
	};

	private RefreshEngine engine(RefreshSettings settings, Duration maxWait, double jitter) {
		return new RefreshEngine("app", ROLE, this.source, settings, new RefreshRuntime(this.clock, this.time,
				this.fetches, Backoff.DEFAULT, maxWait, Duration.ofMinutes(5), () -> jitter),
				List.of(this.attempts::add));
	}

	private Runnable nextQueued() {
		synchronized (this.queued) {
			return this.queued.poll();
		}
	}

	/**
	 * A planned refresh is in flight while the held credentials are under the minimum,
	 * and it completes (on its fetch thread) between the engine's {@code resolve()} and
	 * its look at {@code held}: the fresh credentials are answered, not the old ones.
	 */
	@Test
	void aPlannedRefreshThatCompletesWhileThePresignerAsksIsAnsweredNotTheOldCredentials() {
		RefreshEngine engine = engine(PREFETCH_3M, Duration.ofSeconds(10), 0.5);
		assertThat(engine.resolve().accessKeyId()).isEqualTo("ASIA1");
		this.runNow = false;
		// The planned refresh at 57.5 minutes starts; its fetch is queued on a fetch
		// thread.
		this.time.advance(Duration.ofMinutes(57).plusSeconds(30));
		assertThat(engine.isFetching()).isTrue();
		// The fetch thread finishes just after resolve() read the clock (the second read
		// of the clock in resolveValidFor: the first is resolve()'s).
		this.clock.onRead(2, () -> nextQueued().run());
		AwsSessionCredentials answered = engine.resolveValidFor(MINIMUM.toMillis());
		assertThat(this.source.calls()).isEqualTo(2);
		assertThat(engine.status().expiration()).isEqualTo(this.time.instant().plus(Duration.ofHours(1)));
		// Fresh credentials are held; the answer should be them.
		assertThat(answered.accessKeyId()).as("credentials answered while ASIA2 (1 h left) is held").isEqualTo("ASIA2");
	}

	/**
	 * Past the stale time, with a fetch in flight that is slow, {@code resolve()} waits
	 * for it for {@code maxWait} and then answers the usable credentials held; the
	 * presigner does not wait for the same flight a second time.
	 */
	@Test
	void aPresignerPastTheStaleTimeWaitsForASlowFetchNoLongerThanAnyCaller() {
		Duration maxWait = Duration.ofSeconds(1);
		RefreshEngine engine = engine(PREFETCH_3M, maxWait, 0.5);
		assertThat(engine.resolve().accessKeyId()).isEqualTo("ASIA1");
		this.runNow = false;
		// The planned refresh at 57.5 minutes is queued and never runs (STS hangs); at
		// 59.5 minutes the credentials are stale, still usable until 59:45.
		this.time.advance(Duration.ofMinutes(59).plusSeconds(30));
		assertThat(engine.isFetching()).isTrue();
		long start = System.nanoTime();
		AwsSessionCredentials answered = engine.resolveValidFor(MINIMUM.toMillis());
		Duration waited = Duration.ofNanos(System.nanoTime() - start);
		assertThat(answered.accessKeyId()).isEqualTo("ASIA1");
		// Each timed wait lasts at least maxWait: two of them are at least twice it.
		assertThat(waited).as("time a presigner waited, with maxWait %s", maxWait).isLessThan(maxWait.multipliedBy(2));
	}

	/**
	 * The engine's clock, which runs a task on a chosen read: another thread acting
	 * between two steps of the caller.
	 */
	static final class HookClock extends Clock {

		private final VirtualTime time;

		private int readsLeft;

		private Runnable hook;

		HookClock(VirtualTime time) {
			this.time = time;
		}

		synchronized void onRead(int read, Runnable hook) {
			this.readsLeft = read;
			this.hook = hook;
		}

		@Override
		public long millis() {
			Runnable run = null;
			synchronized (this) {
				if (this.hook != null && --this.readsLeft == 0) {
					run = this.hook;
					this.hook = null;
				}
			}
			if (run != null) {
				run.run();
			}
			return this.time.millis();
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochMilli(millis());
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
