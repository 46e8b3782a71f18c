package io.awsrefresh.event;

import io.awsrefresh.credentials.RefreshAttempt;

/**
 * An attempt to obtain a role's credentials failed; the attempt says when the next one is
 * due.
 *
 * @since 0.1.0
 */
public final class CredentialsRefreshFailedEvent extends CredentialsRefreshEvent {

	/**
	 * Create the event.
	 * @param attempt the attempt
	 */
	public CredentialsRefreshFailedEvent(RefreshAttempt attempt) {
		super(attempt);
	}

}
