package io.awsrefresh.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * A fleet of instances, each with a few roles, on virtual time: every role is a real
 * {@link RefreshEngine} (the engine's own scheduling, jitter and backoff), or a model of
 * the plain SDK provider, all on one {@link VirtualTime} and one simulated STS that
 * counts AssumeRole requests per second, throttles beyond the per-account quota, and can
 * be taken down for a while. Callers ask every role for credentials every
 * {@link #CALLER_INTERVAL}. No network and no threads: fetches run on the thread that
 * advances the clock.
 */
final class FleetSimulation {

	/**
	 * STS's default quota of requests per second, per account.
	 */
	static final int STS_QUOTA = 600;

	/**
	 * How often callers ask each role; the long variant asks less often to stay fast.
	 */
	static final Duration CALLER_INTERVAL = Duration.ofSeconds(Boolean.getBoolean("fleet.simulation.long") ? 60 : 10);

	private final VirtualTime time = new VirtualTime();

	private final long origin = this.time.millis();

	private final Sts sts;

	private final List<Role> roles = new ArrayList<>();

	private final SplittableRandom random;

	/**
	 * A fleet whose instances all start in the deploy window, in random order.
	 * @param instances number of instances
	 * @param rolesPerInstance roles per instance
	 * @param settings the roles' refresh settings, or {@code null} for the plain SDK
	 * provider with its defaults
	 * @param duration lifetime of the credentials STS issues
	 * @param deployWindow the instances start at random times in it
	 * @param seed seed of every random choice, the engines' jitter included
	 */
	FleetSimulation(int instances, int rolesPerInstance, @Nullable RefreshSettings settings, Duration duration,
			Duration deployWindow, long seed) {
		this.random = new SplittableRandom(seed);
		this.sts = new Sts(this.time, this.origin, duration);
		RefreshRuntime runtime = new RefreshRuntime(this.time, this.time, Runnable::run, Backoff.DEFAULT,
				RefreshRuntime.DEFAULT_MAX_WAIT, RefreshRuntime.DEFAULT_WARN_INTERVAL, this.random::nextDouble);
		RoleSource source = new RoleSource.AssumeRole(
				AssumeRoleSpec.of("arn:aws:iam::123456789012:role/fleet", "fleet").withDuration(duration), null,
				new StsEndpoint(software.amazon.awssdk.regions.Region.EU_WEST_1, null));
		for (int instance = 0; instance < instances; instance++) {
			long startAt = (long) (this.random.nextDouble() * deployWindow.toMillis());
			for (int r = 0; r < rolesPerInstance; r++) {
				Role role = new Role((settings != null)
						? new EngineRole(new RefreshEngine("role-" + r, source, this.sts, settings, runtime, List.of()))
						: new PlainSdkRole(this.time, this.sts));
				this.roles.add(role);
				// The instance starts: each role's first use, then callers every
				// interval.
				this.time.schedule(() -> role.call(this.time), startAt);
			}
		}
	}

	/**
	 * Run until this long after the first instance could start.
	 * @param elapsed virtual time since the start of the deploy window
	 */
	void runUntil(Duration elapsed) {
		this.time.advanceTo(Instant.ofEpochMilli(this.origin + elapsed.toMillis()));
	}

	/**
	 * STS fails every request from {@code from} for {@code length}.
	 */
	void outage(Duration from, Duration length) {
		this.sts.outageFrom = this.origin + from.toMillis();
		this.sts.outageUntil = this.sts.outageFrom + length.toMillis();
	}

	/**
	 * AssumeRole requests in each second since the start, answered or not.
	 */
	int[] requestsPerSecond() {
		return this.sts.requests.toArray();
	}

	int throttled() {
		return this.sts.throttled;
	}

	int roles() {
		return this.roles.size();
	}

	/**
	 * Caller calls that failed because a role had no valid credentials.
	 */
	long failedCalls() {
		return this.roles.stream().mapToLong((role) -> role.failedCalls).sum();
	}

	/**
	 * Roles whose current credentials are stale or missing now.
	 */
	long rolesWithoutValidCredentials() {
		return this.roles.stream().filter((role) -> !role.provider.fresh()).count();
	}

	/**
	 * When the first of the roles' next refreshes is due, in milliseconds since the start
	 * of the deploy window.
	 */
	long firstRefreshDue() {
		return this.roles.stream().mapToLong((role) -> role.provider.nextRefresh()).min().orElseThrow() - this.origin;
	}

	/**
	 * When the last of the roles' next refreshes is due, in milliseconds since the start
	 * of the deploy window.
	 */
	long lastRefreshDue() {
		return this.roles.stream().mapToLong((role) -> role.provider.nextRefresh()).max().orElseThrow() - this.origin;
	}

	/**
	 * The least time any role's credentials have left now, in milliseconds: negative once
	 * one has expired.
	 */
	long leastTimeLeft() {
		long now = this.time.millis();
		return this.roles.stream().mapToLong((role) -> role.provider.expiresAt()).min().orElseThrow() - now;
	}

	/**
	 * Roles that had no valid credentials for at least one caller call.
	 */
	long rolesThatFailedACaller() {
		return this.roles.stream().filter((role) -> role.failedCalls > 0).count();
	}

	/**
	 * What the fleet has seen so far, to tell one phase of a run from the next.
	 */
	Totals totals() {
		return new Totals(throttled(), failedCalls(),
				this.roles.stream().mapToLong((role) -> role.failedCalls).toArray());
	}

	/**
	 * What the fleet had seen at one time.
	 *
	 * @param throttled throttled requests
	 * @param failedCalls caller calls that failed
	 * @param failedCallsPerRole the same, per role
	 */
	record Totals(int throttled, long failedCalls, long[] failedCallsPerRole) {

		/**
		 * What happened since an earlier time.
		 */
		Totals since(Totals earlier) {
			long[] perRole = new long[this.failedCallsPerRole.length];
			for (int i = 0; i < perRole.length; i++) {
				perRole[i] = this.failedCallsPerRole[i] - earlier.failedCallsPerRole[i];
			}
			return new Totals(this.throttled - earlier.throttled, this.failedCalls - earlier.failedCalls, perRole);
		}

		long rolesThatFailedACaller() {
			return java.util.Arrays.stream(this.failedCallsPerRole).filter((calls) -> calls > 0).count();
		}

	}

	/**
	 * Seconds after the end of the outage until the last role that failed a caller since
	 * the outage began served one again, or -1 if none had (recoveries from a throttled
	 * deploy do not count).
	 */
	long recoverySeconds() {
		long last = this.roles.stream()
			.mapToLong((role) -> role.recoveredAt)
			.filter((at) -> at > this.sts.outageFrom)
			.max()
			.orElse(-1);
		return (last < 0) ? -1 : Math.max(0, (last - this.sts.outageUntil) / 1000);
	}

	/**
	 * When each role's current credentials expire, in milliseconds since the start of the
	 * deploy window, or -1 for a role without credentials.
	 */
	long[] expirations() {
		return this.roles.stream().mapToLong((role) -> {
			long expiresAt = role.provider.expiresAt();
			return (expiresAt >= 0) ? expiresAt - this.origin : -1;
		}).toArray();
	}

	/**
	 * A role of one instance, and what its callers saw.
	 */
	private static final class Role {

		private final Provider provider;

		long failedCalls;

		private boolean failing;

		long recoveredAt;

		Role(Provider provider) {
			this.provider = provider;
		}

		void call(VirtualTime time) {
			try {
				this.provider.resolve();
				if (this.failing) {
					this.failing = false;
					this.recoveredAt = time.millis();
				}
			}
			catch (RuntimeException ex) {
				this.failedCalls++;
				this.failing = true;
			}
			time.schedule(() -> call(time), CALLER_INTERVAL.toMillis());
		}

	}

	/**
	 * A role's credentials provider, as the simulation sees it.
	 */
	private interface Provider {

		/**
		 * Credentials for a call.
		 * @throws RuntimeException if there are none to serve
		 */
		void resolve();

		/**
		 * Whether it holds credentials that are neither stale nor expired.
		 */
		boolean fresh();

		/**
		 * Epoch milliseconds when its credentials expire, or -1 without credentials.
		 */
		long expiresAt();

		/**
		 * Epoch milliseconds when it next refreshes, or -1 if nothing is planned.
		 */
		long nextRefresh();

	}

	private record EngineRole(RefreshEngine engine) implements Provider {

		@Override
		public void resolve() {
			this.engine.resolve();
		}

		@Override
		public boolean fresh() {
			RefreshState state = this.engine.status().state();
			return state == RefreshState.FRESH || state == RefreshState.REFRESHING || state == RefreshState.BACKING_OFF;
		}

		@Override
		public long expiresAt() {
			Instant expiration = this.engine.status().expiration();
			return (expiration != null) ? expiration.toEpochMilli() : -1;
		}

		@Override
		public long nextRefresh() {
			Instant next = this.engine.status().nextAttempt();
			return (next != null) ? next.toEpochMilli() : -1;
		}

	}

	/**
	 * The timing of the plain SDK's {@code StsAssumeRoleCredentialsProvider} with its
	 * defaults (its {@code CachedSupplier}): a caller inside the prefetch window (5
	 * minutes before expiry) refreshes, and keeps the credentials it has if that fails; a
	 * caller inside the stale time (1 minute) refreshes and fails if that fails; nothing
	 * happens without a caller. One fetch per call at most; no backoff.
	 */
	private static final class PlainSdkRole implements Provider {

		private static final long PREFETCH = Duration.ofMinutes(5).toMillis();

		private static final long STALE = Duration.ofMinutes(1).toMillis();

		private final VirtualTime time;

		private final Sts sts;

		private long expiresAt = -1;

		PlainSdkRole(VirtualTime time, Sts sts) {
			this.time = time;
			this.sts = sts;
		}

		@Override
		public void resolve() {
			long now = this.time.millis();
			if (this.expiresAt < 0 || now >= this.expiresAt - STALE) {
				// A failure is the caller's.
				this.expiresAt = this.sts.fetch().expirationTime().orElseThrow().toEpochMilli();
			}
			else if (now >= this.expiresAt - PREFETCH) {
				try {
					this.expiresAt = this.sts.fetch().expirationTime().orElseThrow().toEpochMilli();
				}
				catch (RuntimeException ex) {
					// Served what it has until the stale time.
				}
			}
		}

		@Override
		public boolean fresh() {
			return this.expiresAt >= 0 && this.time.millis() < this.expiresAt - STALE;
		}

		@Override
		public long expiresAt() {
			return this.expiresAt;
		}

		@Override
		public long nextRefresh() {
			return (this.expiresAt >= 0) ? this.expiresAt - PREFETCH : -1;
		}

	}

	/**
	 * STS on virtual time: counts requests per second, fails them during an outage, and
	 * throttles those beyond {@link #STS_QUOTA} in a second.
	 */
	private static final class Sts implements CredentialsFetcher {

		private static final RuntimeException UNAVAILABLE = failure("STS unavailable (simulated outage)");

		private static final RuntimeException THROTTLED = failure("STS answered Throttling (simulated quota)");

		private final VirtualTime time;

		private final long origin;

		private final Duration duration;

		final IntList requests = new IntList();

		int throttled;

		long outageFrom = Long.MAX_VALUE;

		long outageUntil = Long.MAX_VALUE;

		private long keys;

		Sts(VirtualTime time, long origin, Duration duration) {
			this.time = time;
			this.origin = origin;
			this.duration = duration;
		}

		@Override
		public AwsSessionCredentials fetch() {
			long now = this.time.millis();
			int second = (int) ((now - this.origin) / 1000);
			int inSecond = this.requests.increment(second);
			if (now >= this.outageFrom && now < this.outageUntil) {
				throw UNAVAILABLE;
			}
			if (inSecond > STS_QUOTA) {
				this.throttled++;
				throw THROTTLED;
			}
			this.keys++;
			return AwsSessionCredentials.builder()
				.accessKeyId("ASIA" + this.keys)
				.secretAccessKey("simulated")
				.sessionToken("simulated")
				.expirationTime(Instant.ofEpochMilli(now).plus(this.duration))
				.build();
		}

		private static RuntimeException failure(String message) {
			// Thrown thousands of times: no stack trace to fill.
			return new RuntimeException(message, null, false, false) {

			};
		}

	}

	/**
	 * A growable array of counts.
	 */
	private static final class IntList {

		private int[] values = new int[4096];

		private int size;

		int increment(int index) {
			if (index >= this.values.length) {
				this.values = java.util.Arrays.copyOf(this.values, Math.max(index + 1, this.values.length * 2));
			}
			this.size = Math.max(this.size, index + 1);
			return ++this.values[index];
		}

		int[] toArray() {
			return java.util.Arrays.copyOf(this.values, this.size);
		}

	}

}
