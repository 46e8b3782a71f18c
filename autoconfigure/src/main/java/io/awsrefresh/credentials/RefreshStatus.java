package io.awsrefresh.credentials;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Snapshot of a role's credentials and refresh history, free of secrets.
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

}
