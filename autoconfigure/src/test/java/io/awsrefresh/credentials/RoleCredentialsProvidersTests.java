package io.awsrefresh.credentials;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.awsrefresh.credentials.AssumeRoleSpec.ProvidedContext;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Roles built in code: the same request is the same role, and a request that differs in
 * any field STS is told is another. Every role carries the name meters are tagged with.
 * Nothing is fetched: a role made at run time fetches on first use.
 */
class RoleCredentialsProvidersTests {

	private static final AssumeRoleSpec BASE = AssumeRoleSpecTests.EVERY_FIELD;

	@Test
	void theSameRequestIsTheSameRoleAndEveryFieldMakesAnotherRole() {
		try (RoleCredentialsProviders roles = RoleCredentialsProviders
			.builder(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSOURCE", "source-secret")))
			.runTimeRoles(100, Duration.ofHours(1), new StsEndpoint(Region.US_EAST_1, URI.create("http://127.0.0.1:9")))
			.mfaTokenProvider((serialNumber) -> "123456")
			.build()) {
			RoleCredentialsProvider role = roles.forRole(BASE);
			assertThat(roles.forRole(AssumeRoleSpecTests.EVERY_FIELD.withTags(Map.copyOf(BASE.tags())))).isSameAs(role);
			List<AssumeRoleSpec> variants = List.of(BASE.withRoleArn("arn:aws:iam::123456789012:role/other"),
					BASE.withSessionName("other"), BASE.withDuration(Duration.ofMinutes(45)),
					BASE.withExternalId("another-secret"), BASE.withPolicy("{}"),
					BASE.withPolicyArns(List.of("arn:aws:iam::aws:policy/AdministratorAccess")),
					BASE.withTags(Map.of("team", "audit")), BASE.withTransitiveTagKeys(List.of()),
					BASE.withSourceIdentity("bob"), BASE.withSerialNumber(null), BASE.withProvidedContexts(
							List.of(new ProvidedContext("arn:aws:iam::aws:contextProvider/IdentityCenter",
									"another-assertion"))));
			Set<RoleCredentialsProvider> distinct = new HashSet<>(List.of(role));
			for (AssumeRoleSpec variant : variants) {
				assertThat(distinct.add(roles.forRole(variant))).as("a role of its own for %s", variant).isTrue();
			}
			assertThat(roles.runTimeRoleCount()).isEqualTo(variants.size() + 1);
			assertThat(distinct).allSatisfy((provider) -> assertThat(provider.roleName()).matches(".+#[0-9a-f]{16}")
				.doesNotContain("secret", "assertion"));
		}
	}

	@Test
	void aRoleNamedAsARoleMadeAtRunTimeIsRefused() {
		// A template's session in that account would be handed its clients.
		RoleCredentialsProviders.Builder builder = RoleCredentialsProviders
			.builder(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSOURCE", "source-secret")))
			.role(new RoleDefinition("audit@111111111111", new RoleSource.Direct(), RefreshSettings.DEFAULTS));
		assertThatIllegalArgumentException().isThrownBy(builder::build)
			.withMessageStartingWith(
					"A role cannot be named 'audit@111111111111': it is the name of a role made " + "at run time");
	}

	@Test
	void eachRoleCarriesTheNameItIsTaggedWithFromTheWayItWasMade() {
		try (RunTimeRoleFixture fixture = new RunTimeRoleFixture()) {
			RoleCredentialsProviders roles = fixture.providers();
			String account = fixture.auditIn("123456789012");
			String builtInCode = fixture.builtInCode();
			assertThat(roles.get(account).tagName()).isEqualTo("audit");
			assertThat(roles.tagNameOf(account)).isEqualTo("audit");
			assertThat(roles.tagNameOf(builtInCode)).isEqualTo(RoleDefinition.BUILT_IN_CODE);
			assertThat(roles.tagNameOf("orders")).isEqualTo("orders");
			// A role no longer held is tagged as its name reads.
			assertThat(roles.tagNameOf("gone@210987654321")).isEqualTo("gone");
		}
	}

}
