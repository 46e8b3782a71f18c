package io.awsrefresh.event;

import io.awsrefresh.credentials.RefreshAttempt;

/**
 * A role obtained new credentials after one or more failed attempts.
 *
 * @since 0.1.0
 */
public final class CredentialsRecoveredEvent extends CredentialsRefreshEvent {

	/**
	 * Create the event.
	 * @param attempt the attempt
	 */
	public CredentialsRecoveredEvent(RefreshAttempt attempt) {
		super(attempt);
	}

}
