package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.awsrefresh.autoconfigure.AwsRefreshProperties.NamedRole;
import io.awsrefresh.credentials.AssumeRoleSpec;
import io.awsrefresh.credentials.CustomCredentialsSource;
import io.awsrefresh.credentials.RoleDefinition;
import io.awsrefresh.credentials.RoleSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;

import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How roles are read from properties (inheritance, defaults, sources and chaining order)
 * and turned into definitions once the beans they name exist.
 */
class ConfiguredRolesTests {

	private static final CustomCredentialsSource VAULT = (role) -> {
		throw new UnsupportedOperationException();
	};

	@Test
	void namedRoleInheritsRefreshAndSessionSettingsButNotAssumeRoleFields() {
		AwsRefreshProperties properties = new AwsRefreshProperties();
		properties.setRoleArn("arn:aws:iam::123456789012:role/app");
		properties.setDuration(Duration.ofHours(2));
		properties.setExternalId("partner-42");
		properties.setTags(Map.of("team", "payments"));
		RoleProperties.ProvidedContext context = new RoleProperties.ProvidedContext();
		context.setProviderArn("arn:aws:iam::aws:contextProvider/IdentityCenter");
		context.setContextAssertion("identity-context");
		properties.setProvidedContexts(List.of(context));
		properties.setDeferRefresh(false);
		properties.getSts().setRegion("eu-central-1");
		NamedRole audit = new NamedRole();
		audit.setRoleArn("arn:aws:iam::210987654321:role/audit");
		audit.setDuration(Duration.ofMinutes(30));
		properties.getRoles().put("audit", audit);
		List<RoleDefinition> roles = resolve(properties, "orders");
		assertThat(assumeRole(roles.get(0)).spec().providedContexts())
			.containsExactly(new AssumeRoleSpec.ProvidedContext("arn:aws:iam::aws:contextProvider/IdentityCenter",
					"identity-context"));
		RoleDefinition resolved = roles.get(1);
		AssumeRoleSpec spec = assumeRole(resolved).spec();
		assertThat(spec.providedContexts()).isEmpty();
		assertThat(spec.roleArn()).isEqualTo("arn:aws:iam::210987654321:role/audit");
		assertThat(spec.duration()).isEqualTo(Duration.ofMinutes(30));
		assertThat(spec.externalId()).isNull();
		assertThat(spec.tags()).isEmpty();
		assertThat(resolved.refresh().deferRefresh()).isFalse();
		assertThat(assumeRole(resolved).sts().region()).isEqualTo(Region.EU_CENTRAL_1);
		assertThat(spec.sessionName()).isEqualTo("orders");
	}

	@Test
	void defaultsApplyWhenNothingIsSet() {
		AwsRefreshProperties properties = new AwsRefreshProperties();
		properties.setRoleArn("arn:aws:iam::123456789012:role/app");
		RoleDefinition role = resolve(properties, null).get(0);
		assertThat(role.name()).isEqualTo("default");
		assertThat(assumeRole(role).spec().duration()).isEqualTo(Duration.ofHours(1));
		assertThat(assumeRole(role).spec().sessionName()).isEqualTo("aws-refresh");
		assertThat(role.refresh().deferRefresh()).isTrue();
		// Refreshes fall at a time derived from each lifetime.
		assertThat(role.refresh().prefetchTime()).isNull();
		assertThat(role.refresh().staleTime()).isEqualTo(Duration.ofMinutes(1));
		assertThat(assumeRole(role).sts().region()).isEqualTo(Region.EU_WEST_1);
		assertThat(assumeRole(role).sts().endpoint()).isNull();
	}

	@Test
	void withoutRoleArnTheDefaultRoleUsesTheSourceCredentials() {
		RoleDefinition role = resolve(new AwsRefreshProperties(), null).get(0);
		assertThat(role.source()).isInstanceOf(RoleSource.Direct.class);
		assertThat(role.sourceRole()).isNull();
	}

