package io.awsrefresh.actuate;

import java.util.Locale;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks aws-refresh's secrets ({@code aws.refresh.source.secret-access-key}, every
 * {@code external-id} and every provided context's {@code context-assertion}), and the
 * private keys and passwords of Spring Boot's SSL bundles, where an IoT role's device key
 * lives ({@code spring.ssl.bundle.*.*.keystore.private-key}, {@code key-password},
 * {@code password}), in every Actuator endpoint that shows property values
 * ({@code configprops}, {@code env}), whatever {@code show-values} says. Keys are
 * compared without case and separators, so the same value set as an environment variable
 * ({@code AWS_REFRESH_SOURCE_SECRET_ACCESS_KEY}) or seen as a bean property
 * ({@code secretAccessKey}) is masked too.
 *
 * @since 0.1.0
 */
public final class AwsRefreshSanitizingFunction implements SanitizingFunction {

	@Override
	public SanitizableData apply(SanitizableData data) {
		return isSecret(data.getKey()) ? data.withSanitizedValue() : data;
	}

	/**
	 * Whether a property holds one of aws-refresh's secrets.
	 * @param key a property name in any form
	 * @return {@code true} for the secret access key, external ids, context assertions,
	 * and SSL bundles' private keys and passwords
	 */
	public static boolean isSecret(String key) {
		String name = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
		return (name.startsWith("awsrefresh") && (name.endsWith("secretaccesskey") || name.endsWith("externalid")
				|| name.endsWith("contextassertion")))
				|| (name.startsWith("springsslbundle") && (name.endsWith("privatekey") || name.endsWith("password")));
	}

}
