package io.awsrefresh.autoconfigure;

import java.time.Duration;

import io.awsrefresh.autoconfigure.AwsRefreshProperties.Http;

/**
 * Checks {@code aws.refresh.http.*}.
 */
final class HttpSettings {

	private static final String PREFIX = "aws.refresh.http.";

	private HttpSettings() {
	}

	static Http check(Http http) {
		if (http.getMaxConnections() < 1) {
			throw new InvalidAwsRefreshPropertyException(PREFIX + "max-connections", http.getMaxConnections(),
					"must be at least 1", PREFIX + "max-connections=50");
		}
		positive(PREFIX + "connection-timeout", http.getConnectionTimeout(), "2s");
		positive(PREFIX + "socket-timeout", http.getSocketTimeout(), "30s");
		return http;
	}

	static void positive(String key, Duration value, String example) {
		if (value.isNegative() || value.isZero()) {
			throw new InvalidAwsRefreshPropertyException(key, value, "must be positive", key + "=" + example);
		}
	}

}
