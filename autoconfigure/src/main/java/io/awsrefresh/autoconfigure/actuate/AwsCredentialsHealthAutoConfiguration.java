package io.awsrefresh.autoconfigure.actuate;

import java.time.Clock;

import io.awsrefresh.actuate.AwsCredentialsHealthIndicator;
import io.awsrefresh.autoconfigure.AwsRefreshCredentialsAutoConfiguration;
import io.awsrefresh.credentials.RoleCredentialsProviders;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code awsCredentials} health contributor
 * ({@code management.health.awscredentials.enabled}).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = AwsRefreshCredentialsAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(RoleCredentialsProviders.class)
public final class AwsCredentialsHealthAutoConfiguration {

	// The bean name gives the contributor its name: awsCredentials. The condition is on
	// the method: its class is only loaded once the class condition has passed.
	@Bean
	@ConditionalOnEnabledHealthIndicator("awscredentials")
	@ConditionalOnMissingBean(name = "awsCredentialsHealthIndicator")
	AwsCredentialsHealthIndicator awsCredentialsHealthIndicator(RoleCredentialsProviders roles) {
		return new AwsCredentialsHealthIndicator(roles, Clock.systemUTC());
	}

}
