package io.awsrefresh.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AwsRefreshKeys} knows every {@code aws.refresh.*} key of the properties classes
 * and suggests the one nearest to a misspelt key, keeping the misspelt key's role or
 * service name; it tells which keys' values must not be shown because they hint at a
 * secret.
 */
class AwsRefreshKeysTests {

	private final AwsRefreshKeys keys = new AwsRefreshKeys();

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "aws.refresh.role-arnn, aws.refresh.role-arn", "aws.refresh.enpoint, aws.refresh.endpoint",
			"aws.refresh.durationn, aws.refresh.duration", "aws.refresh.regoin, aws.refresh.region",
			"aws.refresh.defer-refesh, aws.refresh.defer-refresh",
			"aws.refresh.source.secret-acess-key, aws.refresh.source.secret-access-key",
			"aws.refresh.http.max-conections, aws.refresh.http.max-connections",
			"aws.refresh.run-time-roles.max-sise, aws.refresh.run-time-roles.max-size" })
	void misspeltTopLevelKeyHasTheNearestValidKey(String misspelt, String nearest) {
		assertThat(this.keys.nearest(misspelt)).isEqualTo(nearest);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "aws.refresh.roles.audit.rolearnn, aws.refresh.roles.audit.role-arn",
			"aws.refresh.roles.billing-eu.duratoin, aws.refresh.roles.billing-eu.duration",
			"aws.refresh.roles.scanner.source-rol, aws.refresh.roles.scanner.source-role",
			"aws.refresh.roles.reports.extenal-id, aws.refresh.roles.reports.external-id" })
	void misspeltKeyOfANamedRoleKeepsTheRoleName(String misspelt, String nearest) {
		assertThat(this.keys.nearest(misspelt)).isEqualTo(nearest);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "aws.refresh.sts.regoin, aws.refresh.sts.region", "aws.refresh.sts.endpont, aws.refresh.sts.endpoint",
			"aws.refresh.roles.audit.sts.regin, aws.refresh.roles.audit.sts.region",
			"aws.refresh.iot.role-alais, aws.refresh.iot.role-alias",
			"aws.refresh.iot.ssl-bundel, aws.refresh.iot.ssl-bundle",
			"aws.refresh.roles.device.iot.thing-nam, aws.refresh.roles.device.iot.thing-name",
			"aws.refresh.roles.device.iot.endpiont, aws.refresh.roles.device.iot.endpoint" })
	void misspeltNestedKeyHasTheNearestNestedKey(String misspelt, String nearest) {
		assertThat(this.keys.nearest(misspelt)).isEqualTo(nearest);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "aws.refresh.services.s3.path-style-acess, aws.refresh.services.s3.path-style-access",
			"aws.refresh.services.dynamodb.regin, aws.refresh.services.dynamodb.region",
			"aws.refresh.services.sqs.endpont, aws.refresh.services.sqs.endpoint" })
	void misspeltKeyOfAServiceKeepsTheServiceId(String misspelt, String nearest) {
		assertThat(this.keys.nearest(misspelt)).isEqualTo(nearest);
	}

	@Test
	void misspeltListKeyHasTheListKey() {
		assertThat(this.keys.nearest("aws.refresh.policy-arn[0]")).isEqualTo("aws.refresh.policy-arns");
		assertThat(this.keys.nearest("aws.refresh.transitive-tag-key[0]")).isEqualTo("aws.refresh.transitive-tag-keys");
	}

	@Test
	void misspeltKeyOfAProvidedContextHasTheNearestKeyWithItsIndex() {
		assertThat(this.keys.nearest("aws.refresh.provided-contexts[0].context-asertion"))
			.isEqualTo("aws.refresh.provided-contexts[0].context-assertion");
		assertThat(this.keys.nearest("aws.refresh.roles.audit.provided-contexts[1].provider-arnn"))
			.isEqualTo("aws.refresh.roles.audit.provided-contexts[1].provider-arn");
	}

	@Test
	void misspeltKeyOfARoleWhoseNameIsInBracketsKeepsTheRoleName() {
		assertThat(this.keys.nearest("aws.refresh.roles[team.audit].rolearnn"))
			.isEqualTo("aws.refresh.roles[team.audit].role-arn");
	}

	@ParameterizedTest
	@ValueSource(strings = { "aws.refresh.something-else-entirely", "aws.refresh.xyz",
			"aws.refresh.roles.audit.favourite-colour", "aws.refresh.services.s3.bucket-name",
			"aws.refresh.sts.completely-unrelated-setting" })
	void keyFarFromEveryValidKeyHasNoSuggestion(String key) {
		assertThat(this.keys.nearest(key)).isNull();
	}

	@Test
	void validKeyIsItsOwnNearestKey() {
		assertThat(this.keys.nearest("aws.refresh.cache.expire-after-access"))
			.isEqualTo("aws.refresh.cache.expire-after-access");
		assertThat(this.keys.nearest("aws.refresh.roles.audit.iot.role-alias"))
			.isEqualTo("aws.refresh.roles.audit.iot.role-alias");
	}

	@ParameterizedTest
	@ValueSource(strings = { "aws.refresh.source.secret-access-key", "aws.refresh.source.secret-acess-key",
			"aws.refresh.source.secretAccessKey", "AWS_REFRESH_SOURCE_SECRET_ACCESS_KEY",
			"aws.refresh.source.access-key-id", "aws.refresh.provided-contexts[0].context-assertion",
			"aws.refresh.roles.audit.provided-contexts[0].context-assertion", "aws.refresh.external-id",
			"aws.refresh.roles.partner.external-id", "aws.refresh.session-token", "aws.refresh.source.password",
			"aws.refresh.source.passwd", "aws.refresh.source.credentials", "aws.refresh.iot.private-key",
			"aws.refresh.mfa-code", "aws.refresh.token-code", "aws.refresh.source.pass",
			"aws.refresh.source.sesion-tokn", "aws.refresh.sts.auth-header", "aws.refresh.source.pwd",
			"aws.refresh.tags.api-key", "aws.refresh.source.tag-key-secret" })
	void keyHintingAtASecretLooksSecret(String key) {
		assertThat(AwsRefreshKeys.looksSecret(key)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "aws.refresh.role-arn", "aws.refresh.roles.audit.role-arn", "aws.refresh.region",
			"aws.refresh.sts.region", "aws.refresh.endpoint", "aws.refresh.duration", "aws.refresh.source.profile",
			"aws.refresh.policy-arns[0]", "aws.refresh.tags.team", "aws.refresh.serial-number",
			"aws.refresh.iot.endpoint", "aws.refresh.iot.thing-name", "aws.refresh.http.max-connections",
			"aws.refresh.roles.audit.durationn", "aws.refresh.transitive-tag-keys[0]",
			"aws.refresh.roles.audit.transitive-tag-key", "AWS_REFRESH_TRANSITIVE_TAG_KEYS",
			"aws.refresh.transitiveTagKeys" })
	void ordinaryKeyDoesNotLookSecret(String key) {
		assertThat(AwsRefreshKeys.looksSecret(key)).isFalse();
	}

}
