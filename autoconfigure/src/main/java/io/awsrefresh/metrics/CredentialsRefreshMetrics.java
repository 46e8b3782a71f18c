package io.awsrefresh.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.awsrefresh.credentials.RefreshAttempt;
import io.awsrefresh.credentials.RefreshListener;
import io.awsrefresh.credentials.RefreshState;
import io.awsrefresh.credentials.RefreshStatus;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Meters of every role's credentials, tagged {@code role}:
 * <ul>
 * <li>{@code aws.refresh.credentials.refreshes} (counter, tag {@code outcome}:
 * {@code success} or {@code failure}): fetch attempts;</li>
 * <li>{@code aws.refresh.credentials.refresh.duration} (timer): how long attempts
 * took;</li>
 * <li>{@code aws.refresh.credentials.expiry} (gauge, seconds): time until the current
 * credentials expire, negative once they have, NaN when there are none.</li>
 * </ul>
 * The meters read counts kept here and in each role's status, so attempts made before a
 * meter registry exists (eager roles at startup) are counted too.
 * <p>
 * Run-time roles (a template's role in each account, roles built in code) have no bound
 * on their number, so they are counted under the name they are tagged with: the
 * template's name, or {@code built-in-code}. Their attempts go to {@code refreshes} and
 * {@code refresh.duration} under that name, summed over every account and kept when a
 * role is evicted; {@code aws.refresh.credentials.run-time-roles} (gauge, tag
 * {@code state}) counts those held in each state. These meters appear with the first
 * attempt of a run-time role. Time until expiry has no run-time meter: the
 * {@code EXPIRED} count says how many have none usable.
 *
 * @since 0.1.0
 */
public final class CredentialsRefreshMetrics implements RefreshListener, MeterBinder {

	private final Supplier<RoleCredentialsProviders> roles;

	private final Clock clock;

	/**
	 * Attempts by role name: every role's until the meters are bound (which roles are
	 * configured is not known before), then the configured roles' only.
	 */
	private final Map<String, Tally> byRole = new ConcurrentHashMap<>();

	/**
	 * Attempts of run-time roles by tag name, from the binding on: as many as there are
	 * templates, and one for the roles built in code.
	 */
	private final Map<String, Tally> byRunTimeTag = new ConcurrentHashMap<>();

	private final CopyOnWriteArrayList<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	private final Object registering = new Object();

	private volatile @Nullable RoleCredentialsProviders bound;

	private volatile boolean runTimeSeen;

	/**
	 * Create the meters.
	 * @param roles supplies the roles' providers when the meters are bound (they are
	 * built after their listeners)
	 * @param clock the clock that measures time until expiry
	 */
	public CredentialsRefreshMetrics(Supplier<RoleCredentialsProviders> roles, Clock clock) {
		this.roles = roles;
		this.clock = clock;
	}

	@Override
	public void onAttempt(RefreshAttempt attempt) {
		RoleCredentialsProviders bound = this.bound;
		if (bound == null) {
			// Under the lock the binding folds these attempts under: an attempt counted
			// by role name once the binding has moved them would be left behind.
			synchronized (this.registering) {
				bound = this.bound;
				if (bound == null) {
					this.byRole.computeIfAbsent(attempt.roleName(), (name) -> new Tally()).add(attempt);
					return;
				}
			}
		}
		Tally configured = this.byRole.get(attempt.roleName());
		if (configured != null) {
			configured.add(attempt);
		}
		else {
			runTimeTally(bound, bound.tagNameOf(attempt.roleName())).add(attempt);
		}
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		RoleCredentialsProviders roles = this.roles.get();
		for (String name : roles.roleNames()) {
			RoleCredentialsProvider role = roles.get(name);
			FunctionCounter.builder("aws.refresh.credentials.refreshes", role, (r) -> r.status().refreshes())
				.description("Attempts to fetch a role's credentials")
				.tags("role", name, "outcome", "success")
				.register(registry);
			FunctionCounter.builder("aws.refresh.credentials.refreshes", role, (r) -> r.status().failures())
				.description("Attempts to fetch a role's credentials")
				.tags("role", name, "outcome", "failure")
				.register(registry);
			durations(this.byRole.computeIfAbsent(name, (key) -> new Tally()), name, registry);
			Gauge.builder("aws.refresh.credentials.expiry", role, this::secondsUntilExpiry)
				.description("Time until a role's current credentials expire")
				.baseUnit("seconds")
				.tags("role", name)
				.register(registry);
		}
		synchronized (this.registering) {
			// The same registry bound twice is one registry to register new meters with.
			this.registries.addIfAbsent(registry);
			if (this.bound == null) {
				// Attempts of run-time roles made before: counted under their tag names.
				for (String name : Set.copyOf(this.byRole.keySet())) {
					if (!roles.roleNames().contains(name)) {
						this.byRunTimeTag.computeIfAbsent(roles.tagNameOf(name), (tag) -> new Tally())
							.addAll(this.byRole.remove(name));
						this.runTimeSeen = true;
					}
				}
				this.bound = roles;
			}
			this.byRunTimeTag.forEach((tag, tally) -> runTimeMeters(tag, tally, registry));
			if (this.runTimeSeen) {
				runTimeRoleGauges(roles, registry);
			}
		}
	}

	/**
	 * The roles whose attempts are timed one by one.
	 */
	Set<String> timedRoles() {
		return Set.copyOf(this.byRole.keySet());
	}

	/**
	 * The tag names run-time roles are counted under.
	 */
	Set<String> runTimeTags() {
		return Set.copyOf(this.byRunTimeTag.keySet());
	}

	/**
	 * The tally of a tag name, created with its meters in every registry bound so far
	 * (the meters of every run-time role with the first).
	 */
	private Tally runTimeTally(RoleCredentialsProviders roles, String tag) {
		Tally tally = this.byRunTimeTag.get(tag);
		if (tally != null) {
			return tally;
		}
		synchronized (this.registering) {
			return this.byRunTimeTag.computeIfAbsent(tag, (key) -> {
				Tally created = new Tally();
				for (MeterRegistry registry : this.registries) {
					runTimeMeters(key, created, registry);
					if (!this.runTimeSeen) {
						runTimeRoleGauges(roles, registry);
					}
				}
				this.runTimeSeen = true;
				return created;
			});
		}
	}

	private static void runTimeMeters(String tag, Tally tally, MeterRegistry registry) {
		FunctionCounter.builder("aws.refresh.credentials.refreshes", tally, (t) -> t.successes.sum())
			.description("Attempts to fetch a role's credentials")
			.tags("role", tag, "outcome", "success")
			.register(registry);
		FunctionCounter.builder("aws.refresh.credentials.refreshes", tally, (t) -> t.failures.sum())
			.description("Attempts to fetch a role's credentials")
			.tags("role", tag, "outcome", "failure")
			.register(registry);
		durations(tally, tag, registry);
	}

	private static void durations(Tally tally, String tag, MeterRegistry registry) {
		FunctionTimer
			.builder("aws.refresh.credentials.refresh.duration", tally, (t) -> t.count.sum(), (t) -> t.totalNanos.sum(),
					TimeUnit.NANOSECONDS)
			.description("Time taken by attempts to fetch a role's credentials")
			.tags("role", tag)
			.register(registry);
	}

	private static void runTimeRoleGauges(RoleCredentialsProviders roles, MeterRegistry registry) {
		for (RefreshState state : RefreshState.values()) {
			Gauge.builder("aws.refresh.credentials.run-time-roles", roles, (r) -> held(r, state))
				.description("Run-time roles held (a template's role in an account, roles built in code), by state")
				.tags("state", state.name())
				.register(registry);
		}
	}

	private static double held(RoleCredentialsProviders roles, RefreshState state) {
		return roles.runTimeRoles().stream().filter((role) -> role.status().state() == state).count();
	}

	private double secondsUntilExpiry(RoleCredentialsProvider role) {
		RefreshStatus status = role.status();
		Instant expiration = status.expiration();
		return (expiration != null) ? (expiration.toEpochMilli() - this.clock.millis()) / 1000.0 : Double.NaN;
	}

	/**
	 * Attempts counted here: every one's duration, and for run-time roles, whose status
	 * goes with them when they are evicted, the outcomes too.
	 */
	private static final class Tally {

		final LongAdder count = new LongAdder();

		final LongAdder totalNanos = new LongAdder();

		final LongAdder successes = new LongAdder();

		final LongAdder failures = new LongAdder();

		void add(RefreshAttempt attempt) {
			this.count.increment();
			this.totalNanos.add(attempt.duration().toNanos());
			(attempt.succeeded() ? this.successes : this.failures).increment();
		}

		void addAll(Tally other) {
			this.count.add(other.count.sum());
			this.totalNanos.add(other.totalNanos.sum());
			this.successes.add(other.successes.sum());
			this.failures.add(other.failures.sum());
		}

	}

}
