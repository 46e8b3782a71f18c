package io.awsrefresh.credentials;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One attempt to fetch a role's credentials, as told to {@link RefreshListener}s. Holds
 * no secret. To make one (a test of a listener of your own, say), start from
 * {@link #builder(String, RoleSource.Kind, Trigger, Outcome)}: the canonical constructor
 * changes whenever a component is added.
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
	 * Start an attempt; {@code startedAt}, {@code duration} and {@code nextAttempt} must
	 * be set before {@link Builder#build()}.
	 * @param roleName role name
	 * @param sourceKind where the role's credentials come from
	 * @param trigger why the attempt was made
	 * @param outcome whether it succeeded
	 * @return a builder
	 */
	public static Builder builder(String roleName, RoleSource.Kind sourceKind, Trigger trigger, Outcome outcome) {
		return new Builder(roleName, sourceKind, trigger, outcome);
	}

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
		INVALIDATED,

		/**
		 * A presigner needed credentials that live longer than its minimum validity
		 * before the planned refresh would replace them (a prefetch time shorter than
		 * that minimum, or a source's short-lived credentials).
		 */
		PRESIGN

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

	/**
	 * Builds a {@link RefreshAttempt}: attempt 1 and no expiry or error unless set.
	 */
	public static final class Builder {

		private final String roleName;

		private final RoleSource.Kind sourceKind;

		private final Trigger trigger;

		private final Outcome outcome;

		private int attempt = 1;

		private @Nullable Instant startedAt;

		private @Nullable Duration duration;

		private @Nullable Instant expiration;

		private @Nullable String errorCode;

		private @Nullable String error;

		private @Nullable Instant nextAttempt;

		private Builder(String roleName, RoleSource.Kind sourceKind, Trigger trigger, Outcome outcome) {
			this.roleName = roleName;
			this.sourceKind = sourceKind;
			this.trigger = trigger;
			this.outcome = outcome;
		}

		/**
		 * The number of this attempt in the current run of failures.
		 * @param attempt 1 after a success, n for the n-th attempt in a row
		 * @return this builder
		 */
		public Builder attempt(int attempt) {
			this.attempt = attempt;
			return this;
		}

		/**
		 * When the attempt started and how long it took.
		 * @param startedAt when it started
		 * @param duration how long it took
		 * @return this builder
		 */
		public Builder timing(Instant startedAt, Duration duration) {
			this.startedAt = startedAt;
			this.duration = duration;
			return this;
		}

		public Builder expiration(@Nullable Instant expiration) {
			this.expiration = expiration;
			return this;
		}

		/**
		 * Why the attempt failed.
		 * @param error short description
		 * @param errorCode the error code AWS answered with, or {@code null}
		 * @return this builder
		 */
		public Builder error(@Nullable String error, @Nullable String errorCode) {
			this.error = error;
			this.errorCode = errorCode;
			return this;
		}

		public Builder nextAttempt(Instant nextAttempt) {
			this.nextAttempt = nextAttempt;
			return this;
		}

		/**
		 * The attempt.
		 * @return the attempt
		 * @throws IllegalStateException if its timing or next attempt is not set
		 */
		public RefreshAttempt build() {
			if (this.startedAt == null || this.duration == null || this.nextAttempt == null) {
				throw new IllegalStateException("An attempt needs its timing and its next attempt");
			}
			return new RefreshAttempt(this.roleName, this.sourceKind, this.trigger, this.outcome, this.attempt,
					this.startedAt, this.duration, this.expiration, this.errorCode, this.error, this.nextAttempt);
		}

	}

}
