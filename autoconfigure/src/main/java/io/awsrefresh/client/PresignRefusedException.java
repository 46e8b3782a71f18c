package io.awsrefresh.client;

import java.time.Duration;
import java.time.Instant;

/**
 * A registry presigner refused to sign: the role's credentials expire too soon for the
 * URL to be of use. A presigned URL stops working when the credentials that signed it
 * expire, whatever validity it asked for. While STS answers, a role's credentials are
 * renewed long before this happens; it happens when STS has been failing for most of the
 * credentials' lifetime, or when they live too short for the minimum. The message names
 * the role and times, never the credentials.
 *
 * @since 0.1.0
 */
public class PresignRefusedException extends IllegalStateException {

	private final String role;

	private final Instant credentialsExpiration;

	/**
	 * Create an exception.
	 * @param role the role whose credentials were refused
	 * @param credentialsExpiration when they expire
	 * @param remaining how long they had left
	 * @param minimumValidity how long they must have left
	 */
	public PresignRefusedException(String role, Instant credentialsExpiration, Duration remaining,
			Duration minimumValidity) {
		this(role, credentialsExpiration, remaining, minimumValidity,
				"The role's refreshes are failing: see its refresh status.");
	}

	/**
	 * Create an exception that says why the credentials live too short.
	 * @param role the role whose credentials were refused
	 * @param credentialsExpiration when they expire
	 * @param remaining how long they had left
	 * @param minimumValidity how long they must have left
	 * @param why why they live too short, a sentence, without secrets
	 */
	public PresignRefusedException(String role, Instant credentialsExpiration, Duration remaining,
			Duration minimumValidity, String why) {
		super("Not presigning with role '" + role + "': its credentials expire at " + credentialsExpiration + ", in "
				+ remaining.toSeconds() + " s, and a presigned URL stops working when they do; the minimum is "
				+ minimumValidity.toSeconds() + " s (the registry's presignMinimumValidity). " + why);
		this.role = role;
		this.credentialsExpiration = credentialsExpiration;
	}

	/**
	 * The role whose credentials were refused.
	 * @return the role name
	 */
	public String getRole() {
		return this.role;
	}

	/**
	 * When the refused credentials expire.
	 * @return the expiry
	 */
	public Instant getCredentialsExpiration() {
		return this.credentialsExpiration;
	}

}
