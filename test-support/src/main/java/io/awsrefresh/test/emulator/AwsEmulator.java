package io.awsrefresh.test.emulator;

import java.net.URI;

/**
 * A running local AWS emulator that answers the AWS APIs over HTTP on loopback.
 *
 * @since 0.1.0
 */
public interface AwsEmulator extends AutoCloseable {

	/**
	 * Name of the emulator, for messages ({@code moto} or {@code localstack}).
	 * @return the emulator name
	 */
	String name();

	/**
	 * Endpoint that every AWS service of the emulator answers on.
	 * @return the endpoint URI
	 */
	URI endpoint();

	/**
	 * Region to configure clients with.
	 * @return the region id
	 */
	default String region() {
		return "us-east-1";
	}

	/**
	 * Access key id of the emulator's root user; emulators accept any value.
	 * @return the access key id
	 */
	default String accessKeyId() {
		return "test";
	}

	/**
	 * Secret access key matching {@link #accessKeyId()}; not a real secret.
	 * @return the secret access key
	 */
	default String secretAccessKey() {
		return "test";
	}

	/**
	 * Stop the emulator and release everything it holds.
	 */
	@Override
	void close();

}