	@Test
	void customSourceNamesABeanAndKeepsTheRefreshSettings() {
		AwsRefreshProperties properties = new AwsRefreshProperties();
		properties.setPrefetchTime(Duration.ofMinutes(10));
		NamedRole vault = new NamedRole();
		vault.setCustomSource("vaultCredentials");
		vault.setStaleTime(Duration.ofMinutes(2));
		properties.getRoles().put("vault", vault);
		RoleDefinition role = resolveWith(properties, Map.of("vaultCredentials", VAULT)).get(1);
		assertThat(role.source()).isEqualTo(new RoleSource.Custom("vaultCredentials", VAULT));
		assertThat(role.refresh().prefetchTime()).isEqualTo(Duration.ofMinutes(10));
		assertThat(role.refresh().staleTime()).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void customSourceIsReadAsTheNameOfABean() {
		AwsRefreshProperties properties = new AwsRefreshProperties();
		NamedRole vault = new NamedRole();
		vault.setCustomSource(" vaultCredentials ");
		properties.getRoles().put("vault", vault);
		PropertyProblems problems = new PropertyProblems();
		// Whether a bean has that name is checked against the bean definitions
		// (CustomCredentialsSourceTests), before any bean is created.
		assertThat(ConfiguredRoles.read(properties, null, problems).get(1).source())
			.isEqualTo(new ConfiguredRole.Custom("vaultCredentials"));
		assertThat(problems.list()).isEmpty();
	}

	@Test
	void stsRegionIsTheDefaultRegionUntilAKeySetsIt() {
		AwsRefreshProperties properties = new AwsRefreshProperties();
		properties.setRoleArn("arn:aws:iam::123456789012:role/app");
		PropertyProblems problems = new PropertyProblems();
		ConfiguredRole role = ConfiguredRoles.read(properties, null, problems).get(0);
		assertThat(((ConfiguredRole.AssumeRole) role.source()).stsRegion()).isNull();
		RoleDefinition definition = role.definition(Region.AP_SOUTH_1, URI.create("http://127.0.0.1:4566"),
				(name) -> null, ConfiguredRolesTests::noSslBundlesForAnAssumeRole);
		assertThat(assumeRole(definition).sts().region()).isEqualTo(Region.AP_SOUTH_1);
		assertThat(assumeRole(definition).sts().endpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
	}

	@Test
	void chainedRolesComeAfterTheirSourceRole() {
		AwsRefreshProperties properties = new AwsRefreshProperties();
		properties.getRoles().put("c", named("b"));
		properties.getRoles().put("b", named("a"));
		properties.getRoles().put("a", named("default"));
		List<RoleDefinition> roles = resolve(properties, null);
		assertThat(roles).extracting(RoleDefinition::name).containsExactly("default", "a", "b", "c");
		assertThat(roles).extracting(RoleDefinition::sourceRole).containsExactly(null, "default", "a", "b");
	}

	@Test
	void mergeTakesEachUnsetSettingFromTheOther() {
		RoleSettings own = new RoleSettings(null, Duration.ofMinutes(30), null, null, Duration.ofSeconds(30), null,
				null);
		RoleSettings merged = own.orElse(RoleSettings.defaults("orders"));
		assertThat(merged).isEqualTo(
				new RoleSettings("orders", Duration.ofMinutes(30), true, null, Duration.ofSeconds(30), null, null));
	}

	@Test
	void stsRegionAndEndpointAreInheritedTogether() {
		RoleSettings defaultRole = new RoleSettings(null, null, null, null, null, Region.EU_WEST_1,
				URI.create("https://vpce-1.sts.eu-west-1.vpce.amazonaws.com"));
		RoleSettings ownRegion = new RoleSettings(null, null, null, null, null, Region.US_EAST_1, null);
		assertThat(ownRegion.orElse(defaultRole).stsRegion()).isEqualTo(Region.US_EAST_1);
		assertThat(ownRegion.orElse(defaultRole).stsEndpoint()).isNull();
		RoleSettings nothing = new RoleSettings(null, null, null, null, null, null, null);
		assertThat(nothing.orElse(defaultRole).stsEndpoint()).isEqualTo(defaultRole.stsEndpoint());
	}

	@Test
	void namedRoleWithOnlyAnStsRegionUsesThatRegionsStsNotTheDefaultRolesEndpoint() {
		AwsRefreshProperties properties = new AwsRefreshProperties();
		properties.getSts().setEndpoint(URI.create("https://vpce-1.sts.eu-west-1.vpce.amazonaws.com"));
		NamedRole audit = named("default");
		audit.getSts().setRegion("us-east-1");
		properties.getRoles().put("audit", audit);
		RoleSource.AssumeRole resolved = assumeRole(resolve(properties, null).get(1));
		assertThat(resolved.sts().region()).isEqualTo(Region.US_EAST_1);
		assertThat(resolved.sts().endpoint()).isNull();
	}

	@Test
	void prefetchTimeBelowTheDefaultStaleTimeIsTheKeyToFix() {
		AwsRefreshProperties properties = new AwsRefreshProperties();
		properties.setRoleArn("arn:aws:iam::123456789012:role/app");
		properties.setPrefetchTime(Duration.ofSeconds(30));
		assertThatExceptionOfType(InvalidAwsRefreshPropertyException.class).isThrownBy(() -> resolve(properties, null))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("aws.refresh.prefetch-time"))
			.withMessageContaining("longer than stale-time (1m, the default)");
	}

	@Test
	void inheritedValueIsReportedUnderTheRolesOwnKeyWithItsOrigin() {
		AwsRefreshProperties properties = new AwsRefreshProperties();
		properties.setPrefetchTime(Duration.ofMinutes(20));
		NamedRole audit = named("default");
		audit.setDuration(Duration.ofMinutes(15));
		properties.getRoles().put("audit", audit);
		assertThatExceptionOfType(InvalidAwsRefreshPropertyException.class).isThrownBy(() -> resolve(properties, null))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("aws.refresh.roles.audit.prefetch-time"))
			.withMessageContaining("the value is inherited from aws.refresh.prefetch-time");
	}

