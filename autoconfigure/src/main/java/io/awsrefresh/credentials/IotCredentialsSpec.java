package io.awsrefresh.credentials;

import java.net.URI;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.http.TlsKeyManagersProvider;
import software.amazon.awssdk.http.TlsTrustManagersProvider;

/**
 * Every field of a call to the AWS IoT credentials provider for one role: a device
 * presents its X.509 certificate over mutual TLS and gets temporary credentials of the
 * IAM role that a role alias points to.
 *
 * @param endpoint the account's credentials provider endpoint, such as
 * {@code https://c2abcdefgh1234.credentials.iot.eu-west-1.amazonaws.com}
 * @param roleAlias the role alias
 * @param thingName the thing name sent in the {@code x-amzn-iot-thingname} header, or
 * {@code null} to send none (only policies that use thing variables need it)
 * @param keyManagers the device's certificate and private key
 * @param trustManagers the authorities the endpoint's certificate is checked against, or
 * {@code null} for the JVM's default trust store (which holds Amazon's roots)
 * @since 0.1.0
 */
public record IotCredentialsSpec(URI endpoint, String roleAlias, @Nullable String thingName,
		TlsKeyManagersProvider keyManagers, @Nullable TlsTrustManagersProvider trustManagers) {

	private static final Pattern ROLE_ALIAS = Pattern.compile("[\\w=,@-]{1,128}");

	private static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");

	public IotCredentialsSpec {
		if (!"https".equals(endpoint.getScheme()) || endpoint.getHost() == null) {
			throw new IllegalArgumentException("The AWS IoT credentials endpoint must be an https URI, not "
					+ SecretMasking.withoutUserInfo(endpoint));
		}
		if (!isRoleAlias(roleAlias)) {
			throw new IllegalArgumentException("'" + roleAlias + "' is not an IoT role alias");
		}
		if (thingName != null && !isThingName(thingName)) {
			throw new IllegalArgumentException("'" + thingName + "' is not an IoT thing name");
		}
	}

	/**
	 * Whether a value is a valid role alias: 1 to 128 letters, digits and {@code =,@-_}.
	 * @param value the value
	 * @return {@code true} if it is
	 */
	public static boolean isRoleAlias(String value) {
		return ROLE_ALIAS.matcher(value).matches();
	}

	/**
	 * Whether a value is a valid thing name: 1 to 128 letters, digits and {@code :_-}.
	 * @param value the value
	 * @return {@code true} if it is
	 */
	public static boolean isThingName(String value) {
		return THING_NAME.matcher(value).matches();
	}

	/**
	 * Where the credentials are asked for.
	 * @return {@code <endpoint>/role-aliases/<role alias>/credentials}
	 */
	public URI credentialsUri() {
		return this.endpoint.resolve("/role-aliases/" + this.roleAlias + "/credentials");
	}

	@Override
	public String toString() {
		// The key managers' toString() is whatever their class says: leave them out.
		return "IotCredentialsSpec[endpoint=" + SecretMasking.withoutUserInfo(this.endpoint) + ", roleAlias="
				+ this.roleAlias + ", thingName=" + this.thingName + "]";
	}

}
