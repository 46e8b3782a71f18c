package io.awsrefresh.client;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;

/**
 * What the registry holds for a key: the instance it hands out and what closes it. A
 * service client closes itself; a resource-level object closes itself first and then the
 * client it was built on and owns (a transfer manager before the async client under it).
 * Neither ever closes the shared HTTP clients or a role's credentials.
 *
 * @param instance the client or resource handed out
 * @param closer closes the instance and what it owns
 * @param runTimeRole the credentials of the run-time role it was built for, or
 * {@code null} for a configured role: a run-time role can be let go of and made again
 * under the same name, and the client of the one let go of is not handed out for the new
 * one
 */
record Built(Object instance, AutoCloseable closer, @Nullable AwsCredentialsProvider runTimeRole) {

	Built(Object instance, AutoCloseable closer) {
		this(instance, closer, null);
	}

	Built forRunTimeRole(AwsCredentialsProvider role) {
		return new Built(this.instance, this.closer, role);
	}

	static Built client(SdkClient client) {
		return new Built(client, client);
	}

	/**
	 * A resource that owns the client it was built on.
	 * @param resource the resource
	 * @param resourceCloser closes the resource itself, or {@code null} if it holds
	 * nothing to close
	 * @param client the client under it
	 * @return the built resource, closed before its client
	 */
	static Built over(Object resource, @Nullable AutoCloseable resourceCloser, SdkClient client) {
		return new Built(resource, () -> {
			try {
				if (resourceCloser != null) {
					resourceCloser.close();
				}
			}
			finally {
				client.close();
			}
		});
	}

}
