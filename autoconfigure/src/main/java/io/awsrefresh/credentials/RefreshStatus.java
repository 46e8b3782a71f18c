package io.awsrefresh.credentials;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Snapshot of a role's refresh history, free of secrets.
 *
 * @param roleName role name
 * @param roleArn ARN of the assumed role, or {@code null} when the role uses the source
 * credentials as they are
 * @param expiration expiry of the newest credentials, or {@code null} before the first
 * successful STS call
 * @param refreshes successful AssumeRole calls
 * @param failures failed AssumeRole calls (after the SDK's retries)
 * @param lastFailure description of the most recent failure, or {@code null}
 * @since 0.1.0
 */
public record RefreshStatus(String roleName, @Nullable String roleArn, @Nullable Instant expiration, long refreshes,
		long failures, @Nullable String lastFailure) {

}
