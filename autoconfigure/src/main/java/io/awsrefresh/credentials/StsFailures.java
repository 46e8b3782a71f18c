package io.awsrefresh.credentials;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns STS failures into short, secret-free descriptions.
 */
final class StsFailures {

	private StsFailures() {
	}

	/**
	 * The STS error code of a failure, such as {@code AccessDenied}, or {@code null} when
	 * STS never answered.
	 */
	static @Nullable String errorCode(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof AwsServiceException service && service.awsErrorDetails() != null) {
				return service.awsErrorDetails().errorCode();
			}
		}
		return null;
	}

	static String describe(Throwable failure) {
		String errorCode = errorCode(failure);
		if (errorCode != null) {
			return "STS answered " + errorCode + " (" + serviceMessage(failure) + ")";
		}
		if (failure instanceof SdkClientException) {
			return "STS could not be reached (" + failure.getMessage() + ")";
		}
		return failure.getClass().getSimpleName() + ": " + failure.getMessage();
	}

	private static @Nullable String serviceMessage(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof AwsServiceException service && service.awsErrorDetails() != null) {
				return service.awsErrorDetails().errorMessage();
			}
		}
		return failure.getMessage();
	}

}
