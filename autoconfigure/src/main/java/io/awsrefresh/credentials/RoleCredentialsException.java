package io.awsrefresh.credentials;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when credentials for a role cannot be obtained: STS refused the role, could not
 * be reached, or the source credentials are missing. The message names the role and never
 * contains a secret.
 *
 * @since 0.1.0
 */
public class RoleCredentialsException extends RuntimeException {

	private final String roleName;

	private final @Nullable String roleArn;

	private final @Nullable String stsErrorCode;

	RoleCredentialsException(String roleName, @Nullable String roleArn, Throwable cause) {
		super(message(roleName, roleArn, cause), cause);
		this.roleName = roleName;
		this.roleArn = roleArn;
		this.stsErrorCode = StsFailures.errorCode(cause);
	}

	private static String message(String roleName, @Nullable String roleArn, Throwable cause) {
		if (roleArn == null) {
			return "Could not obtain credentials for role '" + roleName + "' (source credentials, no role-arn): "
					+ cause.getMessage();
		}
		return "Could not obtain credentials for role '" + roleName + "' (" + roleArn + "): "
				+ StsFailures.describe(cause);
	}

	/**
	 * Name of the role.
	 * @return the role name
	 */
	public String getRoleName() {
		return this.roleName;
	}

	/**
	 * ARN of the role, or {@code null} when the role uses the source credentials as they
	 * are.
	 * @return the role ARN
	 */
	public @Nullable String getRoleArn() {
		return this.roleArn;
	}

	/**
	 * Whether STS (or the network path to it) could not be reached.
	 * @return {@code true} for connection failures and timeouts
	 */
	public boolean isStsUnreachable() {
		return getCause() != null && StsFailures.isConnectionFailure(getCause());
	}

	/**
	 * Error code STS answered with, such as {@code AccessDenied}, or {@code null} when it
	 * did not answer.
	 * @return the STS error code
	 */
	public @Nullable String getStsErrorCode() {
		return this.stsErrorCode;
	}

}
