package io.awsrefresh.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an invalid {@code aws.refresh.*} value: the key, what is wrong, and a valid
 * example.
 */
class InvalidAwsRefreshPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidAwsRefreshPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidAwsRefreshPropertyException cause) {
		return new FailureAnalysis(cause.getMessage(), "Update '" + cause.getProperty()
				+ "' in your configuration, for example:\n\n    " + cause.getExample() + "\n", cause);
	}

}
