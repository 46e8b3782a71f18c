package io.awsrefresh.credentials;

import java.net.URI;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Masks what looks like a credential in text that comes from elsewhere (a custom source's
 * exception, an HTTP client's or the SDK's message) before it becomes part of a message,
 * log line, event or health detail of this library: the value after a key that names a
 * secret ({@code secretAccessKey=...}, {@code "sessionToken": "..."}), user info in a
 * URL, an {@code Authorization} scheme's token, a JSON web token, a 40-character AWS
 * secret access key and a long base64 run such as a session token. What AWS answers names
 * roles and accounts and is kept, but for a value it quotes as refused (an external id
 * STS finds invalid) and what it quotes of a request (the {@code x-amz-security-token}
 * header of the canonical request a {@code SignatureDoesNotMatch} shows): every rule
 * applies to it but the long base64 run, which would take an encoded authorization
 * message that {@code sts:DecodeAuthorizationMessage} reads. The rules leave words alone,
 * so that what explains a failure stays readable.
 */
final class SecretMasking {

	static final String MASK = "******";

	private static final String SECRET_NAME = "(?:secret|token|password|passwd|credential|assertion|private[-_]?key)"
			+ "[\\w-]*[\"']?\\s*[:=]\\s*";

	private static final Pattern QUOTED_NAMED_SECRET = Pattern
		.compile("(?i)(" + SECRET_NAME + ")([\"'])[^\"'\\r\\n]+\\2");

	// A value, not a word: it holds a digit or one of /+=@_, or is 16 characters long.
	private static final Pattern NAMED_SECRET = Pattern
		.compile("(?i)(" + SECRET_NAME + ")(?=[\\w/+=@.-]*[0-9/+=@_]|[\\w/+=@.-]{16})[\\w/+=@.-]+");

