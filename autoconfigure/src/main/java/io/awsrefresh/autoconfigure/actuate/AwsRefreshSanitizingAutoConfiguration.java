package io.awsrefresh.autoconfigure.actuate;

import io.awsrefresh.actuate.AwsRefreshSanitizingFunction;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that keeps aws-refresh's secrets out of Actuator endpoints.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class AwsRefreshSanitizingAutoConfiguration {

	// Always on, and not conditional on aws.refresh.enabled: a disabled starter's
	// properties may still hold secrets.
	@Bean
	AwsRefreshSanitizingFunction awsRefreshSanitizingFunction() {
		return new AwsRefreshSanitizingFunction();
	}

}
