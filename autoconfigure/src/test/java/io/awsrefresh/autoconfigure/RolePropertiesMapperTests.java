package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.awsrefresh.credentials.AssumeRoleSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RolePropertiesMapper} reads the keys of one role into checked values: every key
 * is checked on its own, whatever the others hold; a template's values are checked with a
 * sample account in place of {@code {account}}; an invalid value is reported under the
 * role's own key and reads as unset.
 */
class RolePropertiesMapperTests {

	private static final String ROLE = "arn:aws:iam::123456789012:role/app";

	private static final String DEFAULT_PREFIX = "aws.refresh.";

	private static final String AUDIT_PREFIX = "aws.refresh.roles.audit.";

	private static final String IOT_HOST = "c2abcdefgh1234.credentials.iot.eu-west-1.amazonaws.com";

	private final PropertyProblems problems = new PropertyProblems();

	@Test
	void roleWithoutMistakesIsValid() {
		RoleProperties role = new RoleProperties();
		role.setRoleArn(ROLE);
		RolePropertiesMapper mapper = map(AUDIT_PREFIX, role);
		assertThat(mapper.isValid()).isTrue();
		assertThat(mapper.roleArn()).isEqualTo(ROLE);
		assertThat(this.problems.list()).isEmpty();
	}

	@Test
	void keysAreNamedWithTheRolesPrefix() {
		RolePropertiesMapper mapper = map(AUDIT_PREFIX, new RoleProperties());
		assertThat(mapper.key("sts.region")).isEqualTo("aws.refresh.roles.audit.sts.region");
		assertThat(map(DEFAULT_PREFIX, new RoleProperties()).key("role-arn")).isEqualTo("aws.refresh.role-arn");
	}

	@Test
	void templateValuesAreCheckedWithASampleAccount() {
		RoleProperties role = new RoleProperties();
		role.setRoleArn("arn:aws:iam::{account}:role/SecurityAudit");
		role.setExternalId("partner-{account}");
		role.setRoleSessionName("scan-{account}");
		role.setPolicyArns(List.of("arn:aws:iam::{account}:policy/Boundary"));
		role.setSerialNumber("arn:aws:iam::{account}:mfa/jane");
		RolePropertiesMapper mapper = map("aws.refresh.roles.scanner.", role);
		assertThat(this.problems.list()).isEmpty();
		assertThat(mapper.isValid()).isTrue();
		// The template is kept as written: the account is filled in when asked for.
		assertThat(mapper.roleArn()).isEqualTo("arn:aws:iam::{account}:role/SecurityAudit");
		assertThat(mapper.settings().sessionName()).isEqualTo("scan-{account}");
		AssumeRoleSpec spec = mapper.assumeRole("arn:aws:iam::{account}:role/SecurityAudit", settings(mapper));
		assertThat(spec.externalId()).isEqualTo("partner-{account}");
		assertThat(spec.policyArns()).containsExactly("arn:aws:iam::{account}:policy/Boundary");
	}

