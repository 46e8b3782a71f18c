package io.awsrefresh.credentials;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Credentials of one configured role, refreshed before they expire. Safe to hand to any
 * number of SDK clients: it is deliberately not {@link AutoCloseable}, so closing a
 * client cannot close it; {@link RoleCredentialsProviders} owns its resources.
 *
 * @since 0.1.0
 */
public final class RoleCredentialsProvider implements AwsCredentialsProvider {

	private final String roleName;

	private final @Nullable String roleArn;

	private final AwsCredentialsProvider delegate;

	private final Supplier<RefreshStatus> status;

	RoleCredentialsProvider(String roleName, @Nullable String roleArn, AwsCredentialsProvider delegate,
			Supplier<RefreshStatus> status) {
		this.roleName = roleName;
		this.roleArn = roleArn;
		this.delegate = delegate;
		this.status = status;
	}

	@Override
	public AwsCredentials resolveCredentials() {
		try {
			return this.delegate.resolveCredentials();
		}
		catch (RoleCredentialsException ex) {
			// A chained role's source role failed: that role is the one to name.
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new RoleCredentialsException(this.roleName, this.roleArn, ex);
		}
	}

	/**
	 * Name of the role ({@value RoleCredentialsProviders#DEFAULT_ROLE} for the default
	 * role).
	 * @return the role name
	 */
	public String roleName() {
		return this.roleName;
	}

	/**
	 * ARN of the assumed role, or {@code null} when the role uses the source credentials
	 * as they are.
	 * @return the role ARN
	 */
	public @Nullable String roleArn() {
		return this.roleArn;
	}

	/**
	 * Refresh history of this role.
	 * @return a snapshot of the role's refresh status
	 */
	public RefreshStatus status() {
		return this.status.get();
	}

	@Override
	public String toString() {
		return "RoleCredentialsProvider[role=" + this.roleName
				+ ((this.roleArn != null) ? ", roleArn=" + this.roleArn : ", source credentials") + "]";
	}

}
