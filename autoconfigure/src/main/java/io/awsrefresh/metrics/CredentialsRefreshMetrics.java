package io.awsrefresh.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.awsrefresh.credentials.RefreshAttempt;
import io.awsrefresh.credentials.RefreshListener;
import io.awsrefresh.credentials.RefreshStatus;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

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
 * meter registry exists (eager roles at startup) are counted too. Only configured roles
 * have meters: run-time roles, whose number has no bound, would make tags without one.
 *
 * @since 0.1.0
 */
public final class CredentialsRefreshMetrics implements RefreshListener, MeterBinder {

	private final Supplier<RoleCredentialsProviders> roles;

	private final Clock clock;

	private final Map<String, Durations> durations = new ConcurrentHashMap<>();

	/**
	 * Set once the meters are bound: from then on only the configured roles, which have
	 * meters, are timed. Run-time roles (a template's in each account, roles built in
	 * code) have none, as their number has no bound, and must not grow the map.
	 */
	private volatile boolean bound;

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
		Durations durations = this.bound ? this.durations.get(attempt.roleName())
				: this.durations.computeIfAbsent(attempt.roleName(), (name) -> new Durations());
		if (durations != null) {
			durations.add(attempt.duration().toNanos());
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
			Durations durations = this.durations.computeIfAbsent(name, (key) -> new Durations());
			FunctionTimer
				.builder("aws.refresh.credentials.refresh.duration", durations, (d) -> d.count.sum(),
						(d) -> d.totalNanos.sum(), TimeUnit.NANOSECONDS)
				.description("Time taken by attempts to fetch a role's credentials")
				.tags("role", name)
				.register(registry);
			Gauge.builder("aws.refresh.credentials.expiry", role, this::secondsUntilExpiry)
				.description("Time until a role's current credentials expire")
				.baseUnit("seconds")
				.tags("role", name)
				.register(registry);
		}
		this.durations.keySet().retainAll(roles.roleNames());
		this.bound = true;
	}

	/**
	 * The roles whose attempts are timed.
	 */
	Set<String> timedRoles() {
		return Set.copyOf(this.durations.keySet());
	}

	private double secondsUntilExpiry(RoleCredentialsProvider role) {
		RefreshStatus status = role.status();
		Instant expiration = status.expiration();
		return (expiration != null) ? (expiration.toEpochMilli() - this.clock.millis()) / 1000.0 : Double.NaN;
	}

	private static final class Durations {

		final LongAdder count = new LongAdder();

		final LongAdder totalNanos = new LongAdder();

		void add(long nanos) {
			this.count.increment();
			this.totalNanos.add(nanos);
		}

	}

}
