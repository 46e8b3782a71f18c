package io.awsrefresh.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.awsrefresh.credentials.RefreshState;
import io.awsrefresh.credentials.RefreshStatus;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of every role's credentials, read from what the refresh engines already know: a
 * health check never calls STS.
 * <p>
 * UP while every role's credentials are served: fresh, being refreshed, not yet needed,
 * managed by their source, or held through a run of failed refreshes. Such a role says so
 * in its details: {@code BACKING_OFF} while its credentials are fresh, {@code STALE} once
 * they are inside their stale time and served until {@code servedUntil} (their expiry
 * less a safety margin), with the failures, the last error and the next attempt. DOWN
 * once a role has no usable credentials ({@code EXPIRED}): calls with that role fail.
 * <p>
 * Run-time roles (a template's role in an account, roles built in code) are summed up
 * under {@code runTimeRoles} while any is held: how many, how many in each state, and the
 * failing ones, those without usable credentials first, at most {@value #FAILING_SHOWN}.
 * They never make the service DOWN: one account that revoked its trust in the
 * application's role must not take every instance out of service. Reading them keeps none
 * from expiring for disuse.
 *
 * @since 0.1.0
 */
public final class AwsCredentialsHealthIndicator extends AbstractHealthIndicator {

	private static final Set<RefreshState> DOWN = EnumSet.of(RefreshState.EXPIRED);

	/**
	 * Failing run-time roles shown at most: a fleet's worth of accounts failing together
	 * would otherwise make a health response of megabytes.
	 */
	static final int FAILING_SHOWN = 10;

	/**
	 * Failing run-time roles in the order they are shown: without usable credentials
	 * first, then failing the longest.
	 */
	private static final Comparator<RefreshStatus> WORST_FIRST = Comparator
		.comparing((RefreshStatus status) -> status.state() != RefreshState.EXPIRED)
		.thenComparing(RefreshStatus::failingSince, Comparator.nullsLast(Comparator.naturalOrder()))
		.thenComparing(RefreshStatus::roleName);

	private final RoleCredentialsProviders roles;

	private final Clock clock;

	/**
	 * Create an indicator for every configured role.
	 * @param roles the roles' providers
	 * @param clock the clock that measures time left
	 */
	public AwsCredentialsHealthIndicator(RoleCredentialsProviders roles, Clock clock) {
		super("AWS credentials health check failed");
		this.roles = roles;
		this.clock = clock;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Instant now = this.clock.instant();
		boolean down = false;
		Map<String, Object> details = new LinkedHashMap<>();
		for (RefreshStatus status : this.roles.status()) {
			down |= DOWN.contains(status.state());
			details.put(status.roleName(), details(status, now));
		}
		(down ? builder.down() : builder.up()).withDetail("roles", details);
		List<RefreshStatus> runTimeRoles = this.roles.runTimeRoles()
			.stream()
			.map(RoleCredentialsProvider::status)
			.toList();
		if (!runTimeRoles.isEmpty()) {
			builder.withDetail("runTimeRoles", runTimeRoles(runTimeRoles, now));
		}
	}

	private static Map<String, Object> runTimeRoles(List<RefreshStatus> roles, Instant now) {
		Map<RefreshState, Integer> states = new EnumMap<>(RefreshState.class);
		roles.forEach((status) -> states.merge(status.state(), 1, Integer::sum));
		List<RefreshStatus> failing = roles.stream()
			.filter((status) -> status.consecutiveFailures() > 0)
			.sorted(WORST_FIRST)
			.toList();
		Map<String, Object> shown = new LinkedHashMap<>();
		failing.stream().limit(FAILING_SHOWN).forEach((status) -> shown.put(status.roleName(), details(status, now)));
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("held", roles.size());
		details.put("states", states);
		details.put("failingCount", failing.size());
		if (!shown.isEmpty()) {
			details.put("failing", shown);
		}
		return details;
	}

	private static Map<String, Object> details(RefreshStatus status, Instant now) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("state", status.state());
		details.put("source", status.sourceKind());
		putIfSet(details, "roleArn", status.roleArn());
		Instant expiration = status.expiration();
		if (expiration != null) {
			details.put("expiration", expiration);
			Duration left = Duration.between(now, expiration);
			details.put("timeLeft", (left.isNegative() ? Duration.ZERO : left).withNanos(0).toString());
		}
		putIfSet(details, "servedUntil", status.servedUntil());
		putIfSet(details, "lastSuccess", status.lastSuccess());
		if (status.lastFailure() != null) {
			Map<String, Object> failure = new LinkedHashMap<>();
			failure.put("time", status.lastFailure());
			putIfSet(failure, "errorCode", status.lastErrorCode());
			putIfSet(failure, "message", status.lastError());
			details.put("lastFailure", failure);
		}
		details.put("consecutiveFailures", status.consecutiveFailures());
		putIfSet(details, "failingSince", status.failingSince());
		putIfSet(details, "nextAttempt", status.nextAttempt());
		return details;
	}

	private static void putIfSet(Map<String, Object> details, String key, @Nullable Object value) {
		if (value != null) {
			details.put(key, value);
		}
	}

}
