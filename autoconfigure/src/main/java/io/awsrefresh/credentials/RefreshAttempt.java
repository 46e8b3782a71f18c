package io.awsrefresh.credentials;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One attempt to fetch a role's credentials, as told to {@link RefreshListener}s. Holds
 * no secret.
 *
 * @param roleName role name
 * @param sourceKind where the role's credentials come from
 * @param trigger why the attempt was made
 * @param outcome whether it succeeded
 * @param attempt number of this attempt in the current run of failures: {@code 1} after a
 * success, {@code n} for the n-th attempt in a row while failing (so a success with
 * {@code attempt > 1} is a recovery)
 * @param startedAt when the attempt started
 * @param duration how long it took
 * @param expiration expiry of the credentials the role serves after this attempt: the new
 * ones after a success, the current ones (or {@code null} if none) after a failure
 * @param errorCode error code AWS answered with, such as {@code Throttling}, or
 * {@code null}
 * @param error short description of the failure, or {@code null} after a success
 * @param nextAttempt when the next attempt is scheduled: a background refresh after a
 * success, a retry after a failure
 * @since 0.1.0
 */
public record RefreshAttempt(String roleName, RoleSource.Kind sourceKind, Trigger trigger, Outcome outcome, int attempt,
		Instant startedAt, Duration duration, @Nullable Instant expiration, @Nullable String errorCode,
		@Nullable String error, Instant nextAttempt) {

	/**
	 * Whether the attempt obtained credentials.
	 * @return {@code true} on success
	 */
	public boolean succeeded() {
		return this.outcome == Outcome.SUCCESS;
	}

	/**
	 * Whether the attempt succeeded after one or more failed attempts.
	 * @return {@code true} on recovery
	 */
	public boolean recovered() {
		return succeeded() && this.attempt > 1;
	}

	/**
	 * Why an attempt was made.
	 */
	public enum Trigger {

		/**
		 * At startup, for a role with {@code defer-refresh: false}.
		 */
		INITIAL,

		/**
		 * The first use of a role with {@code defer-refresh: true}.
		 */
		FIRST_USE,

		/**
		 * The background refresh inside the prefetch window.
		 */
		SCHEDULED,

		/**
		 * A retry after a failed attempt, once its backoff elapsed.
		 */
		RETRY,

		/**
		 * A caller found the credentials stale with no failure pending (after the machine
		 * slept through the refresh, say).
		 */
		STALE,

		/**
		 * An AWS call was rejected with an expired or invalid token although the
		 * credentials looked valid (revoked, or a skewed clock).
		 */
		INVALIDATED

	}

	/**
	 * Outcome of an attempt.
	 */
	public enum Outcome {

		/**
		 * New credentials were obtained.
		 */
		SUCCESS,

		/**
		 * No credentials were obtained.
		 */
		FAILURE

	}

}
