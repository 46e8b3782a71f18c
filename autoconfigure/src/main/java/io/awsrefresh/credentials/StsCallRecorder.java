package io.awsrefresh.credentials;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/**
 * Watches the AssumeRole calls of one role's STS client: logs and counts each refresh and
 * each failure. The SDK keeps serving still-valid credentials when a background refresh
 * fails and says so only at DEBUG, so this is where such failures become visible. Nothing
 * secret is read: only the expiry of the new credentials. Never log
 * {@code context.request()} or {@code context.response()}: the SDK's {@code toString()}
 * of AssumeRole requests shows the MFA token code, and of responses the session token.
 */
final class StsCallRecorder implements ExecutionInterceptor, AutoCloseable {

	private static final Log logger = LogFactory.getLog(StsCallRecorder.class);

	private final String roleName;

	private final @Nullable String roleArn;

	private final AtomicLong refreshes = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private volatile @Nullable Instant expiration;

	private volatile @Nullable String lastFailure;

	private volatile boolean closed;

	StsCallRecorder(String roleName, @Nullable String roleArn) {
		this.roleName = roleName;
		this.roleArn = roleArn;
	}

	@Override
	public void afterExecution(Context.AfterExecution context, ExecutionAttributes executionAttributes) {
		if (context.response() instanceof AssumeRoleResponse response && response.credentials() != null) {
			Instant newExpiration = response.credentials().expiration();
			this.expiration = newExpiration;
			long count = this.refreshes.incrementAndGet();
			if (logger.isDebugEnabled()) {
				logger.debug(((count == 1) ? "Assumed role '" : "Refreshed credentials of role '") + this.roleName
						+ "' (" + this.roleArn + "); they expire at " + newExpiration);
			}
		}
	}

	@Override
	public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes executionAttributes) {
		String failure = StsFailures.describe(context.exception());
		if (this.closed) {
			// A background refresh that was already running when the role was closed
			// fails against the closed STS client: expected, and not worth a warning.
			logger.debug("Refresh of closed role '" + this.roleName + "' ended: " + failure);
			return;
		}
		this.failures.incrementAndGet();
		this.lastFailure = failure;
		Instant current = this.expiration;
		logger.warn("Refreshing credentials of role '" + this.roleName + "' (" + this.roleArn + ") failed: " + failure
				+ ((current != null) ? "; current credentials expire at " + current : ""));
	}

	/**
	 * Mark the role closed: later failures are shutdown noise.
	 */
	@Override
	public void close() {
		this.closed = true;
	}

	RefreshStatus status() {
		return new RefreshStatus(this.roleName, this.roleArn, this.expiration, this.refreshes.get(),
				this.failures.get(), this.lastFailure);
	}

}
