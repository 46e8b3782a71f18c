package io.awsrefresh.event;

import io.awsrefresh.credentials.RefreshAttempt;

/**
 * A role obtained new credentials, and its previous attempt had not failed.
 *
 * @since 0.1.0
 */
public final class CredentialsRefreshedEvent extends CredentialsRefreshEvent {

	/**
	 * Create the event.
	 * @param attempt the attempt
	 */
	public CredentialsRefreshedEvent(RefreshAttempt attempt) {
		super(attempt);
	}

}
