package io.awsrefresh.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.awsrefresh.client.AwsClientInfo;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.credentials.RefreshState;
import io.awsrefresh.credentials.RefreshStatus;
import io.awsrefresh.credentials.RoleCredentialsException;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleSource;
import io.awsrefresh.credentials.StsFailures;
import io.awsrefresh.credentials.UnknownRoleException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The {@code awsclients} endpoint: the configured roles and the clients the registry
 * holds ({@code GET /actuator/awsclients}); one role with its caller identity, asked of
 * STS on demand ({@code GET /actuator/awsclients/{role}}); and eviction of evictable
 * clients, all of them ({@code DELETE /actuator/awsclients}) or one ({@code DELETE
 * /actuator/awsclients/{id}}). Nothing here shows a secret.
 *
 * @since 0.1.0
 */
@Endpoint(id = "awsclients")
public final class AwsClientsEndpoint {

	private final RoleCredentialsProviders roles;

	private final AwsClientRegistry registry;

	/**
	 * Create the endpoint.
	 * @param roles the roles' providers
	 * @param registry the client registry
	 */
	public AwsClientsEndpoint(RoleCredentialsProviders roles, AwsClientRegistry registry) {
		this.roles = roles;
		this.registry = registry;
	}

	/**
	 * The roles and the clients held.
	 * @return the roles, the clients and the registry's counts
	 */
	@ReadOperation
	public AwsClientsDescriptor clients() {
		List<RoleDescriptor> roles = this.roles.status().stream().map(RoleDescriptor::of).toList();
		List<ClientDescriptor> clients = this.registry.clients().stream().map(ClientDescriptor::of).toList();
		return new AwsClientsDescriptor(roles, this.roles.runTimeRoleCount(), clients, this.registry.hits(),
				this.registry.misses(), this.registry.builds(), this.registry.evictions());
	}

	/**
	 * One role, with the identity AWS sees for its credentials (STS
	 * {@code GetCallerIdentity}, one call per request).
	 * @param role the role name
	 * @return the role, or {@code null} (404) if no such role is configured
	 */
	@ReadOperation
	public @Nullable RoleIdentityDescriptor role(@Selector String role) {
		RoleCredentialsProvider provider;
		try {
			provider = this.roles.get(role);
		}
		catch (UnknownRoleException ex) {
			return null;
		}
		RoleDescriptor descriptor = RoleDescriptor.of(provider.status());
		try {
			GetCallerIdentityResponse identity = this.registry.client(StsClient.class, role).getCallerIdentity();
			return new RoleIdentityDescriptor(descriptor, identity.account(), identity.arn(), identity.userId(), null);
		}
		catch (SdkException | RoleCredentialsException ex) {
			// STS refused, or the role has no valid credentials to ask with.
			// What STS quotes of the request may hold the role's session token.
			return new RoleIdentityDescriptor(descriptor, null, null, null,
					(ex instanceof RoleCredentialsException) ? ex.getMessage() : StsFailures.describe(ex));
		}
	}

	/**
	 * Evict and close every evictable client; clients handed out by injection stay.
	 * @return how many were evicted
	 */
	@DeleteOperation
	public EvictionDescriptor evictAll() {
		return new EvictionDescriptor(this.registry.evictAll());
	}

	/**
	 * Evict and close one evictable client.
	 * @param id the client's id, such as {@code S3Client:default:eu-west-2}, in the
	 * segments of the path that follow the endpoint's: the id of a client of a role built
	 * in code holds the role's ARN, and so a {@code /}
	 * ({@code S3Client:arn:aws:iam::333333333333:role/Partner#...:eu-west-3})
	 * @return how many were evicted: one, or none if no evictable client has that id
	 */
	@DeleteOperation
	public EvictionDescriptor evict(@Selector(match = Selector.Match.ALL_REMAINING) String... id) {
		return new EvictionDescriptor(this.registry.evict(String.join("/", id)) ? 1 : 0);
	}

	/**
	 * The roles and clients.
	 *
	 * @param roles every configured role
	 * @param runTimeRoles how many run-time roles (templates in an account, roles built
	 * in code) are held; their clients are among the clients
	 * @param clients every client held
	 * @param hits lookups answered with a held client
	 * @param misses lookups that built a client or waited for one
	 * @param builds clients built
	 * @param evictions clients evicted (evictable ones, and the pinned ones of run-time
	 * roles that are gone)
	 */
	public record AwsClientsDescriptor(List<RoleDescriptor> roles, long runTimeRoles, List<ClientDescriptor> clients,
			long hits, long misses, long builds, long evictions) implements OperationResponseBody {

	}

	/**
	 * A role as operators see it.
	 *
	 * @param name the role name
	 * @param source where its credentials come from
	 * @param roleArn the assumed role, or {@code null}
	 * @param state where its credentials stand
	 * @param expiration when its current credentials expire, or {@code null}
	 */
	public record RoleDescriptor(String name, RoleSource.Kind source, @Nullable String roleArn, RefreshState state,
			@Nullable Instant expiration) implements OperationResponseBody {

		static RoleDescriptor of(RefreshStatus status) {
			return new RoleDescriptor(status.roleName(), status.sourceKind(), status.roleArn(), status.state(),
					status.expiration());
		}

	}

	/**
	 * A role and the identity AWS sees for it.
	 *
	 * @param role the role
	 * @param account the AWS account, or {@code null} if STS could not be asked
	 * @param arn the caller's ARN (an assumed-role session for assumed roles), or
	 * {@code null}
	 * @param userId the caller's unique id, or {@code null}
	 * @param error why STS could not be asked, or {@code null}
	 */
	public record RoleIdentityDescriptor(RoleDescriptor role, @Nullable String account, @Nullable String arn,
			@Nullable String userId, @Nullable String error) implements OperationResponseBody {

	}

	/**
	 * A client the registry holds.
	 *
	 * @param id the client's id, for eviction
	 * @param type the client interface, such as {@code S3Client}
	 * @param role the role whose credentials it carries
	 * @param region its region
	 * @param endpoint its endpoint override, or {@code null}
	 * @param pinned whether it is kept until shutdown
	 * @param created when it was built
	 * @param idle for an evictable client, how long since it was last asked for
	 */
	public record ClientDescriptor(String id, String type, String role, String region, @Nullable String endpoint,
			boolean pinned, Instant created, @Nullable Duration idle) {

		static ClientDescriptor of(AwsClientInfo client) {
			return new ClientDescriptor(client.id(), client.type(), client.role(), client.region().id(),
					(client.endpoint() != null) ? client.endpoint().toString() : null, client.pinned(),
					client.created(), client.idle());
		}

	}

	/**
	 * The result of an eviction.
	 *
	 * @param evicted how many clients were evicted and closed
	 */
	public record EvictionDescriptor(int evicted) implements OperationResponseBody {

	}

}
