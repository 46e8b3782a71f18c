package io.awsrefresh.credentials;

import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.awsrefresh.credentials.AssumeRoleSpec.ProvidedContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A role: its source role, if it is chained, and whether it is a template, an assumed
 * role whose ARN holds {@value RoleDefinition#ACCOUNT}. A template's role in one account
 * is named {@code template@account}, has the account id in its role ARN, session name and
 * external id, and carries every other field over; an account id that is not 12 digits,
 * or a role that is not a template, is rejected with a message naming both.
 */
class RoleDefinitionTests {

	private static final StsEndpoint STS = new StsEndpoint(Region.EU_WEST_1, URI.create("http://127.0.0.1:9"));

	private static final RefreshSettings EAGER = RefreshSettings.DEFAULTS.withDeferRefresh(false)
		.withPrefetchTime(Duration.ofMinutes(10));

	private static final AssumeRoleSpec SCANNER = AssumeRoleSpecTests.EVERY_FIELD
		.withRoleArn("arn:aws:iam::{account}:role/scanner")
		.withSessionName("scanner-{account}")
		.withExternalId("partner-{account}");

	private static final RoleDefinition TEMPLATE = new RoleDefinition("scanner",
			new RoleSource.AssumeRole(SCANNER, "base", STS), EAGER);

	@Test
	void aRoleWhoseArnHoldsThePlaceholderIsATemplate() {
		assertThat(TEMPLATE.isTemplate()).isTrue();
		assertThat(assumed("arn:aws:iam::123456789012:role/app", null).isTemplate()).isFalse();
	}

	@Test
	void onlyTheRoleArnMakesATemplate() {
		AssumeRoleSpec placeholdersElsewhere = AssumeRoleSpec.of("arn:aws:iam::123456789012:role/app", "app-{account}")
			.withExternalId("{account}");
		RoleDefinition role = new RoleDefinition("app", new RoleSource.AssumeRole(placeholdersElsewhere, null, STS),
				RefreshSettings.DEFAULTS);
		assertThat(role.isTemplate()).isFalse();
	}

	@Test
	void rolesThatAreNotAssumedAreNeitherTemplatesNorChained() {
		RoleDefinition direct = new RoleDefinition("default", new RoleSource.Direct(), RefreshSettings.DEFAULTS);
		RoleDefinition custom = new RoleDefinition("vault", new RoleSource.Custom("vault", (role) -> null),
				RefreshSettings.DEFAULTS);
		RoleDefinition iot = new RoleDefinition("device",
				new RoleSource.IotCertificate(new IotCredentialsSpec(
						URI.create("https://c2abcdefgh1234.credentials.iot.eu-west-1.amazonaws.com"), "fleet", null,
						() -> null, null)),
				RefreshSettings.DEFAULTS);
		for (RoleDefinition role : List.of(direct, custom, iot)) {
			assertThat(role.isTemplate()).as(role.name()).isFalse();
			assertThat(role.sourceRole()).as(role.name()).isNull();
		}
	}

	@Test
	void anAssumedRoleNamesItsSourceRoleIfItIsChained() {
		assertThat(assumed("arn:aws:iam::123456789012:role/audit", "base").sourceRole()).isEqualTo("base");
		assertThat(assumed("arn:aws:iam::123456789012:role/app", null).sourceRole()).isNull();
		assertThat(TEMPLATE.sourceRole()).isEqualTo("base");
	}

	@Test
	void aTemplatesRoleInOneAccountHasTheAccountInItsArnSessionNameAndExternalId() {
		RoleDefinition role = TEMPLATE.forAccount("111111111111");
		assertThat(role.name()).isEqualTo("scanner@111111111111");
		AssumeRoleSpec spec = ((RoleSource.AssumeRole) role.source()).spec();
		assertThat(spec.roleArn()).isEqualTo("arn:aws:iam::111111111111:role/scanner");
		assertThat(spec.sessionName()).isEqualTo("scanner-111111111111");
		assertThat(spec.externalId()).isEqualTo("partner-111111111111");
		assertThat(role.isTemplate()).isFalse();
	}

	@Test
	void aTemplatesRoleInOneAccountHasTheAccountInItsPolicyArnsSourceIdentityAndMfaSerialNumber() {
		AssumeRoleSpec spec = SCANNER.withPolicyArns(List.of("arn:aws:iam::{account}:policy/Boundary"))
			.withSourceIdentity("scan-{account}")
			.withSerialNumber("arn:aws:iam::{account}:mfa/scanner");
		RoleDefinition template = new RoleDefinition("scanner", new RoleSource.AssumeRole(spec, "base", STS), EAGER);
		AssumeRoleSpec account = ((RoleSource.AssumeRole) template.forAccount("111111111111").source()).spec();
		assertThat(account.policyArns()).containsExactly("arn:aws:iam::111111111111:policy/Boundary");
		assertThat(account.sourceIdentity()).isEqualTo("scan-111111111111");
		assertThat(account.serialNumber()).isEqualTo("arn:aws:iam::111111111111:mfa/scanner");
	}

	@Test
	void aTemplatesRoleInOneAccountCarriesEveryOtherFieldOver() {
		RoleDefinition role = TEMPLATE.forAccount("111111111111");
		RoleSource.AssumeRole source = (RoleSource.AssumeRole) role.source();
		assertThat(source.sourceRole()).isEqualTo("base");
		assertThat(source.sts()).isSameAs(STS);
		assertThat(role.refresh()).isSameAs(EAGER);
		assertThat(role.sourceRole()).isEqualTo("base");
		// Every component of the spec, one added later included, but those that may hold
		// the placeholder.
		Set<String> replaced = Set.of("roleArn", "sessionName", "externalId", "policyArns", "sourceIdentity",
				"serialNumber");
		for (RecordComponent component : AssumeRoleSpec.class.getRecordComponents()) {
			if (!replaced.contains(component.getName())) {
				assertThat(value(component, source.spec())).as(component.getName())
					.isEqualTo(value(component, SCANNER));
			}
		}
		assertThat(source.spec().providedContexts()).containsExactly(
				new ProvidedContext("arn:aws:iam::aws:contextProvider/IdentityCenter", "assertion-secret"));
	}

	@Test
	void everyPlaceholderIsReplacedAndATemplateWithoutExternalIdKeepsNone() {
		AssumeRoleSpec spec = AssumeRoleSpec.of("arn:aws:iam::{account}:role/reader-{account}", "reader");
		RoleDefinition template = new RoleDefinition("reader", new RoleSource.AssumeRole(spec, null, STS),
				RefreshSettings.DEFAULTS);
		RoleDefinition role = template.forAccount("222222222222");
		RoleSource.AssumeRole source = (RoleSource.AssumeRole) role.source();
		assertThat(source.spec().roleArn()).isEqualTo("arn:aws:iam::222222222222:role/reader-222222222222");
		assertThat(source.spec().sessionName()).isEqualTo("reader");
		assertThat(source.spec().externalId()).isNull();
		assertThat(source.sourceRole()).isNull();
		assertThat(role).isEqualTo(
				new RoleDefinition("reader@222222222222",
						new RoleSource.AssumeRole(
								spec.withRoleArn("arn:aws:iam::222222222222:role/reader-222222222222"), null, STS),
						RefreshSettings.DEFAULTS, "reader"));
	}

	@Test
	void eachAccountGetsItsOwnRoleAndTheTemplateIsLeftAsItWas() {
		RoleDefinition one = TEMPLATE.forAccount("111111111111");
		RoleDefinition other = TEMPLATE.forAccount("222222222222");
		assertThat(one).isNotEqualTo(other);
		assertThat(TEMPLATE.forAccount("111111111111")).isEqualTo(one);
		assertThat(((RoleSource.AssumeRole) TEMPLATE.source()).spec()).isSameAs(SCANNER);
		assertThat(TEMPLATE.name()).isEqualTo("scanner");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "11111111111", "1111111111111", "11111111111a", " 111111111111", "111111111111\n",
			"1111-1111-1111", "\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661", "{account}" })
	void anAccountIdThatIsNotTwelveDigitsIsRejectedNamingItAndTheTemplate(String accountId) {
		assertThatIllegalArgumentException().isThrownBy(() -> TEMPLATE.forAccount(accountId))
			.withMessage("'" + accountId + "' is not an AWS account id (12 digits), for role template 'scanner'");
	}

	@Test
	void aRoleThatIsNotATemplateHasNoRoleInAnotherAccount() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> assumed("arn:aws:iam::123456789012:role/app", null).forAccount("111111111111"))
			.withMessage("Role 'app' is not a template: its role-arn has no {account}");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RoleDefinition("vault", new RoleSource.Custom("vault", (role) -> null),
					RefreshSettings.DEFAULTS)
				.forAccount("111111111111"))
			.withMessage("Role 'vault' is not a template: its role-arn has no {account}");
		RoleDefinition role = TEMPLATE.forAccount("111111111111");
		assertThatIllegalArgumentException().isThrownBy(() -> role.forAccount("222222222222"))
			.withMessage("Role 'scanner@111111111111' is not a template: its role-arn has no {account}");
	}

	private static RoleDefinition assumed(String roleArn, String sourceRole) {
		String name = roleArn.substring(roleArn.lastIndexOf('/') + 1);
		return new RoleDefinition(name, new RoleSource.AssumeRole(AssumeRoleSpec.of(roleArn, name), sourceRole, STS),
				RefreshSettings.DEFAULTS);
	}

	private static Object value(RecordComponent component, AssumeRoleSpec spec) {
		try {
			return component.getAccessor().invoke(spec);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
