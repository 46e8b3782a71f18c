package io.awsrefresh.credentials;

import java.time.Duration;
import java.util.function.UnaryOperator;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Real providers with a configured role ({@code orders}), a template ({@code audit}) and
 * room for run-time roles, for tests of what tags by role. Every role defers its first
 * fetch, so nothing calls STS. Close it after the test.
 */
public final class RunTimeRoleFixture implements AutoCloseable {

	private final RoleCredentialsProviders providers;

	public RunTimeRoleFixture() {
		this((builder) -> builder);
	}

	/**
	 * The same providers, built with more: an STS stub as HTTP client, a listener.
	 * @param customizer adds to the builder
	 */
	public RunTimeRoleFixture(UnaryOperator<RoleCredentialsProviders.Builder> customizer) {
		StsEndpoint sts = new StsEndpoint(Region.EU_WEST_1, null);
		RoleCredentialsProviders.Builder builder = RoleCredentialsProviders
			.builder(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret")))
			.role(new RoleDefinition("orders",
					new RoleSource.AssumeRole(AssumeRoleSpec.of("arn:aws:iam::123456789012:role/orders", "test"), null,
							sts),
					RefreshSettings.DEFAULTS))
			.role(new RoleDefinition("audit",
					new RoleSource.AssumeRole(
							AssumeRoleSpec.of("arn:aws:iam::" + RoleDefinition.ACCOUNT + ":role/audit", "test"), null,
							sts),
					RefreshSettings.DEFAULTS))
			.runTimeRoles(100, Duration.ofHours(1), sts);
		this.providers = customizer.apply(builder).build();
	}

	/**
	 * The providers.
	 * @return the providers
	 */
	public RoleCredentialsProviders providers() {
		return this.providers;
	}

	/**
	 * The name of the audit template's role in an account, made now.
	 * @param accountId a 12-digit account id
	 * @return the run-time role's name
	 */
	public String auditIn(String accountId) {
		return this.providers.forAccount("audit", accountId).roleName();
	}

	/**
	 * The name of a role built in code, made now.
	 * @return the run-time role's name
	 */
	public String builtInCode() {
		return this.providers.forRole(AssumeRoleSpec.of("arn:aws:iam::123456789012:role/app", "test")).roleName();
	}

	@Override
	public void close() {
		this.providers.close();
	}

}
