package io.awsrefresh.credentials;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Credentials of one configured role, kept fresh by the role's refresh engine (or, for
 * the source credentials used as they are, by their own provider). Safe to hand to any
 * number of SDK clients: it is deliberately not {@link AutoCloseable}, so closing a
 * client cannot close it; {@link RoleCredentialsProviders} owns its resources.
 *
 * @since 0.1.0
 */
public final class RoleCredentialsProvider implements AwsCredentialsProvider {

	private final String roleName;

	private final String tagName;

	private final RoleSource source;

	private final @Nullable RefreshEngine engine;

	private final @Nullable AwsCredentialsProvider direct;

	private RoleCredentialsProvider(RoleDefinition role, @Nullable RefreshEngine engine,
			@Nullable AwsCredentialsProvider direct) {
		this.roleName = role.name();
		this.tagName = role.tagName();
		this.source = role.source();
		this.engine = engine;
		this.direct = direct;
	}

	static RoleCredentialsProvider refreshing(RoleDefinition role, RefreshEngine engine) {
		return new RoleCredentialsProvider(role, engine, null);
	}

	static RoleCredentialsProvider direct(RoleDefinition role, AwsCredentialsProvider sourceCredentials) {
		return new RoleCredentialsProvider(role, null, sourceCredentials);
	}

	@Override
	public AwsCredentials resolveCredentials() {
		if (this.engine != null) {
			return this.engine.resolve();
		}
		try {
			return this.direct.resolveCredentials();
		}
		catch (RuntimeException ex) {
			throw new RoleCredentialsException(this.roleName, this.source, ex);
		}
	}

	/**
	 * Credentials that AWS accepts for at least {@code minimumValidity} more, where the
	 * role can have them: what a presigner needs, since a presigned URL stops working
	 * when the credentials that signed it expire. When those held expire sooner (a
	 * {@code prefetch-time} shorter than the minimum plans the refresh later than that)
	 * and the role is not failing, one refresh is made now and waited for, at most as
	 * long as a caller past the stale time waits; it is not made for credentials whose
	 * lifetime is under twice the minimum. While the role is failing, or if that refresh
	 * fails, the credentials held are answered: check their expiry when it matters. The
	 * source credentials used as they are, are answered as their provider gives them.
	 * @param minimumValidity how long the credentials should still be accepted
	 * @return the credentials
	 * @throws RoleCredentialsException if there are none and none could be fetched
	 */
	public AwsCredentials resolveCredentialsValidFor(Duration minimumValidity) {
		if (this.engine != null) {
			return this.engine.resolveValidFor(minimumValidity.toMillis());
		}
		return resolveCredentials();
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
	 * The role's name in meter and observation tags ({@link RoleDefinition#tagName()}).
	 * @return the tag name
	 */
	public String tagName() {
		return this.tagName;
	}

	/**
	 * ARN of the assumed role, or {@code null} when the role's credentials come from
	 * another source.
	 * @return the role ARN
	 */
	public @Nullable String roleArn() {
		return (this.source instanceof RoleSource.AssumeRole assumeRole) ? assumeRole.spec().roleArn() : null;
	}

	/**
	 * Where the role's credentials come from.
	 * @return the source kind
	 */
	public RoleSource.Kind sourceKind() {
		return this.source.kind();
	}

	/**
	 * Where the role's credentials stand, and its refresh history. Never calls STS.
	 * @return a snapshot of the role's status
	 */
	public RefreshStatus status() {
		if (this.engine != null) {
			return this.engine.status();
		}
		return RefreshStatus.builder(this.roleName, this.source.kind(), RefreshState.SOURCE_MANAGED).build();
	}

	/**
	 * Force one refresh if the credentials with this access key id are still the current
	 * ones: a call signed with them was rejected as expired or invalid.
	 */
	void invalidate(String accessKeyId) {
		if (this.engine != null) {
			this.engine.invalidate(accessKeyId);
		}
	}

	@Nullable RefreshEngine engine() {
		return this.engine;
	}

	@Override
	public String toString() {
		String source = switch (this.source.kind()) {
			case ASSUME_ROLE -> "roleArn=" + roleArn();
			case CUSTOM -> "customSource=" + ((RoleSource.Custom) this.source).name();
			case IOT_CERTIFICATE -> "iotRoleAlias=" + ((RoleSource.IotCertificate) this.source).spec().roleAlias();
			case SOURCE_CREDENTIALS -> "source credentials";
		};
		return "RoleCredentialsProvider[role=" + this.roleName + ", " + source + "]";
	}

}
