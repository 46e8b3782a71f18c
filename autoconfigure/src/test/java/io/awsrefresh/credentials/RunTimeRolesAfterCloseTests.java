package io.awsrefresh.credentials;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Run-time roles asked for once the providers are closed: nothing calls STS, as every
 * role defers its first fetch.
 */
class RunTimeRolesAfterCloseTests {

	/**
	 * RoleCredentialsProviders.close() closes the run-time roles' cache with
	 * invalidateAll() (CaffeineRunTimeRoles.close), but the cache stays usable: a
	 * forAccount or forRole afterwards (a request still running as the context closes, or
	 * one racing close) creates a role with an engine that nothing will close, and holds
	 * it. The registry's session(template, account) asks for the role without checking
	 * that the registry is open, so it does the same.
	 */
	@Test
	void aRunTimeRoleAskedForAfterCloseIsRefusedAndNotHeld() {
		StsEndpoint sts = new StsEndpoint(Region.EU_WEST_1, URI.create("http://127.0.0.1:9"));
		RoleCredentialsProviders roles = RoleCredentialsProviders
			.builder(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSOURCE", "source-secret")))
			.role(new RoleDefinition("audit",
					new RoleSource.AssumeRole(
							AssumeRoleSpec.of("arn:aws:iam::" + RoleDefinition.ACCOUNT + ":role/audit", "audit"), null,
							sts),
					RefreshSettings.DEFAULTS))
			.runTimeRoles(10, Duration.ofHours(1), sts)
			.build();
		roles.forAccount("audit", "111111111111");
		roles.close();
		assertThat(roles.runTimeRoleCount()).isZero();
		assertThatIllegalStateException().isThrownBy(() -> roles.forAccount("audit", "222222222222"));
		assertThat(roles.runTimeRoleCount()).as("run-time roles held after close").isZero();
	}

}
