package io.awsrefresh.credentials;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Hands a shared provider to an SDK client without giving the client a way to close it:
 * {@code SdkClient.close()} closes the credentials provider its builder was given.
 */
final class NonClosingCredentialsProvider implements AwsCredentialsProvider {

	private final AwsCredentialsProvider delegate;

	private NonClosingCredentialsProvider(AwsCredentialsProvider delegate) {
		this.delegate = delegate;
	}

	static AwsCredentialsProvider of(AwsCredentialsProvider delegate) {
		return (delegate instanceof AutoCloseable) ? new NonClosingCredentialsProvider(delegate) : delegate;
	}

	@Override
	public AwsCredentials resolveCredentials() {
		return this.delegate.resolveCredentials();
	}

	@Override
	public String toString() {
		return this.delegate.toString();
	}

}
