package io.awsrefresh.credentials;

import java.util.regex.Pattern;

/**
 * Checks MFA token codes before they reach STS, without ever echoing one.
 */
final class MfaTokenCodes {

	private static final Pattern TOKEN_CODE = Pattern.compile("\\d{6}");

	private MfaTokenCodes() {
	}

	static String check(String roleName, String tokenCode) {
		if (tokenCode == null || !TOKEN_CODE.matcher(tokenCode).matches()) {
			throw new IllegalStateException(
					"MfaTokenProvider returned a token code for role '" + roleName + "' that is not six digits");
		}
		return tokenCode;
	}

}
