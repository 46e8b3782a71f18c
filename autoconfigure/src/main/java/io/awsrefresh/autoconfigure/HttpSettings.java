package io.awsrefresh.autoconfigure;

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
		Integer completionThreads = http.getCompletionThreads();
		if (completionThreads != null && completionThreads < 1) {
			throw new InvalidAwsRefreshPropertyException(PREFIX + "completion-threads", completionThreads,
					"must be at least 1", PREFIX + "completion-threads=16");
		}
		PropertyValues.positive(PREFIX + "connection-timeout", http.getConnectionTimeout(), "2s");
		PropertyValues.positive(PREFIX + "socket-timeout", http.getSocketTimeout(), "30s");
		return http;
	}

}
