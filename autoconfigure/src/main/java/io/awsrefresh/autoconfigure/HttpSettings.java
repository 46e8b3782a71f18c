package io.awsrefresh.autoconfigure;

import io.awsrefresh.autoconfigure.AwsRefreshProperties.Http;

/**
 * Checks {@code aws.refresh.http.*}.
 */
final class HttpSettings {

	private static final String PREFIX = "aws.refresh.http.";

	private HttpSettings() {
	}

	/**
	 * The HTTP settings, checked.
	 * @param http the bound settings
	 * @return the same settings
	 * @throws InvalidAwsRefreshPropertyException if one is invalid
	 * @throws InvalidAwsRefreshPropertiesException if several are invalid
	 */
	static Http checked(Http http) {
		PropertyProblems problems = new PropertyProblems();
		check(http, problems);
		problems.throwIfAny();
		return http;
	}

	static void check(Http http, PropertyProblems problems) {
		if (http.getMaxConnections() < 1) {
			problems.add(new InvalidAwsRefreshPropertyException(PREFIX + "max-connections", http.getMaxConnections(),
					"must be at least 1", PREFIX + "max-connections=50"));
		}
		Integer completionThreads = http.getCompletionThreads();
		if (completionThreads != null && completionThreads < 1) {
			problems.add(new InvalidAwsRefreshPropertyException(PREFIX + "completion-threads", completionThreads,
					"must be at least 1", PREFIX + "completion-threads=16"));
		}
		problems.check(() -> PropertyValues.positive(PREFIX + "connection-timeout", http.getConnectionTimeout(), "2s"));
		problems.check(() -> PropertyValues.positive(PREFIX + "socket-timeout", http.getSocketTimeout(), "30s"));
	}

}
