package io.awsrefresh.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.awsrefresh.credentials.RefreshState;
import io.awsrefresh.credentials.RefreshStatus;
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
 *
 * @since 0.1.0
 */
public final class AwsCredentialsHealthIndicator extends AbstractHealthIndicator {

	private static final Set<RefreshState> DOWN = EnumSet.of(RefreshState.EXPIRED);

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
