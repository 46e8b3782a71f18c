package io.awsrefresh.autoconfigure;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

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

	// What the beans are built from: the model the check read, unless property sources
	// came since (a DynamicPropertyRegistrar's), then read and checked again.
	@Bean
	AwsRefreshModel awsRefreshModel(ConfigurableListableBeanFactory beanFactory, Environment environment) {
		return AwsRefreshModel.checked(beanFactory, environment);
	}

}
