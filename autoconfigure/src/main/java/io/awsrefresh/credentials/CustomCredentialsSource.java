package io.awsrefresh.credentials;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Supplies temporary credentials for roles configured with
 * {@code custom-source: <bean name>}: Vault's AWS secrets engine, an internal credentials
 * broker, or anything else that hands out credentials with an expiry. The starter calls
 * it on its own refresh threads, one call at a time per role, and keeps the result fresh
 * exactly as it does assumed-role credentials: background refresh inside the prefetch
 * window, backoff after failures, stale credentials never handed out.
 * <p>
 * Implementations should bound their own calls (a hung call holds the role's single
 * refresh until it returns) and must never put a secret into an exception message, which
 * the starter logs.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CustomCredentialsSource {

	/**
	 * Fetch a new set of credentials.
	 * @param roleName name of the role they are for, so that one bean can serve several
	 * roles
	 * @return credentials whose {@link AwsSessionCredentials#expirationTime()} is set
	 * @throws Exception if no credentials can be obtained; the starter retries with
	 * backoff
	 */
	AwsSessionCredentials fetch(String roleName) throws Exception;

}
