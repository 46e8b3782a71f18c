package io.awsrefresh.credentials;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns failures to obtain credentials into short, secret-free descriptions.
 *
 * @since 0.1.0
 */
public final class StsFailures {

	private StsFailures() {
	}

	/**
	 * A failure as it may be handed on to code that records it (a tracing handler, an
	 * event): itself when nothing in its chain looks like a credential, else a copy with
	 * the same stack traces in which it is masked. An AWS service exception stays an
	 * exception of its type with its error code; what it quotes of the request (the
	 * {@code x-amz-security-token} of the canonical request a
	 * {@code SignatureDoesNotMatch} shows) is masked.
	 * @param failure the failure
	 * @return the failure, or its masked copy
	 * @since 0.1.0
	 */
	public static Throwable masked(Throwable failure) {
		return SecretMasking.maskedCause(failure);
	}

	/**
	 * The error code AWS answered with, such as {@code AccessDenied}, or {@code null}
	 * when it never answered or answered without one.
	 */
	static @Nullable String errorCode(Throwable failure) {
		AwsServiceException service = serviceException(failure);
		AwsErrorDetails details = (service != null) ? service.awsErrorDetails() : null;
		return (details != null) ? details.errorCode() : null;
	}

	/**
	 * What went wrong, in words: what AWS answered, as it answered, or the failure's own
	 * message with anything that looks like a credential masked ({@link SecretMasking}),
	 * since a custom source, a credentials provider or an HTTP client may put one there.
	 */
	static String describe(RoleSource.Kind kind, Throwable failure) {
		try {
			RoleCredentialsException sourceRole = sourceRoleFailure(failure);
			if (sourceRole != null) {
				// A chained role's source role failed: its message names that role.
				return "its source role failed: " + sourceRole.getMessage();
			}
			return switch (kind) {
				case ASSUME_ROLE -> describe(failure);
				case CUSTOM -> SecretMasking.mask(failure.getClass().getSimpleName()
						+ ((failure.getMessage() != null) ? ": " + failure.getMessage() : ""));
				case IOT_CERTIFICATE -> SecretMasking.mask(describeIot(failure));
				case SOURCE_CREDENTIALS -> SecretMasking.mask(messageOrName(failure));
			};
		}
		catch (RuntimeException ex) {
			// A custom exception whose getMessage() fails must not stop the engine.
			return failure.getClass().getName();
		}
	}

	/**
	 * What an STS call's failure says, in words and without secrets: what AWS answered
	 * (with what it quotes of a refused value or of the request masked), or that STS
	 * could not be reached, or the failure's own message masked.
	 * @param failure the failure
	 * @return the description
	 */
	public static String describe(Throwable failure) {
		AwsServiceException service = serviceException(failure);
		if (service != null) {
			AwsErrorDetails details = service.awsErrorDetails();
			String code = (details != null) ? details.errorCode() : null;
			String message = (details != null && details.errorMessage() != null)
					? SecretMasking.maskAwsAnswer(details.errorMessage()) : null;
			if (code != null) {
				return "STS answered " + code + " (" + ((message != null) ? message + "; " : "") + "HTTP "
						+ service.statusCode() + ")";
			}
			// An answer in a shape the SDK could not read, from a proxy say.
			return "STS answered HTTP " + service.statusCode() + " without an error code"
					+ ((message != null) ? " (" + message + ")" : "");
		}
		if (isConnectionFailure(failure)) {
			return "STS could not be reached (" + SecretMasking.mask(String.valueOf(failure.getMessage())) + ")";
		}
		if (failure instanceof SdkClientException) {
			return "the STS call failed (" + SecretMasking.mask(String.valueOf(failure.getMessage())) + ")";
		}
		return SecretMasking.mask(failure.getClass().getSimpleName() + ": " + failure.getMessage());
	}

	/**
	 * The IoT fetcher words its own failures; a connection failure comes from the HTTP
	 * client as it is.
	 */
	private static String describeIot(Throwable failure) {
		if (isConnectionFailure(failure)) {
			return "the AWS IoT credentials provider could not be reached (" + failure.getMessage() + ")";
		}
		return messageOrName(failure);
	}

	/**
	 * A failure's message, or its class when it has none: never the word null.
	 */
	private static String messageOrName(Throwable failure) {
		String message = failure.getMessage();
		return (message != null) ? message : failure.getClass().getSimpleName();
	}

	static boolean isConnectionFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null
				&& !(cause instanceof RoleCredentialsException); cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException
					|| cause instanceof SocketTimeoutException || cause instanceof ApiCallTimeoutException
					|| cause instanceof ApiCallAttemptTimeoutException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The failure of a chained role's source role behind a failure, if any: the SDK may
	 * wrap what a credentials provider throws.
	 */
	static @Nullable RoleCredentialsException sourceRoleFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RoleCredentialsException sourceRole) {
				return sourceRole;
			}
		}
		return null;
	}

	/**
	 * Searches stop at a role's failure: the refresh engine never throws one for its own
	 * role, so it is a source role's, and a chained role must not be blamed for what STS
	 * answered its source role.
	 */
	private static @Nullable AwsServiceException serviceException(Throwable failure) {
		for (Throwable cause = failure; cause != null
				&& !(cause instanceof RoleCredentialsException); cause = cause.getCause()) {
			if (cause instanceof AwsServiceException service) {
				return service;
			}
		}
		return null;
	}

}
