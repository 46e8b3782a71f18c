package io.awsrefresh.credentials;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Snapshot of a role's credentials and refresh history, free of secrets. To make one (a
 * test of a health check or dashboard of your own, say), start from
 * {@link #builder(String, RoleSource.Kind, RefreshState)}: the canonical constructor
 * changes whenever a component is added.
 *
 * @param roleName role name
 * @param sourceKind where the role's credentials come from
 * @param roleArn ARN of the assumed role, or {@code null} for other sources
 * @param state where the credentials stand now
 * @param expiration expiry of the credentials the role serves, or {@code null} if none
 * @param servedUntil until when those credentials are served while refreshes fail (their
 * expiry less a safety margin), or {@code null} if none
 * @param lastSuccess when credentials were last obtained, or {@code null}
 * @param lastFailure when an attempt last failed, or {@code null}
 * @param lastError description of the most recent failure, or {@code null}
 * @param lastErrorCode error code of the most recent failure, such as
 * {@code AccessDenied}, or {@code null}
 * @param consecutiveFailures attempts that failed since the last success
 * @param failingSince when the current run of failures started, or {@code null} when the
 * last attempt succeeded
 * @param nextAttempt when the next fetch is scheduled, or {@code null}
 * @param refreshes successful fetches so far (the first one included)
 * @param failures failed fetches so far
 * @since 0.1.0
 */
public record RefreshStatus(String roleName, RoleSource.Kind sourceKind, @Nullable String roleArn, RefreshState state,
		@Nullable Instant expiration, @Nullable Instant servedUntil, @Nullable Instant lastSuccess,
		@Nullable Instant lastFailure, @Nullable String lastError, @Nullable String lastErrorCode,
		int consecutiveFailures, @Nullable Instant failingSince, @Nullable Instant nextAttempt, long refreshes,
		long failures) {

	/**
	 * Start a status with nothing known but the role and its state.
	 * @param roleName role name
	 * @param sourceKind where the role's credentials come from
	 * @param state where the credentials stand now
	 * @return a builder
	 */
	public static Builder builder(String roleName, RoleSource.Kind sourceKind, RefreshState state) {
		return new Builder(roleName, sourceKind, state);
	}

	/**
	 * Builds a {@link RefreshStatus}; whatever is not set is unknown ({@code null} or 0).
	 */
	public static final class Builder {

		private final String roleName;

		private final RoleSource.Kind sourceKind;

		private final RefreshState state;

		private @Nullable String roleArn;

		private @Nullable Instant expiration;

		private @Nullable Instant servedUntil;

		private @Nullable Instant lastSuccess;

		private @Nullable Instant lastFailure;

		private @Nullable String lastError;

		private @Nullable String lastErrorCode;

		private int consecutiveFailures;

		private @Nullable Instant failingSince;

		private @Nullable Instant nextAttempt;

		private long refreshes;

		private long failures;

		private Builder(String roleName, RoleSource.Kind sourceKind, RefreshState state) {
			this.roleName = roleName;
			this.sourceKind = sourceKind;
			this.state = state;
		}

		public Builder roleArn(@Nullable String roleArn) {
			this.roleArn = roleArn;
			return this;
		}

		/**
		 * The credentials the role serves.
		 * @param expiration their expiry
		 * @param servedUntil until when they are served while refreshes fail
		 * @return this builder
		 */
		public Builder credentials(@Nullable Instant expiration, @Nullable Instant servedUntil) {
			this.expiration = expiration;
			this.servedUntil = servedUntil;
			return this;
		}

		public Builder lastSuccess(@Nullable Instant lastSuccess) {
			this.lastSuccess = lastSuccess;
			return this;
		}

		/**
		 * The most recent failure.
		 * @param at when it happened
		 * @param error its description
		 * @param errorCode the error code AWS answered with, or {@code null}
		 * @return this builder
		 */
		public Builder lastFailure(@Nullable Instant at, @Nullable String error, @Nullable String errorCode) {
			this.lastFailure = at;
			this.lastError = error;
			this.lastErrorCode = errorCode;
			return this;
		}

		/**
		 * The current run of failures.
		 * @param consecutiveFailures attempts that failed since the last success
		 * @param failingSince when the run started, or {@code null} if there is none
		 * @return this builder
		 */
		public Builder failing(int consecutiveFailures, @Nullable Instant failingSince) {
			this.consecutiveFailures = consecutiveFailures;
			this.failingSince = failingSince;
			return this;
		}

		public Builder nextAttempt(@Nullable Instant nextAttempt) {
			this.nextAttempt = nextAttempt;
			return this;
		}

		/**
		 * The counts so far.
		 * @param refreshes successful fetches
		 * @param failures failed fetches
		 * @return this builder
		 */
		public Builder counts(long refreshes, long failures) {
			this.refreshes = refreshes;
			this.failures = failures;
			return this;
		}

		public RefreshStatus build() {
			return new RefreshStatus(this.roleName, this.sourceKind, this.roleArn, this.state, this.expiration,
					this.servedUntil, this.lastSuccess, this.lastFailure, this.lastError, this.lastErrorCode,
					this.consecutiveFailures, this.failingSince, this.nextAttempt, this.refreshes, this.failures);
		}

	}

}
