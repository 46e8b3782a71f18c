package io.awsrefresh.credentials;

import java.util.regex.Pattern;

/**
 * Masks what looks like a credential in text that comes from elsewhere (a custom source's
 * exception, an HTTP client's message) before it becomes part of a message, log line,
 * event or health detail of this library: the value after a key that names a secret
 * ({@code secretAccessKey=...}, {@code "sessionToken": "..."}), a 40-character AWS secret
 * access key, and a long base64 run such as a session token. Text of this library's own
 * is written without secrets in the first place.
 */
final class SecretMasking {

	static final String MASK = "******";

	private static final Pattern NAMED_SECRET = Pattern.compile(
			"(?i)((?:secret|token|password|passwd|credential|assertion|private[-_]?key)[\\w-]*[\"']?\\s*[:=]\\s*[\"']?)"
					+ "[^\\s\"',;}&)]+");

	// Bounded by characters that cannot be part of the key, so that longer runs and
	// words are left alone.
	private static final Pattern SECRET_ACCESS_KEY = Pattern
		.compile("(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");

	private static final Pattern LONG_BASE64 = Pattern.compile("[A-Za-z0-9/+]{100,}={0,2}");

	private SecretMasking() {
	}

	/**
	 * The text with every credential-looking part replaced by {@value #MASK}.
	 * @param text the text
	 * @return the masked text
	 */
	static String mask(String text) {
		String masked = NAMED_SECRET.matcher(text).replaceAll("$1" + MASK);
		masked = LONG_BASE64.matcher(masked).replaceAll(MASK);
		return SECRET_ACCESS_KEY.matcher(masked).replaceAll(MASK);
	}

}
