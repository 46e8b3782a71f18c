package io.awsrefresh.credentials;

import java.net.URI;

import javax.net.ssl.KeyManager;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.http.TlsKeyManagersProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A call to the AWS IoT credentials provider: an https endpoint with a host, a valid role
 * alias and, if any, a valid thing name, each checked when the spec is made; its string
 * form leaves the device's key material out.
 */
class IotCredentialsSpecTests {

	private static final URI ENDPOINT = URI.create("https://c2abcdefgh1234.credentials.iot.eu-west-1.amazonaws.com");

	private static final TlsKeyManagersProvider KEYS = new TlsKeyManagersProvider() {

		@Override
		public KeyManager[] keyManagers() {
			return new KeyManager[0];
		}

		@Override
		public String toString() {
			return "-----BEGIN PRIVATE KEY----- device-key-material";
		}

	};

	@Test
	void validSpecKeepsEveryField() {
		IotCredentialsSpec spec = new IotCredentialsSpec(ENDPOINT, "sensors", "thermometer-1", KEYS, null);
		assertThat(spec.endpoint()).isEqualTo(ENDPOINT);
		assertThat(spec.roleAlias()).isEqualTo("sensors");
		assertThat(spec.thingName()).isEqualTo("thermometer-1");
		assertThat(spec.keyManagers()).isSameAs(KEYS);
		assertThat(spec.trustManagers()).isNull();
		assertThat(spec.credentialsUri()).isEqualTo(URI.create(ENDPOINT + "/role-aliases/sensors/credentials"));
	}

	@Test
	void thingNameIsOptional() {
		assertThat(new IotCredentialsSpec(ENDPOINT, "sensors", null, KEYS, null).thingName()).isNull();
	}

	@Test
	void endpointMustBeAnHttpsUriWithAHost() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new IotCredentialsSpec(
					URI.create("http://c2abcdefgh1234.credentials.iot.eu-west-1" + ".amazonaws.com"), "sensors", null,
					KEYS, null))
			.withMessage("The AWS IoT credentials endpoint must be an https URI, not "
					+ "http://c2abcdefgh1234.credentials.iot.eu-west-1.amazonaws.com");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new IotCredentialsSpec(URI.create("https:///role-aliases"), "sensors", null, KEYS, null))
			.withMessageContaining("must be an https URI");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new IotCredentialsSpec(
					URI.create("c2abcdefgh1234.credentials.iot.eu-west-1.amazonaws.com"), "sensors", null, KEYS, null))
			.withMessageContaining("must be an https URI");
	}

	@Test
	void invalidRoleAliasIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new IotCredentialsSpec(ENDPOINT, "my sensors", null, KEYS, null))
			.withMessage("'my sensors' is not an IoT role alias");
	}

	@Test
	void invalidThingNameIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new IotCredentialsSpec(ENDPOINT, "sensors", "thermometer.1", KEYS, null))
			.withMessage("'thermometer.1' is not an IoT thing name");
	}

	@Test
	void roleAliasIsOneTo128LettersDigitsAndEqualsCommaAtHyphenUnderscore() {
		assertThat(IotCredentialsSpec.isRoleAlias("a")).isTrue();
		assertThat(IotCredentialsSpec.isRoleAlias("Sensor_Role=1,team@site-2")).isTrue();
		assertThat(IotCredentialsSpec.isRoleAlias("x".repeat(128))).isTrue();
		assertThat(IotCredentialsSpec.isRoleAlias("x".repeat(129))).isFalse();
		assertThat(IotCredentialsSpec.isRoleAlias("")).isFalse();
		assertThat(IotCredentialsSpec.isRoleAlias("sensors/pumps")).isFalse();
		assertThat(IotCredentialsSpec.isRoleAlias("sensors.pumps")).isFalse();
		assertThat(IotCredentialsSpec.isRoleAlias("sensors:pumps")).isFalse();
		assertThat(IotCredentialsSpec.isRoleAlias("capteur-température")).isFalse();
	}

	@Test
	void thingNameIsOneTo128LettersDigitsAndColonUnderscoreHyphen() {
		assertThat(IotCredentialsSpec.isThingName("t")).isTrue();
		assertThat(IotCredentialsSpec.isThingName("site:pump_7-a")).isTrue();
		assertThat(IotCredentialsSpec.isThingName("x".repeat(128))).isTrue();
		assertThat(IotCredentialsSpec.isThingName("x".repeat(129))).isFalse();
		assertThat(IotCredentialsSpec.isThingName("")).isFalse();
		assertThat(IotCredentialsSpec.isThingName("pump=7")).isFalse();
		assertThat(IotCredentialsSpec.isThingName("pump@site")).isFalse();
		assertThat(IotCredentialsSpec.isThingName("pump 7")).isFalse();
	}

	@Test
	void toStringNamesTheCallWithoutTheKeyMaterial() {
		IotCredentialsSpec spec = new IotCredentialsSpec(ENDPOINT, "sensors", "thermometer-1", KEYS, null);
		assertThat(spec)
			.hasToString("IotCredentialsSpec[endpoint=" + ENDPOINT + ", roleAlias=sensors, thingName=thermometer-1]");
		assertThat(spec.toString()).doesNotContain("PRIVATE KEY", "device-key-material");
	}

}
