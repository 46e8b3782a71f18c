package io.awsrefresh.credentials;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Fetches one new set of a role's credentials; the refresh engine decides when.
 */
@FunctionalInterface
interface CredentialsFetcher {

	/**
	 * Fetch new credentials.
	 * @return credentials with their expiration time
	 * @throws Exception if none can be obtained
	 */
	AwsSessionCredentials fetch() throws Exception;

}
