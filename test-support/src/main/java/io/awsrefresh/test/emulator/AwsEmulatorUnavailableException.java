package io.awsrefresh.test.emulator;

/**
 * Thrown when no local AWS emulator can be started on this machine.
 *
 * @since 0.1.0
 */
public class AwsEmulatorUnavailableException extends RuntimeException {

	AwsEmulatorUnavailableException(String message) {
		super(message);
	}

	AwsEmulatorUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
