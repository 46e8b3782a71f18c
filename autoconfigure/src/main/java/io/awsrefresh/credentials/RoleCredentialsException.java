package io.awsrefresh.credentials;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a role has no valid credentials to hand out: STS refused the role or could
 * not be reached, a custom source failed, or the source credentials are missing. While a
 * role keeps failing, callers get this at once, without a call to STS each. The message
 * names the role and what went wrong; a failure's own message is part of it with anything
 * that looks like a credential masked, and a cause whose message held one is kept as a
 * copy with its message masked.
 *
 * @since 0.1.0
 */
public class RoleCredentialsException extends RuntimeException {

	private final String roleName;

	private final RoleSource.Kind sourceKind;

	private final @Nullable String roleArn;

	private final @Nullable String stsErrorCode;

	RoleCredentialsException(String roleName, RoleSource source, Throwable cause) {
		this(roleName, source,
				"Could not obtain credentials for role '" + roleName + "' (" + source.describe() + "): "
						+ StsFailures.describe(source.kind(), cause),
				SecretMasking.maskedCause(cause), StsFailures.errorCode(cause));
	}

	RoleCredentialsException(String roleName, RoleSource source, String message, @Nullable Throwable cause,
			@Nullable String errorCode) {
		super(message, cause);
		this.roleName = roleName;
		this.sourceKind = source.kind();
		this.roleArn = (source instanceof RoleSource.AssumeRole assumeRole) ? assumeRole.spec().roleArn() : null;
		this.stsErrorCode = errorCode;
	}

	/**
	 * Name of the role.
	 * @return the role name
	 */
	public String getRoleName() {
		return this.roleName;
	}

	/**
	 * Where the role's credentials come from.
	 * @return the source kind
	 */
	public RoleSource.Kind getSourceKind() {
		return this.sourceKind;
	}

	/**
	 * ARN of the role, or {@code null} when the role is not assumed through STS.
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
	 * Error code AWS answered with, such as {@code AccessDenied}, or {@code null} when it
	 * did not answer.
	 * @return the error code
	 */
	public @Nullable String getStsErrorCode() {
		return this.stsErrorCode;
	}

}
