package io.awsrefresh.credentials;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Hands a shared provider to an SDK client without giving the client a way to close it:
 * {@code SdkClient.close()} closes the credentials provider its builder was given.
 *
 * @since 0.1.0
 */
public final class NonClosingCredentialsProvider implements AwsCredentialsProvider {

	private final AwsCredentialsProvider delegate;

	private NonClosingCredentialsProvider(AwsCredentialsProvider delegate) {
		this.delegate = delegate;
	}

	/**
	 * Wrap a provider if a client could close it.
	 * @param delegate the shared provider
	 * @return a provider that is not {@link AutoCloseable}
	 */
	public static AwsCredentialsProvider of(AwsCredentialsProvider delegate) {
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
