package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.regions.Region;

/**
 * Reads and checks the kinds of values that several {@code aws.refresh.*} keys share:
 * regions, endpoints, durations. Each check names the key it read.
 */
final class PropertyValues {

	private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)+");

	/**
	 * An availability zone ({@code us-east-1a}, or a local zone's
	 * {@code us-east-1-bos-1a}) where a region belongs: no region id ends in a digit and
	 * a letter. The first group is its region.
	 */
	private static final Pattern AVAILABILITY_ZONE = Pattern.compile("([a-z]+(?:-[a-z]+)*-\\d+)(?:-.*\\d)?[a-z]");

	private PropertyValues() {
	}

	/**
	 * A blank value counts as unset, so that {@code role-arn: ${ROLE_ARN:}} means "no
	 * role" rather than "invalid role".
	 */
	static <T> @Nullable T blankToNull(@Nullable T value) {
		return (value instanceof String text && text.isBlank()) ? null : value;
	}

	static Region region(String key, String value) {
		if (!REGION.matcher(value).matches()) {
			throw new InvalidAwsRefreshPropertyException(key, value, "not an AWS region id", key + "=eu-west-1");
		}
		Matcher zone = AVAILABILITY_ZONE.matcher(value);
		if (zone.matches()) {
			throw new InvalidAwsRefreshPropertyException(key, value,
					"an availability zone, not a region: its region is " + zone.group(1), key + "=" + zone.group(1));
		}
		return Region.of(value);
	}

	static URI endpoint(String key, URI value) {
		String scheme = value.getScheme();
		if (!value.isAbsolute() || value.getHost() == null
				|| !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
			throw new InvalidAwsRefreshPropertyException(key, withoutUserInfo(value.toString()),
					"must be an absolute http or https URL", key + "=http://127.0.0.1:4566");
		}
		if (value.getPort() > 65535) {
			throw new InvalidAwsRefreshPropertyException(key, withoutUserInfo(value.toString()),
					"the port must be at most 65535", key + "=http://127.0.0.1:4566");
		}
		if (value.getRawUserInfo() != null || value.getRawAuthority().contains("@")) {
			// AWS endpoints take no user name or password, and an endpoint is shown in
			// logs and by the clients endpoint.
			throw new InvalidAwsRefreshPropertyException(key, withoutUserInfo(value.toString()),
					"must not hold a user name or password", key + "=http://127.0.0.1:4566");
		}
		return value;
	}

	/**
	 * A URL as it may be shown: whatever stands before the last {@code @} after its
	 * scheme is masked, whether or not the rest is valid ({@link URI} finds no user info
	 * when the host is not a valid host name) and whether or not it has a scheme. The
	 * last, not the first after the authority: a password written unencoded may hold
	 * {@code /}, {@code ?} or {@code #}, and nothing tells it from a path. An {@code @}
	 * in a path masks the host too, which only hides more.
	 */
	static String withoutUserInfo(String url) {
		int authority = url.indexOf("//");
		int start = (authority >= 0) ? authority + 2 : 0;
		int at = url.lastIndexOf('@');
		return (at < start) ? url : url.substring(0, start) + "***" + url.substring(at);
	}

	static Duration positive(String key, Duration value, String example) {
		if (value.isNegative() || value.isZero()) {
			throw new InvalidAwsRefreshPropertyException(key, value, "must be positive", key + "=" + example);
		}
		return value;
	}

}
