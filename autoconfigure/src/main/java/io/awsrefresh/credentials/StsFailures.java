package io.awsrefresh.credentials;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
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
		AwsErrorDetails details = errorDetails(failure);
		return (details != null) ? details.errorCode() : null;
	}

	static String describe(Throwable failure) {
		AwsErrorDetails details = errorDetails(failure);
		if (details != null) {
			return "STS answered " + details.errorCode() + " (" + details.errorMessage() + ")";
		}
		if (isConnectionFailure(failure)) {
			return "STS could not be reached (" + failure.getMessage() + ")";
		}
		if (failure instanceof SdkClientException) {
			return "the STS call failed (" + failure.getMessage() + ")";
		}
		return failure.getClass().getSimpleName() + ": " + failure.getMessage();
	}

	static boolean isConnectionFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.net.ConnectException || cause instanceof java.net.UnknownHostException
					|| cause instanceof java.net.SocketTimeoutException
					|| cause instanceof software.amazon.awssdk.core.exception.ApiCallTimeoutException
					|| cause instanceof software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable AwsErrorDetails errorDetails(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof AwsServiceException service && service.awsErrorDetails() != null) {
				return service.awsErrorDetails();
			}
		}
		return null;
	}

}
