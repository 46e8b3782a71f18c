package io.awsrefresh.client;

import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * Builds the transfer manager from the {@code s3-transfer-manager} module.
 */
final class S3TransferManagerResources {

	private S3TransferManagerResources() {
	}

	/**
	 * A transfer manager over an async client of its own, built like the registry's
	 * {@code S3AsyncClient} (the role's credentials, the shared HTTP client, the
	 * customizers) with multipart transfers on: the SDK's Java client uploads and
	 * downloads large objects in parts only then. Its work runs on the shared completion
	 * executor rather than a pool of its own. Closing it closes the manager, then its
	 * client; a closed transfer manager does not close a client it was given.
	 */
	static Built transferManager(ClientKey key, ClientFactory factory) {
		S3AsyncClient client = (S3AsyncClient) factory.build(key.withType(S3AsyncClient.class),
				(builder) -> ((S3AsyncClientBuilder) builder).multipartEnabled(true));
		try {
			S3TransferManager transferManager = S3TransferManager.builder()
				.s3Client(client)
				.executor(factory.executor())
				.build();
			return Built.over(transferManager, transferManager, client);
		}
		catch (RuntimeException | Error ex) {
			client.close();
			throw ex;
		}
	}

}
