package io.awsrefresh.credentials;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Fetches a role's credentials with one STS {@code AssumeRole} call, asking for a fresh
 * MFA code each time when the role needs one.
 */
final class AssumeRoleFetcher implements CredentialsFetcher {

	private final String roleName;

	private final Supplier<StsClient> sts;

	private final AssumeRoleSpec spec;

	private final @Nullable MfaTokenProvider mfaTokenProvider;

	AssumeRoleFetcher(String roleName, Supplier<StsClient> sts, AssumeRoleSpec spec,
			@Nullable MfaTokenProvider mfaTokenProvider) {
		if (spec.serialNumber() != null && mfaTokenProvider == null) {
			throw new IllegalArgumentException(
					"Role '" + roleName + "' has an MFA serial number but no MfaTokenProvider was given");
		}
		this.roleName = roleName;
		this.sts = sts;
		this.spec = spec;
		this.mfaTokenProvider = mfaTokenProvider;
	}

	@Override
	public AwsSessionCredentials fetch() {
		// Never log the request or response: their toString() shows the MFA code and the
		// session token.
		AssumeRoleResponse response = this.sts.get().assumeRole(this.spec.toRequest(tokenCode()));
		Credentials credentials = response.credentials();
		if (credentials == null || credentials.expiration() == null) {
			throw new IllegalStateException("STS answered AssumeRole without credentials");
		}
		AwsSessionCredentials.Builder result = AwsSessionCredentials.builder()
			.accessKeyId(credentials.accessKeyId())
			.secretAccessKey(credentials.secretAccessKey())
			.sessionToken(credentials.sessionToken())
			.expirationTime(credentials.expiration());
		String accountId = accountId(response);
		if (accountId != null) {
			// Services with account-based endpoints (DynamoDB) route by it.
			result.accountId(accountId);
		}
		return result.build();
	}

	private @Nullable String tokenCode() {
		String serialNumber = this.spec.serialNumber();
		if (serialNumber == null || this.mfaTokenProvider == null) {
			return null;
		}
		return MfaTokenCodes.check(this.roleName, this.mfaTokenProvider.tokenCode(serialNumber));
	}

	/**
	 * The account of {@code arn:aws:sts::123456789012:assumed-role/name/session}.
	 */
	private static @Nullable String accountId(AssumeRoleResponse response) {
		if (response.assumedRoleUser() == null || response.assumedRoleUser().arn() == null) {
			return null;
		}
		String[] parts = response.assumedRoleUser().arn().split(":", 6);
		return (parts.length == 6 && parts[4].matches("\\d{12}")) ? parts[4] : null;
	}

}
