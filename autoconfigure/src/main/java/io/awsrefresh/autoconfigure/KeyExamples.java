package io.awsrefresh.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A valid value of every {@code aws.refresh.*} key, for the examples of the startup
 * report: a value of the key's type is not always one of the key's (STS issues no
 * credentials for {@code 5m}), and a list, a map or a group of keys has no value of its
 * own to show. The values are those of the documentation and of each key's own check;
 * secrets are placeholders. A test checks that every key has one.
 */
final class KeyExamples {

	private static final String PREFIX = "aws.refresh.";

	private static final String ROLES = "roles.*.";

	/**
	 * The keys of a role, under {@code aws.refresh} and {@code aws.refresh.roles.<name>}
	 * alike, in the order that picks the key a group's example shows: the first under it.
	 */
	private static final Map<String, String> ROLE = parse("""
			role-arn=arn:aws:iam::123456789012:role/app
			source-role=default
			role-session-name=orders-service
			duration=1h
			defer-refresh=false
			prefetch-time=5m
			stale-time=1m
			sts.region=eu-west-1
			sts.endpoint=https://sts.eu-west-1.amazonaws.com
			external-id=d3f1c2a9-partner-id
			policy={"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}
			policy-arns=arn:aws:iam::aws:policy/ReadOnlyAccess
			tags.*=payments
			transitive-tag-keys=team
			source-identity=jane.doe@example.com
			serial-number=arn:aws:iam::123456789012:mfa/jane
			provided-contexts[*].provider-arn=arn:aws:iam::aws:contextProvider/IdentityCenter
			provided-contexts[*].context-assertion=${IDENTITY_CONTEXT}
			minimum-session-token-size=4096
			custom-source=vaultCredentials
			iot.endpoint=c2abcdefgh1234.credentials.iot.eu-west-1.amazonaws.com
			iot.role-alias=device-role
			iot.thing-name=sensor-42
			iot.ssl-bundle=device
			""");

	/**
	 * The other keys, in the same order as {@link #ROLE}, which comes after them.
	 */
	private static final Map<String, String> OTHER = parse("""
			region=eu-west-1
			endpoint=http://127.0.0.1:4566
			enabled=false
			source.profile=default
			source.access-key-id=${AWS_ACCESS_KEY_ID}
			source.secret-access-key=${AWS_SECRET_ACCESS_KEY}
			services.*.endpoint=http://127.0.0.1:4566
			services.*.region=eu-west-1
			services.*.path-style-access=true
			client-beans=injected
			cache.max-size=64
			cache.expire-after-access=30m
			presign.minimum-validity=5m
			http.max-connections=50
			http.connection-timeout=2s
			http.socket-timeout=30s
			http.completion-threads=16
			run-time-roles.max-size=1000
			run-time-roles.expire-after-access=1h
			sessions.max-size=1000
			sessions.expire-after-access=1h
			sdk-metrics.enabled=false
			sdk-observations.enabled=false
			""");

	private static final List<String> ORDER = order();

	private KeyExamples() {
	}

	/**
	 * A valid value of a key.
	 * @param key a key under aws.refresh with {@code *} for a name and {@code [*]} for an
	 * index, such as {@code aws.refresh.roles.*.duration}
	 * @return the value, or {@code null} for a key that has none here
	 */
	static @Nullable String value(String key) {
		String name = relative(key);
		return (name.startsWith(ROLES)) ? ROLE.get(name.substring(ROLES.length()))
				: OTHER.getOrDefault(name, ROLE.get(name));
	}

	/**
	 * Whether a key's valid values depend on the rest of the configuration, so that its
	 * sample value may be rejected where a value written under a misspelling of it is
	 * not: transitive tag keys name tags of their own role.
	 * @param key a key as {@link #value(String)} takes it
	 * @return {@code true} for such a key
	 */
	static boolean dependsOnConfiguration(String key) {
		return relative(key).endsWith("transitive-tag-keys");
	}

	/**
	 * Where a key comes in the order that picks the example of a group of keys: lower
	 * first.
	 * @param key a key as {@link #value(String)} takes it
	 * @return its rank
	 */
	static int rank(String key) {
		int rank = ORDER.indexOf(relative(key));
		return (rank >= 0) ? rank : Integer.MAX_VALUE;
	}

	/**
	 * A name for an entry of a map the example of a group of keys needs and the key
	 * reported does not give.
	 * @param map the map's last element: {@code roles}, {@code services} or {@code tags}
	 * @return a name
	 */
	static String sampleName(String map) {
		return switch (map) {
			case "services" -> "s3";
			case "tags" -> "team";
			default -> "audit";
		};
	}

	private static String relative(String key) {
		return key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
	}

	private static List<String> order() {
		List<String> order = new ArrayList<>(OTHER.keySet());
		order.addAll(ROLE.keySet());
		ROLE.keySet().forEach((name) -> order.add(ROLES + name));
		return List.copyOf(order);
	}

	/**
	 * One {@code key=value} a line, in order.
	 */
	private static Map<String, String> parse(String lines) {
		Map<String, String> values = new LinkedHashMap<>();
		lines.lines().map((line) -> line.split("=", 2)).forEach((pair) -> values.put(pair[0], pair[1]));
		return values;
	}

}
