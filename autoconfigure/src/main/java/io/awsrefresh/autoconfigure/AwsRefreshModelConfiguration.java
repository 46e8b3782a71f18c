package io.awsrefresh.autoconfigure;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Reads the {@link AwsRefreshModel} and checks it before any bean is created, for every
 * auto-configuration that reads it (imported by each, processed once).
 */
@Configuration(proxyBeanMethods = false)
class AwsRefreshModelConfiguration {

	// Every aws.refresh value is checked before any bean is created: one report lists
	// every mistake.
	@Bean
	static AwsRefreshPropertiesCheck awsRefreshPropertiesCheck() {
		return new AwsRefreshPropertiesCheck();
	}

}
