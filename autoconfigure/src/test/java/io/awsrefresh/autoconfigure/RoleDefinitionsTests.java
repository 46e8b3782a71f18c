package io.awsrefresh.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.awsrefresh.autoconfigure.AwsRefreshProperties.NamedRole;
import io.awsrefresh.credentials.RoleDefinition;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How roles are resolved from properties: inheritance, defaults and chaining order.
 */
class RoleDefinitionsTests {

	@Test
	void namedRoleInheritsRefreshAndSessionSettingsButNotAssumeRoleFields() {
		AwsRefreshProperties properties = new AwsRefreshProperties();
		properties.setRoleArn("arn:aws:iam::123456789012:role/app");
		properties.setDuration(Duration.ofHours(2));
		properties.setExternalId("partner-42");
		properties.setTags(Map.of("team", "payments"));
		properties.setDeferRefresh(false);
		properties.getSts().setRegion("eu-central-1");
		NamedRole audit = new NamedRole();
		audit.setRoleArn("arn:aws:iam::210987654321:role/audit");
		audit.setDuration(Duration.ofMinutes(30));
		properties.getRoles().put("audit", audit);
		List<RoleDefinition> roles = RoleDefinitions.resolve(properties, Region.EU_WEST_1, null, "orders", false);
		RoleDefinition resolved = roles.get(1);
		assertThat(resolved.assumeRole().roleArn()).isEqualTo("arn:aws:iam::210987654321:role/audit");
		assertThat(resolved.assumeRole().duration()).isEqualTo(Duration.ofMinutes(30));
		assertThat(resolved.assumeRole().externalId()).isNull();
		assertThat(resolved.assumeRole().tags()).isEmpty();
		assertThat(resolved.refresh().deferRefresh()).isFalse();
		assertThat(resolved.sts().region()).isEqualTo(Region.EU_CENTRAL_1);
		assertThat(resolved.assumeRole().sessionName()).isEqualTo("orders");
	}

	@Test
	void defaultsApplyWhenNothingIsSet() {
		AwsRefreshProperties properties = new AwsRefreshProperties();
		properties.setRoleArn("arn:aws:iam::123456789012:role/app");
		RoleDefinition role = RoleDefinitions.resolve(properties, Region.EU_WEST_1, null, null, false).get(0);
		assertThat(role.name()).isEqualTo("default");
		assertThat(role.assumeRole().duration()).isEqualTo(Duration.ofHours(1));
		assertThat(role.assumeRole().sessionName()).isEqualTo("aws-refresh");
		assertThat(role.refresh().deferRefresh()).isTrue();
		assertThat(role.refresh().prefetchTime()).isEqualTo(Duration.ofMinutes(5));
		assertThat(role.refresh().staleTime()).isEqualTo(Duration.ofMinutes(1));
		assertThat(role.sts().region()).isEqualTo(Region.EU_WEST_1);
		assertThat(role.sts().endpoint()).isNull();
	}

	@Test
	void chainedRolesComeAfterTheirSourceRole() {
		AwsRefreshProperties properties = new AwsRefreshProperties();
		properties.getRoles().put("c", named("b"));
		properties.getRoles().put("b", named("a"));
		properties.getRoles().put("a", named("default"));
		List<RoleDefinition> roles = RoleDefinitions.resolve(properties, Region.EU_WEST_1, null, null, false);
		assertThat(roles).extracting(RoleDefinition::name).containsExactly("default", "a", "b", "c");
	}

	@Test
	void defaultSessionNameIsDerivedFromTheApplicationName() {
		assertThat(RoleDefinitions.defaultSessionName("Orders Service (EU)")).isEqualTo("Orders-Service--EU-");
		assertThat(RoleDefinitions.defaultSessionName("x".repeat(80))).hasSize(64);
		assertThat(RoleDefinitions.defaultSessionName("x")).isEqualTo("aws-refresh");
		assertThat(RoleDefinitions.defaultSessionName(null)).isEqualTo("aws-refresh");
	}

	private static NamedRole named(String sourceRole) {
		NamedRole role = new NamedRole();
		role.setRoleArn("arn:aws:iam::123456789012:role/r");
		role.setSourceRole(sourceRole);
		return role;
	}

}
