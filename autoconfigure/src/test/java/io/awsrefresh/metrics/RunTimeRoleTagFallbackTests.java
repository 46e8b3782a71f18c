package io.awsrefresh.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import io.awsrefresh.credentials.AssumeRoleSpec;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RunTimeRoleFixture;
import io.awsrefresh.credentials.StsEndpoint;
import io.awsrefresh.credentials.StsHttpStub;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run-time role no longer held when its attempt is put under a tag name: its tag is
 * then read back from its name (RoleCredentialsProviders.tagName). IAM role names may
 * hold '@', and a role built in code is named after its ARN, so the name of one such role
 * built in code reads as a template's role in an account, and its ARN up to the '@'
 * becomes a tag: one per ARN, account id included.
 */
class RunTimeRoleTagFallbackTests {

	private final StsHttpStub sts = new StsHttpStub();

	private RunTimeRoleFixture fixture;

	private RoleCredentialsProviders roles;

	@AfterEach
	void close() {
		if (this.fixture != null) {
			this.fixture.close();
		}
	}

	@Test
	void aRoleBuiltInCodeWhoseArnHoldsAnAtIsTaggedBuiltInCodeOnceLetGoOf() {
		CredentialsRefreshMetrics metrics = new CredentialsRefreshMetrics(() -> this.roles, Clock.systemUTC());
		// One run-time role held: asking for a second lets the first go.
		this.fixture = new RunTimeRoleFixture(
				(builder) -> builder.runTimeRoles(1, Duration.ofHours(1), new StsEndpoint(Region.EU_WEST_1, null))
					.httpClient(this.sts)
					.listener(metrics));
		this.roles = this.fixture.providers();
		// A role built in code used while the application starts, before the meters
		// are bound; '@' is valid in an IAM role name.
		assertThat(this.roles.forRole(AssumeRoleSpec.of("arn:aws:iam::444444444444:role/tenant@acme", "test"))
			.resolveCredentials()).isNotNull();
		this.roles.forAccount("audit", "111111111111");
		assertThat(this.roles.runTimeRoles()).extracting((role) -> role.tagName()).containsOnly("audit");
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		metrics.bindTo(meters);
		assertThat(meters.getMeters()).extracting((meter) -> meter.getId().getTag("role"))
			.filteredOn(Objects::nonNull)
			.containsOnly("orders", "built-in-code");
	}

}
