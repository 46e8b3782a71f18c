package io.awsrefresh.autoconfigure;

import java.time.Duration;

import io.awsrefresh.autoconfigure.AwsRefreshProperties.Http;
import org.jspecify.annotations.Nullable;

/**
 * The settings of the shared HTTP clients, {@code aws.refresh.http.*}, checked.
 *
 * @param maxConnections most connections of each HTTP client
 * @param completionThreads threads that complete async calls, or {@code null} for the
 * default
 * @param connectionTimeout how long a connection may take to open
 * @param socketTimeout how long a read or write may wait
 */
record HttpSettings(int maxConnections, @Nullable Integer completionThreads, Duration connectionTimeout,
		Duration socketTimeout) {

	private static final String PREFIX = "aws.refresh.http.";

	static HttpSettings read(Http http, PropertyProblems problems) {
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
		return new HttpSettings(http.getMaxConnections(), completionThreads, http.getConnectionTimeout(),
				http.getSocketTimeout());
	}

}
