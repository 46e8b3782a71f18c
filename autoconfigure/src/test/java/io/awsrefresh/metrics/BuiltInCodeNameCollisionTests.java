package io.awsrefresh.metrics;

import java.time.Clock;
import java.time.Duration;

import io.awsrefresh.credentials.AssumeRoleSpec;
import io.awsrefresh.credentials.RefreshSettings;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleDefinition;
import io.awsrefresh.credentials.RoleSource;
import io.awsrefresh.credentials.StsEndpoint;
import io.awsrefresh.credentials.StsHttpStub;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A configured role named {@code built-in-code} built through the public builder, which
 * the auto-configuration's check (RoleChains) never sees: its meters and those of every
 * role built in code have the same id, Micrometer hands the first registered back for the
 * second, and the attempts of roles built in code vanish. Either the name is refused or
 * those attempts are counted.
 */
class BuiltInCodeNameCollisionTests {

	private final StsHttpStub sts = new StsHttpStub();

	private RoleCredentialsProviders roles;

	@AfterEach
	void close() {
		if (this.roles != null) {
			this.roles.close();
		}
	}

	@Test
	void aConfiguredRoleNamedBuiltInCodeIsRefusedOrHidesNoAttemptOfARoleBuiltInCode() {
		CredentialsRefreshMetrics metrics = new CredentialsRefreshMetrics(() -> this.roles, Clock.systemUTC());
		StsEndpoint endpoint = new StsEndpoint(Region.EU_WEST_1, null);
		RoleCredentialsProviders.Builder builder = RoleCredentialsProviders
			.builder(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSOURCE", "source-secret")))
			.role(new RoleDefinition(RoleDefinition.BUILT_IN_CODE,
					new RoleSource.AssumeRole(AssumeRoleSpec.of("arn:aws:iam::123456789012:role/orders", "test"), null,
							endpoint),
					RefreshSettings.DEFAULTS))
			.runTimeRoles(10, Duration.ofHours(1), endpoint)
			.httpClient(this.sts)
			.listener(metrics);
		try {
			this.roles = builder.build();
		}
		catch (IllegalArgumentException ex) {
			assertThat(ex).hasMessageContaining(RoleDefinition.BUILT_IN_CODE);
			return;
		}
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		metrics.bindTo(meters);
		double configuredBefore = refreshes(meters);
		assertThat(this.roles.forRole(AssumeRoleSpec.of("arn:aws:iam::444444444444:role/partner", "test"))
			.resolveCredentials()).isNotNull();
		assertThat(refreshes(meters)).as("successes under role=built-in-code after a role built in code succeeded")
			.isEqualTo(configuredBefore + 1);
	}

	private static double refreshes(SimpleMeterRegistry meters) {
		return meters.get("aws.refresh.credentials.refreshes")
			.tags("role", RoleDefinition.BUILT_IN_CODE, "outcome", "success")
			.functionCounter()
			.count();
	}

}