	@Test
	void defaultSessionNameIsDerivedFromTheApplicationName() {
		assertThat(ConfiguredRoles.defaultSessionName("Orders Service (EU)")).isEqualTo("Orders-Service--EU-");
		assertThat(ConfiguredRoles.defaultSessionName("x".repeat(80))).hasSize(64);
		assertThat(ConfiguredRoles.defaultSessionName("x")).isEqualTo("aws-refresh");
		assertThat(ConfiguredRoles.defaultSessionName(null)).isEqualTo("aws-refresh");
	}

	private static List<RoleDefinition> resolve(AwsRefreshProperties properties, String applicationName) {
		return resolve(properties, applicationName, Map.of());
	}

	private static List<RoleDefinition> resolveWith(AwsRefreshProperties properties,
			Map<String, CustomCredentialsSource> customSources) {
		return resolve(properties, null, customSources);
	}

	private static List<RoleDefinition> resolve(AwsRefreshProperties properties, @Nullable String applicationName,
			Map<String, CustomCredentialsSource> customSources) {
		PropertyProblems problems = new PropertyProblems();
		List<ConfiguredRole> roles = ConfiguredRoles.read(properties, applicationName, problems);
		problems.throwIfAny();
		return roles.stream()
			.map((role) -> role.definition(Region.EU_WEST_1, null, customSources::get, DefaultSslBundleRegistry::new))
			.toList();
	}

	private static RoleSource.AssumeRole assumeRole(RoleDefinition role) {
		assertThat(role.source()).isInstanceOf(RoleSource.AssumeRole.class);
		return (RoleSource.AssumeRole) role.source();
	}

	private static NamedRole named(String sourceRole) {
		NamedRole role = new NamedRole();
		role.setRoleArn("arn:aws:iam::123456789012:role/r");
		role.setSourceRole(sourceRole);
		return role;
	}

	// Only IoT roles ask for the SSL bundles: creating Spring Boot's registry costs
	// startup
	// time that an application without one never pays.
	private static SslBundles noSslBundlesForAnAssumeRole() {
		throw new AssertionError("An assume-role role asked for the SSL bundles");
	}

}
