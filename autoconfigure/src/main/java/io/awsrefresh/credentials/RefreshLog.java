package io.awsrefresh.credentials;

import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Logs one role's attempts so that an outage reads as a story, not a flood: one WARN when
 * the role starts failing, a reminder at most every {@code warnInterval} while it keeps
 * failing, one INFO when it recovers, and DEBUG for every attempt. Never a secret: only
 * role names, ARNs, error descriptions and times.
 */
final class RefreshLog implements RefreshListener {

	private static final Log logger = LogFactory.getLog(RefreshLog.class);

	private final String role;

	private final String obtained;

	private final Duration warnInterval;

	private final RefreshLogLimit limit;

	// Attempts of one role never overlap, but may run on different threads.
	private volatile boolean succeeded;

	private volatile @Nullable Instant failingSince;

	private volatile @Nullable Instant lastWarning;

	RefreshLog(String roleName, RoleSource source, Duration warnInterval, RefreshLogLimit limit) {
		this.role = "role '" + roleName + "' (" + source.describe() + ")";
		this.obtained = (source.kind() == RoleSource.Kind.ASSUME_ROLE) ? "Assumed " + this.role
				: "Obtained credentials of " + this.role;
		this.warnInterval = warnInterval;
		this.limit = limit;
	}

	@Override
	public void onAttempt(RefreshAttempt attempt) {
		if (attempt.succeeded()) {
			succeeded(attempt);
		}
		else {
			failed(attempt);
		}
	}

	private void succeeded(RefreshAttempt attempt) {
		Instant since = this.failingSince;
		boolean first = !this.succeeded;
		this.succeeded = true;
		this.failingSince = null;
		this.lastWarning = null;
		String expiry = "; they expire at " + attempt.expiration() + ", next refresh at " + attempt.nextAttempt();
		if (attempt.recovered()) {
			String message = (first ? this.obtained + " after "
					: "Refreshed credentials of " + this.role + " again after ") + (attempt.attempt() - 1)
					+ " failed attempt(s) since " + since + expiry;
			// Only lines that would be written count against the limit.
			if (logger.isInfoEnabled() && this.limit.allows(RefreshLogLimit.Line.RECOVERED)) {
				logger.info(message);
			}
			else {
				logger.debug(message);
			}
		}
		else if (logger.isDebugEnabled()) {
			logger.debug((first ? this.obtained : "Refreshed credentials of " + this.role) + " (" + attempt.trigger()
					+ ", " + attempt.duration().toMillis() + " ms)" + expiry);
		}
	}

	private void failed(RefreshAttempt attempt) {
		Instant now = attempt.startedAt().plus(attempt.duration());
		String current = (attempt.expiration() != null) ? "current credentials expire at " + attempt.expiration()
				: "no credentials yet";
		if (attempt.attempt() == 1) {
			this.failingSince = attempt.startedAt();
			this.lastWarning = now;
			warn(RefreshLogLimit.Line.FAILING, "Refreshing credentials of " + this.role + " failed: " + attempt.error()
					+ "; " + current + "; retrying with backoff, next attempt at " + attempt.nextAttempt());
			return;
		}
		Instant warned = this.lastWarning;
		if (warned == null || !now.isBefore(warned.plus(this.warnInterval))) {
			this.lastWarning = now;
			warn(RefreshLogLimit.Line.STILL_FAILING,
					"Credentials of " + this.role + " still fail to refresh: " + attempt.attempt() + " attempts since "
							+ this.failingSince + ", most recently: " + attempt.error() + "; " + current
							+ "; next attempt at " + attempt.nextAttempt());
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Attempt " + attempt.attempt() + " to refresh " + this.role + " failed: " + attempt.error()
					+ "; next attempt at " + attempt.nextAttempt());
		}
	}

	/**
	 * A warning, or DEBUG once the roles together reached their limit of lines.
	 */
	private void warn(RefreshLogLimit.Line line, String message) {
		if (logger.isWarnEnabled() && this.limit.allows(line)) {
			logger.warn(message);
		}
		else {
			logger.debug(message);
		}
	}

}
