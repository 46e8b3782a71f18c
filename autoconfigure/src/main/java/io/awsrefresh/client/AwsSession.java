package io.awsrefresh.client;

import java.time.Instant;
import java.util.function.Supplier;

import io.awsrefresh.credentials.RefreshStatus;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.credentials.UnknownRoleException;
import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * One role and a default region, from which clients, the role's credentials and its
 * identity come: what a boto3 {@code Session} holds. Clients come from the
 * {@link AwsClientRegistry}, so the same type, role and region is the same instance: a
 * session's S3 client is the one {@code registry.client(S3Client.class, role)} hands out,
 * in the region of {@code aws.refresh.services.s3.region} where that is set, until the
 * session is moved to a region with {@link #inRegion(Region)}. Sessions are cheap views:
 * make one per use if you like.
 *
 * @since 0.1.0
 */
public final class AwsSession {

	private static final int MAX_ATTEMPTS = 10;

	private final AwsClientRegistry registry;

	private final Supplier<RoleCredentialsProvider> role;

	/**
	 * The region every client of the session is in, set by {@link #inRegion(Region)};
	 * {@code null}: each client type's default region, as injection hands it out.
	 */
	private final @Nullable Region region;

	AwsSession(AwsClientRegistry registry, Supplier<RoleCredentialsProvider> role, @Nullable Region region) {
		this.registry = registry;
		this.role = role;
		this.region = region;
	}

	/**
	 * The role's client of a type in the session's region: in a session the registry
	 * made, the type's default region (the region of its service where
	 * {@code aws.refresh.services.<id>.region} sets one, else the default region), the
	 * client injection hands out for the role; in a session moved with
	 * {@link #inRegion(Region)}, that region.
	 * @param <T> the client type
	 * @param type a client interface such as {@code S3Client.class}, or a resource-level
	 * type such as {@code S3Presigner.class}
	 * @return the shared client
	 */
	public <T> T client(Class<T> type) {
		Region pinned = this.region;
		return withRoleMadeAgain(() -> (pinned != null) ? this.registry.client(type, roleNameNow(), pinned)
				: this.registry.client(type, roleNameNow()));
	}

	/**
	 * The role's client of a type in another region.
	 * @param <T> the client type
	 * @param type a client interface such as {@code S3Client.class}, or a resource-level
	 * type such as {@code S3Presigner.class}
	 * @param region the region
	 * @return the shared client
	 */
	public <T> T client(Class<T> type, Region region) {
		return withRoleMadeAgain(() -> this.registry.client(type, roleNameNow(), region));
	}

	private String roleNameNow() {
		return this.role.get().roleName();
	}

	private <T> T withRoleMadeAgain(Supplier<T> client) {
		for (int attempt = 1;; attempt++) {
			try {
				return client.get();
			}
			catch (UnknownRoleException ex) {
				// A run-time role let go of between being asked for and its client
				// being built (more are in use than aws.refresh.run-time-roles.max-size
				// holds): asked for again, it is made again.
				if (attempt >= MAX_ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	/**
	 * The same role with every client in a region, whatever region its service has of its
	 * own.
	 * @param region the region
	 * @return a session
	 */
	public AwsSession inRegion(Region region) {
		return new AwsSession(this.registry, this.role, region);
	}

	/**
	 * The role's name: a configured role's, {@code template@account} for a template's
	 * role, the ARN and a digest for a role built in code.
	 * @return the role name
	 */
	public String roleName() {
		return this.role.get().roleName();
	}

	/**
	 * The session's default region: the one {@link #inRegion(Region)} set, else the
	 * registry's default region (a service with a region of its own keeps it).
	 * @return the region
	 */
	public Region region() {
		return (this.region != null) ? this.region : this.registry.defaultRegion();
	}

	/**
	 * The role's self-refreshing credentials.
	 * @return the credentials provider
	 */
	public RoleCredentialsProvider credentials() {
		return this.role.get();
	}

	/**
	 * When the role's current credentials expire. Never calls STS.
	 * @return the expiry, or {@code null} before the first fetch
	 */
	public @Nullable Instant expiration() {
		return status().expiration();
	}

	/**
	 * The role's refresh status. Never calls STS.
	 * @return the status
	 */
	public RefreshStatus status() {
		return this.role.get().status();
	}

	/**
	 * Who AWS sees: STS {@code GetCallerIdentity} through the role's credentials, one
	 * call each time.
	 * @return the account, ARN and user id
	 */
	public GetCallerIdentityResponse whoami() {
		return client(StsClient.class).getCallerIdentity();
	}

	@Override
	public String toString() {
		return "AwsSession[role=" + roleName() + ", region=" + region() + "]";
	}

}