	@Test
	void invalidTemplateRoleArnSaysItIsInvalidOnceTheAccountIsFilledIn() {
		RoleProperties role = new RoleProperties();
		role.setRoleArn("arn:aws:iam::{account}:role/Security Audit");
		RolePropertiesMapper mapper = map("aws.refresh.roles.scanner.", role);
		assertThat(mapper.roleArn()).isNull();
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.roles.scanner.role-arn");
			assertThat(problem.getValue()).isEqualTo("arn:aws:iam::{account}:role/Security Audit");
			assertThat(problem.getReason())
				.isEqualTo("not an IAM role ARN once {account} is replaced by a 12-digit account id");
			assertThat(problem.getExample())
				.isEqualTo("aws.refresh.roles.scanner.role-arn=arn:aws:iam::123456789012:role/app");
		});
	}

	@Test
	void roleArnWithAMisspeltPlaceholderIsNotAnArn() {
		RoleProperties role = new RoleProperties();
		role.setRoleArn("arn:aws:iam::{acount}:role/SecurityAudit");
		map("aws.refresh.roles.scanner.", role);
		assertThat(this.problems.list()).singleElement()
			.satisfies((problem) -> assertThat(problem.getReason()).isEqualTo("not an IAM role ARN"));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ IOT_HOST + ", https://" + IOT_HOST, "' " + IOT_HOST + " ', https://" + IOT_HOST,
			"https://" + IOT_HOST + ", https://" + IOT_HOST, "https://" + IOT_HOST + "/, https://" + IOT_HOST,
			"HTTPS://" + IOT_HOST + ", https://" + IOT_HOST, IOT_HOST + ":8443, https://" + IOT_HOST + ":8443",
			"localhost:8443, https://localhost:8443" })
	void iotEndpointIsReadAsAnHttpsUrlOfTheHost(String value, String endpoint) {
		RoleProperties role = new RoleProperties();
		role.getIot().setEndpoint(value);
		RolePropertiesMapper mapper = map(AUDIT_PREFIX, role);
		assertThat(this.problems.list()).isEmpty();
		assertThat(mapper.iot().endpoint()).isEqualTo(URI.create(endpoint));
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://" + IOT_HOST + "/role-aliases/device/credentials", IOT_HOST + "/credentials",
			"http://" + IOT_HOST, "ftp://" + IOT_HOST })
	void iotEndpointWithAPathOrAnotherSchemeIsRejectedShowingIt(String value) {
		RoleProperties role = new RoleProperties();
		role.getIot().setEndpoint(value);
		RolePropertiesMapper mapper = map(AUDIT_PREFIX, role);
		assertThat(mapper.iot().endpoint()).isNull();
		assertThat(mapper.iot().anySet()).isTrue();
		assertThat(mapper.isValid()).isFalse();
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.roles.audit.iot.endpoint");
			assertThat(problem.getValue()).isEqualTo(value);
			assertThat(problem.getReason())
				.isEqualTo("must be the credentials provider's host name, or an https URL without user info or path");
			assertThat(problem.getExample()).isEqualTo("aws.refresh.roles.audit.iot.endpoint=" + IOT_HOST);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://device:hunter2@" + IOT_HOST, "device:hunter2@" + IOT_HOST })
	void iotEndpointWithUserInfoIsRejectedWithoutShowingIt(String value) {
		RoleProperties role = new RoleProperties();
		role.getIot().setEndpoint(value);
		RolePropertiesMapper mapper = map(AUDIT_PREFIX, role);
		assertThat(mapper.iot().endpoint()).isNull();
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.roles.audit.iot.endpoint");
			assertThat(problem.getValue()).isNull();
			assertThat(problem.getMessage()).doesNotContain("hunter2");
		});
	}

	@Test
	void iotEndpointThatIsNotAUrlIsRejected() {
		RoleProperties role = new RoleProperties();
		role.getIot().setEndpoint("not a host name");
		map(AUDIT_PREFIX, role);
		assertThat(this.problems.list()).singleElement()
			.satisfies((problem) -> assertThat(problem.getReason()).isEqualTo("not a host name or https URL"));
	}

	@Test
	void iotEndpointUserInfoIsNeverShownEvenWhenTheHostIsInvalid() {
		RoleProperties role = new RoleProperties();
		role.getIot().setEndpoint("https://device:hunter2@my_host");
		map(AUDIT_PREFIX, role);
		RoleProperties other = new RoleProperties();
		other.getIot().setEndpoint("device:hunter2@not a host");
		map("aws.refresh.roles.other.", other);
		assertThat(this.problems.list()).hasSize(2)
			.allSatisfy((problem) -> assertThat(problem.getMessage()).doesNotContain("hunter2"));
	}

	@Test
	void iotKeysAreReadTrimmedAndAnySetTellsWhetherOneIsSet() {
		RoleProperties role = new RoleProperties();
		role.getIot().setRoleAlias(" device-role ");
		role.getIot().setThingName(" sensor-42 ");
		role.getIot().setSslBundle(" device ");
		RolePropertiesMapper.IotKeys iot = map(AUDIT_PREFIX, role).iot();
		assertThat(iot).isEqualTo(new RolePropertiesMapper.IotKeys(true, null, "device-role", "sensor-42", "device"));
		assertThat(map(DEFAULT_PREFIX, new RoleProperties()).iot().anySet()).isFalse();
		RoleProperties blank = new RoleProperties();
		blank.getIot().setEndpoint(" ");
		assertThat(map(DEFAULT_PREFIX, blank).iot().anySet()).isFalse();
	}

	@Test
	void fiftySessionTagsAreAccepted() {
		RoleProperties role = new RoleProperties();
		role.setTags(tags(50));
		RolePropertiesMapper mapper = map(AUDIT_PREFIX, role);
		assertThat(this.problems.list()).isEmpty();
		assertThat(mapper.assumeRole(ROLE, settings(mapper)).tags()).hasSize(50);
	}

	@Test
	void moreThanFiftySessionTagsAreRejected() {
		RoleProperties role = new RoleProperties();
		role.setTags(tags(51));
		RolePropertiesMapper mapper = map(AUDIT_PREFIX, role);
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.roles.audit.tags");
			assertThat(problem.getValue()).isNull();
			assertThat(problem.getReason()).isEqualTo("STS accepts at most 50 session tags (has 51)");
		});
		assertThat(mapper.assumeRole(ROLE, settings(mapper)).tags()).isEmpty();
	}

	@Test
	void transitiveTagKeysAreNotCheckedAgainstInvalidTags() {
		RoleProperties role = new RoleProperties();
		role.setTags(tags(51));
		role.setTransitiveTagKeys(List.of("not-a-tag"));
		RolePropertiesMapper mapper = map(AUDIT_PREFIX, role);
		// One mistake, one report.
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getProperty)
			.containsExactly("aws.refresh.roles.audit.tags");
		assertThat(mapper.assumeRole(ROLE, settings(mapper)).transitiveTagKeys()).isEmpty();
	}

	@Test
	void tenPolicyArnsAreAccepted() {
		RoleProperties role = new RoleProperties();
		role.setPolicyArns(policyArns(10));
		RolePropertiesMapper mapper = map(AUDIT_PREFIX, role);
		assertThat(this.problems.list()).isEmpty();
		assertThat(mapper.assumeRole(ROLE, settings(mapper)).policyArns()).hasSize(10);
	}

	@Test
	void moreThanTenPolicyArnsAreRejected() {
		RoleProperties role = new RoleProperties();
		role.setPolicyArns(policyArns(11));
		RolePropertiesMapper mapper = map(AUDIT_PREFIX, role);
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.roles.audit.policy-arns");
			assertThat(problem.getReason()).isEqualTo("STS accepts at most 10 managed session policies (has 11)");
			assertThat(problem.getExample())
				.isEqualTo("aws.refresh.roles.audit.policy-arns[0]=arn:aws:iam::aws:policy/ReadOnlyAccess");
		});
		assertThat(mapper.assumeRole(ROLE, settings(mapper)).policyArns()).isEmpty();
	}

	@Test
	void fiveProvidedContextsAreAccepted() {
		RoleProperties role = new RoleProperties();
		role.setProvidedContexts(providedContexts(5));
		RolePropertiesMapper mapper = map(AUDIT_PREFIX, role);
		assertThat(this.problems.list()).isEmpty();
		assertThat(mapper.assumeRole(ROLE, settings(mapper)).providedContexts()).hasSize(5);
	}

	@Test
	void moreThanFiveProvidedContextsAreRejectedWithoutShowingAnAssertion() {
		RoleProperties role = new RoleProperties();
		role.setProvidedContexts(providedContexts(6));
		RolePropertiesMapper mapper = map(AUDIT_PREFIX, role);
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.roles.audit.provided-contexts");
			assertThat(problem.getValue()).isNull();
			assertThat(problem.getReason()).isEqualTo("STS accepts at most 5 provided contexts (has 6)");
			assertThat(problem.getMessage() + problem.getExample()).doesNotContain("assertion-of-");
		});
		assertThat(mapper.assumeRole(ROLE, settings(mapper)).providedContexts()).isEmpty();
	}

	@Test
	void assumeRoleRequestKeysAreTheKeysOfTheRequestThatAreSet() {
		RoleProperties role = new RoleProperties();
		role.setRoleArn(ROLE);
		role.setDuration(Duration.ofMinutes(30));
		role.setExternalId("partner-42");
		role.setPolicy("{\"Version\":\"2012-10-17\"}");
		role.setPolicyArns(List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"));
		role.setTags(Map.of("team", "payments"));
		role.setTransitiveTagKeys(List.of("team"));
		role.setSourceIdentity("jane.doe");
		role.setSerialNumber("arn:aws:iam::123456789012:mfa/jane");
		role.setProvidedContexts(providedContexts(1));
		role.setMinimumSessionTokenSize(4096);
		role.getIot().setRoleAlias("device-role");
		assertThat(map(AUDIT_PREFIX, role).assumeRoleRequestKeys()).containsExactly(
				"aws.refresh.roles.audit.external-id", "aws.refresh.roles.audit.policy",
				"aws.refresh.roles.audit.policy-arns", "aws.refresh.roles.audit.tags",
				"aws.refresh.roles.audit.transitive-tag-keys", "aws.refresh.roles.audit.source-identity",
				"aws.refresh.roles.audit.serial-number", "aws.refresh.roles.audit.provided-contexts",
				"aws.refresh.roles.audit.minimum-session-token-size");
	}

	@Test
	void assumeRoleRequestKeysLeaveOutBlankValuesAndCountInvalidOnes() {
		RoleProperties role = new RoleProperties();
		role.setRoleArn(ROLE);
		role.setRoleSessionName("orders");
		role.setExternalId(" ");
		role.setSourceIdentity("");
		role.setSerialNumber("short");
		RolePropertiesMapper mapper = map(DEFAULT_PREFIX, role);
		assertThat(mapper.assumeRoleRequestKeys()).containsExactly("aws.refresh.serial-number");
		assertThat(map(DEFAULT_PREFIX, new RoleProperties()).assumeRoleRequestKeys()).isEmpty();
	}

	@Test
	void oneInvalidKeyMakesTheRoleInvalidAndTheOtherKeysAreStillRead() {
		RoleProperties role = new RoleProperties();
		role.setRoleArn(ROLE);
		role.setRoleSessionName("a");
		role.setDuration(Duration.ofMinutes(30));
		role.setExternalId("partner-42");
		role.getSts().setRegion("eu-central-1");
		RolePropertiesMapper mapper = map(AUDIT_PREFIX, role);
		assertThat(mapper.isValid()).isFalse();
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getProperty)
			.containsExactly("aws.refresh.roles.audit.role-session-name");
		assertThat(mapper.roleArn()).isEqualTo(ROLE);
		assertThat(mapper.settings().sessionName()).isNull();
		assertThat(mapper.settings().duration()).isEqualTo(Duration.ofMinutes(30));
		assertThat(mapper.settings().stsRegion()).isEqualTo(Region.EU_CENTRAL_1);
		assertThat(mapper.assumeRole(ROLE, settings(mapper)).externalId()).isEqualTo("partner-42");
	}

	@Test
	void validityCountsOnlyThisRolesOwnMistakes() {
		RoleProperties invalid = new RoleProperties();
		invalid.setDuration(Duration.ofMinutes(5));
		assertThat(map(DEFAULT_PREFIX, invalid).isValid()).isFalse();
		RoleProperties valid = new RoleProperties();
		valid.setRoleArn(ROLE);
		assertThat(map(AUDIT_PREFIX, valid).isValid()).isTrue();
		assertThat(this.problems.count()).isOne();
	}

	@Test
	void everyInvalidKeyIsReportedWhateverTheOthersHold() {
		RoleProperties role = new RoleProperties();
		role.setRoleArn("app");
		role.setDuration(Duration.ofHours(13));
		role.setPrefetchTime(Duration.ZERO);
		role.setStaleTime(Duration.ofSeconds(-1));
		role.getSts().setRegion("Europe");
		role.getSts().setEndpoint(URI.create("localhost:4566"));
		role.setExternalId("x");
		role.setPolicy("allow");
		role.setSourceIdentity("a b");
		role.setSerialNumber("short");
		role.getIot().setRoleAlias("has space");
		role.getIot().setThingName("has space");
		RolePropertiesMapper mapper = map(AUDIT_PREFIX, role);
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getProperty)
			.containsExactly("aws.refresh.roles.audit.duration", "aws.refresh.roles.audit.prefetch-time",
					"aws.refresh.roles.audit.stale-time", "aws.refresh.roles.audit.sts.region",
					"aws.refresh.roles.audit.sts.endpoint", "aws.refresh.roles.audit.role-arn",
					"aws.refresh.roles.audit.external-id", "aws.refresh.roles.audit.policy",
					"aws.refresh.roles.audit.source-identity", "aws.refresh.roles.audit.serial-number",
					"aws.refresh.roles.audit.iot.role-alias", "aws.refresh.roles.audit.iot.thing-name");
		assertThat(mapper.settings()).isEqualTo(new RoleSettings(null, null, null, null, null, null, null));
	}

	@Test
	void settingsAreTheValuesTheRoleSetsItself() {
		RoleProperties role = new RoleProperties();
		role.setRoleSessionName("orders");
		role.setDuration(Duration.ofHours(2));
		role.setDeferRefresh(false);
		role.setPrefetchTime(Duration.ofMinutes(10));
		role.setStaleTime(Duration.ofMinutes(2));
		role.getSts().setRegion(" eu-central-1 ");
		role.getSts().setEndpoint(URI.create("https://sts.eu-central-1.amazonaws.com"));
		assertThat(map(AUDIT_PREFIX, role).settings())
			.isEqualTo(new RoleSettings("orders", Duration.ofHours(2), false, Duration.ofMinutes(10),
					Duration.ofMinutes(2), Region.EU_CENTRAL_1, URI.create("https://sts.eu-central-1.amazonaws.com")));
	}

	@Test
	void assumeRoleBuildsTheRequestOfThisRoleWithTheGivenSettings() {
		RoleProperties role = new RoleProperties();
		role.setExternalId("partner-42");
		role.setPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[]}");
		role.setPolicyArns(List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"));
		role.setTags(Map.of("team", "payments", "cost-centre", "42"));
		role.setTransitiveTagKeys(List.of("team"));
		role.setSourceIdentity("jane.doe@example.com");
		role.setSerialNumber("arn:aws:iam::123456789012:mfa/jane");
		role.setProvidedContexts(providedContexts(1));
		role.setMinimumSessionTokenSize(4096);
		// The role's own settings are not used: the caller gives the complete ones.
		role.setDuration(Duration.ofHours(3));
		RolePropertiesMapper mapper = map(AUDIT_PREFIX, role);
		RoleSettings settings = new RoleSettings("orders", Duration.ofMinutes(45), true, null, Duration.ofMinutes(1),
				null, null);
		AssumeRoleSpec spec = mapper.assumeRole("arn:aws:iam::210987654321:role/audit", settings);
		assertThat(spec).isEqualTo(AssumeRoleSpec.of("arn:aws:iam::210987654321:role/audit", "orders")
			.withDuration(Duration.ofMinutes(45))
			.withExternalId("partner-42")
			.withPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[]}")
			.withPolicyArns(List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"))
			.withTags(Map.of("team", "payments", "cost-centre", "42"))
			.withTransitiveTagKeys(List.of("team"))
			.withSourceIdentity("jane.doe@example.com")
			.withSerialNumber("arn:aws:iam::123456789012:mfa/jane")
			.withProvidedContexts(List.of(new AssumeRoleSpec.ProvidedContext(
					"arn:aws:iam::aws:contextProvider/IdentityCenter", "assertion-of-context-0")))
			.withMinimumSessionTokenSize(4096));
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1 })
	void minimumSessionTokenSizeMustBePositive(int size) {
		RoleProperties role = new RoleProperties();
		role.setMinimumSessionTokenSize(size);
		RolePropertiesMapper mapper = map(AUDIT_PREFIX, role);
		assertThat(mapper.isValid()).isFalse();
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.roles.audit.minimum-session-token-size");
			assertThat(problem.getExample()).isEqualTo("aws.refresh.roles.audit.minimum-session-token-size=4096");
		});
		assertThat(mapper.assumeRole(ROLE, settings(mapper)).minimumSessionTokenSize()).isNull();
	}

	@Test
	void assumeRoleLeavesOutInvalidValues() {
		RoleProperties role = new RoleProperties();
		role.setExternalId("x");
		role.setPolicy("allow everything");
		role.setSourceIdentity("jane doe");
		role.setSerialNumber("short");
		role.setTags(Map.of("team", "pay#ments"));
		RolePropertiesMapper mapper = map(AUDIT_PREFIX, role);
		assertThat(mapper.assumeRole(ROLE, settings(mapper)))
			.isEqualTo(AssumeRoleSpec.of(ROLE, "orders").withDuration(AssumeRoleSpec.DEFAULT_DURATION));
		assertThat(this.problems.count()).isEqualTo(5);
	}

	@Test
	void customSourceIsReadTrimmed() {
		RoleProperties role = new RoleProperties();
		role.setCustomSource(" vaultCredentials ");
		assertThat(map(AUDIT_PREFIX, role).customSource()).isEqualTo("vaultCredentials");
		RoleProperties blank = new RoleProperties();
		blank.setCustomSource(" ");
		assertThat(map(AUDIT_PREFIX, blank).customSource()).isNull();
	}

	private RolePropertiesMapper map(String prefix, RoleProperties role) {
		return new RolePropertiesMapper(prefix, role, this.problems);
	}

	private static RoleSettings settings(RolePropertiesMapper mapper) {
		return mapper.settings().orElse(RoleSettings.defaults("orders"));
	}

	private static Map<String, String> tags(int count) {
		Map<String, String> tags = new LinkedHashMap<>();
		for (int i = 0; i < count; i++) {
			tags.put("tag-" + i, "value-" + i);
		}
		return tags;
	}

	private static List<String> policyArns(int count) {
		List<String> arns = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			arns.add("arn:aws:iam::123456789012:policy/Boundary" + i);
		}
		return arns;
	}

	private static List<RoleProperties.ProvidedContext> providedContexts(int count) {
		List<RoleProperties.ProvidedContext> contexts = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			RoleProperties.ProvidedContext context = new RoleProperties.ProvidedContext();
			context.setProviderArn("arn:aws:iam::aws:contextProvider/IdentityCenter");
			context.setContextAssertion("assertion-of-context-" + i);
			contexts.add(context);
		}
		return contexts;
	}

}
