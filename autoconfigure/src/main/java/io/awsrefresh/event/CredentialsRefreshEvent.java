package io.awsrefresh.event;

import io.awsrefresh.credentials.RefreshAttempt;

import org.springframework.context.ApplicationEvent;

/**
 * Something happened to a role's credentials. Listen for this type to see every attempt,
 * or for one of its subtypes.
 *
 * @since 0.1.0
 */
public abstract sealed class CredentialsRefreshEvent extends ApplicationEvent
		permits CredentialsRefreshedEvent, CredentialsRefreshFailedEvent, CredentialsRecoveredEvent {

	CredentialsRefreshEvent(RefreshAttempt attempt) {
		super(attempt);
	}

	/**
	 * The attempt: role, trigger, outcome, timing, error and next attempt.
	 * @return the attempt
	 */
	public RefreshAttempt getAttempt() {
		return (RefreshAttempt) getSource();
	}

	/**
	 * The role the attempt was for.
	 * @return the role name
	 */
	public String getRoleName() {
		return getAttempt().roleName();
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + getAttempt() + "]";
	}

}
