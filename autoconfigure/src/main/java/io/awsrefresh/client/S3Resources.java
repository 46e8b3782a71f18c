package io.awsrefresh.client;

import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.S3Utilities;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Builds S3's resource-level objects from the {@code s3} module: the presigner and the
 * utilities. Neither needs a client: presigning and building URLs happen locally.
 */
final class S3Resources {

	private S3Resources() {
	}

	/**
	 * A presigner that signs with the key's role, in its region and at its endpoint. The
	 * credentials it signs with must live at least the registry's minimum presign
	 * validity longer (see {@link PresignCredentials}).
	 */
	static Built presigner(ClientKey key, ClientFactory factory) {
		S3Presigner.Builder builder = S3Presigner.builder()
			.credentialsProvider(factory.presignCredentials(key.role()))
			.region(key.region())
			.serviceConfiguration(configuration(key));
		if (key.endpoint() != null) {
			builder.endpointOverride(key.endpoint());
		}
		S3Presigner presigner = builder.build();
		return new Built(presigner, presigner);
	}

	/**
	 * The utilities (object URLs, parsing S3 URIs) of the key's region and endpoint. They
	 * hold nothing to close.
	 */
	static Built utilities(ClientKey key) {
		S3Utilities.Builder builder = S3Utilities.builder().region(key.region()).s3Configuration(configuration(key));
		if (key.endpoint() != null) {
			builder.endpoint(key.endpoint());
		}
		return new Built(builder.build(), () -> {
		});
	}

	private static S3Configuration configuration(ClientKey key) {
		return S3Configuration.builder().pathStyleAccessEnabled(key.pathStyleAccess()).build();
	}

}
