package io.awsrefresh.credentials;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Checks MFA token codes before they reach STS, without ever echoing one.
 */
final class MfaTokenCodes {

	private static final Pattern TOKEN_CODE = Pattern.compile("\\d{6}");

	private MfaTokenCodes() {
	}

	static String check(String roleName, @Nullable String tokenCode) {
		// Codes read from a TOTP tool often end with a newline.
		String code = (tokenCode != null) ? tokenCode.strip() : null;
		if (code == null || !TOKEN_CODE.matcher(code).matches()) {
			throw new IllegalStateException(
					"MfaTokenProvider returned a token code for role '" + roleName + "' that is not six digits");
		}
		return code;
	}

}
