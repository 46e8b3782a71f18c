package io.awsrefresh.sample.identity;

import java.time.Instant;
import java.util.List;

import io.awsrefresh.client.AwsRole;
import io.awsrefresh.credentials.RefreshStatus;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code GET /identity}: who the default role and the read-only {@code reader} role call
 * AWS as, and when their current credentials expire.
 */
@RestController
class IdentityController {

	private final StsClient sts;

	private final StsClient readerSts;

	private final RoleCredentialsProviders roles;

	IdentityController(StsClient sts, @AwsRole("reader") StsClient readerSts, RoleCredentialsProviders roles) {
		this.sts = sts;
		this.readerSts = readerSts;
		this.roles = roles;
	}

	@GetMapping("/identity")
	List<RoleIdentity> identity() {
		return List.of(identity("default", this.sts), identity("reader", this.readerSts));
	}

	private RoleIdentity identity(String role, StsClient client) {
		String arn = client.getCallerIdentity().arn();
		RefreshStatus status = this.roles.get(role).status();
		return new RoleIdentity(role, arn, status.expiration(), status.refreshes());
	}

	/**
	 * One role's identity.
	 *
	 * @param role the role name
	 * @param arn the caller ARN STS reports
	 * @param credentialsExpireAt expiry of the role's current credentials
	 * @param stsCalls AssumeRole calls so far (the first fetch and each refresh)
	 */
	record RoleIdentity(String role, String arn, @Nullable Instant credentialsExpireAt, long stsCalls) {

	}

}