	private static final Pattern URL_USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@]+@");

	private static final Pattern AUTHORIZATION = Pattern.compile("(?i)\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/=-]+");

	private static final Pattern JSON_WEB_TOKEN = Pattern
		.compile("\\beyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

	// Exactly 40 characters with a digit, an upper and a lower case letter: an ARN's path
	// or a hex digest is not one.
	private static final Pattern SECRET_ACCESS_KEY = Pattern.compile("(?<![A-Za-z0-9/+=])"
			+ "(?=[A-Za-z0-9/+]{0,39}[0-9])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])"
			+ "[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");

	private static final Pattern LONG_BASE64 = Pattern.compile("[A-Za-z0-9/+_-]{100,}={0,2}");

	// What AWS quotes of a value it refuses: "Value '...' at 'externalId' failed to
	// satisfy constraint". The value may be a secret (an external id, a context
	// assertion, a token code).
	private static final Pattern REFUSED_VALUE = Pattern
		.compile("(?s)(Value ')(.*?)(' at '[\\w.\\[\\]-]+' failed to satisfy constraint)");

	private SecretMasking() {
	}

	/**
	 * The text with every credential-looking part replaced by {@value #MASK}.
	 * @param text the text
	 * @return the masked text
	 */
	static String mask(String text) {
		return LONG_BASE64.matcher(maskAwsAnswer(text)).replaceAll(MASK);
	}

	/**
	 * An endpoint as it may be shown: without the user info (a proxy's or an emulator's
	 * password) it may carry.
	 * @param endpoint the endpoint
	 * @return the endpoint without user info
	 */
	static @Nullable URI withoutUserInfo(@Nullable URI endpoint) {
		if (endpoint == null || endpoint.getRawUserInfo() == null) {
			return endpoint;
		}
		return URI.create(endpoint.toString().replace(endpoint.getRawUserInfo() + "@", ""));
	}

	/**
	 * What AWS answered, with the values it quotes as refused, and anything of the
	 * request it quotes that looks like a credential, replaced by {@value #MASK}; the
	 * rest, which names roles and accounts, stays as it is.
	 * @param text an AWS error message
	 * @return the masked message
	 */
	static String maskAwsAnswer(String text) {
		String masked = REFUSED_VALUE.matcher(text).replaceAll("$1" + MASK + "$3");
		masked = QUOTED_NAMED_SECRET.matcher(masked).replaceAll("$1$2" + MASK + "$2");
		masked = NAMED_SECRET.matcher(masked).replaceAll("$1" + MASK);
		masked = URL_USER_INFO.matcher(masked).replaceAll("$1" + MASK + "@");
		masked = AUTHORIZATION.matcher(masked).replaceAll("$1 " + MASK);
		masked = JSON_WEB_TOKEN.matcher(masked).replaceAll(MASK);
		return SECRET_ACCESS_KEY.matcher(masked).replaceAll(MASK);
	}

	/**
	 * A failure to keep as a cause: itself when no message in its chain (causes and
	 * suppressed failures) holds anything to mask, else a copy of the chain with masked
	 * messages and the same stack traces, so that a stack trace printed at startup shows
	 * no secret either. AWS's own exceptions are copied as AWS exceptions of the same
	 * type and error code; this library's own are kept, their messages and causes having
	 * been masked when they were made.
	 * @param failure the failure
	 * @return the failure, or its masked copy
	 */
	static Throwable maskedCause(Throwable failure) {
		return masked(failure, new IdentityHashMap<>());
	}

	private static Throwable masked(Throwable failure, Map<Throwable, Throwable> seen) {
		Throwable known = seen.get(failure);
		if (known != null) {
			return known;
		}
		seen.put(failure, failure);
		if (failure instanceof RoleCredentialsException) {
			return failure;
		}
		Throwable cause = failure.getCause();
		Throwable maskedCause = (cause != null && cause != failure) ? masked(cause, seen) : null;
		boolean changed = maskedCause != cause && cause != failure;
		Throwable[] suppressed = failure.getSuppressed();
		Throwable[] maskedSuppressed = new Throwable[suppressed.length];
		for (int i = 0; i < suppressed.length; i++) {
			maskedSuppressed[i] = masked(suppressed[i], seen);
			changed |= maskedSuppressed[i] != suppressed[i];
		}
		String message = failure.getMessage();
		Throwable copy;
		if (failure instanceof AwsServiceException service) {
			if (!changed && (message == null || maskAwsAnswer(message).equals(message))) {
				return failure;
			}
			copy = withAnswerMasked(service, maskedCause);
		}
		else {
			if (!changed && (message == null || mask(message).equals(message))) {
				return failure;
			}
			copy = new MaskedFailure(failure, (message != null) ? mask(message) : null, maskedCause);
		}
		for (Throwable each : maskedSuppressed) {
			copy.addSuppressed(each);
		}
		seen.put(failure, copy);
		return copy;
	}

	/**
	 * AWS's exception of the same type, status and error code, with what it quotes of a
	 * refused value or of the request masked, and the masked cause.
	 */
	private static AwsServiceException withAnswerMasked(AwsServiceException service, @Nullable Throwable cause) {
		AwsServiceException.Builder copy = service.toBuilder();
		AwsErrorDetails details = service.awsErrorDetails();
		if (details != null && details.errorMessage() != null) {
			copy.awsErrorDetails(details.toBuilder().errorMessage(maskAwsAnswer(details.errorMessage())).build());
		}
		copy.message(maskAwsAnswer(String.valueOf(service.getMessage()))).cause(cause);
		AwsServiceException masked = copy.build();
		masked.setStackTrace(service.getStackTrace());
		return masked;
	}

	/**
	 * A failure whose message held something to mask, in place of the original.
	 */
	static final class MaskedFailure extends RuntimeException {

		private MaskedFailure(Throwable original, String message, Throwable cause) {
			super(original.getClass().getName() + ((message != null) ? ": " + message : ""), cause, true, true);
			setStackTrace(original.getStackTrace());
		}

	}

}
