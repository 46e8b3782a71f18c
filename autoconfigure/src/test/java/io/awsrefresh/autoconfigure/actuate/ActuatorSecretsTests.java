package io.awsrefresh.autoconfigure.actuate;

import io.awsrefresh.actuate.AwsRefreshSanitizingFunction;
import io.awsrefresh.autoconfigure.AwsRefreshCredentialsAutoConfiguration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets stay out of {@code /actuator/configprops} and {@code /actuator/env} even with
 * {@code show-values=always}.
 */
class ActuatorSecretsTests {

	private static final String SECRET = "s3cr3t-4ccess-k3y";

	private static final String EXTERNAL_ID = "partner-external-id-42";

	private static final String CONTEXT_ASSERTION = "identity-context-assertion-42";

	private static final String PRIVATE_KEY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-device-private-key-42";

	private static final String KEY_PASSWORD = "device-key-password-42";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
				ConfigurationPropertiesReportEndpointAutoConfiguration.class,
				EnvironmentEndpointAutoConfiguration.class, AwsRefreshCredentialsAutoConfiguration.class,
				AwsRefreshSanitizingAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=configprops,env",
				"management.endpoint.configprops.show-values=always", "management.endpoint.env.show-values=always",
				"aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
				"aws.refresh.source.secret-access-key=" + SECRET,
				"aws.refresh.role-arn=arn:aws:iam::123456789012:role/app", "aws.refresh.external-id=" + EXTERNAL_ID,
				"aws.refresh.roles.audit.role-arn=arn:aws:iam::210987654321:role/audit",
				"aws.refresh.roles.audit.external-id=" + EXTERNAL_ID,
				"aws.refresh.roles.audit.provided-contexts[0].provider-arn=arn:aws:iam::aws:contextProvider/IdentityCenter",
				"aws.refresh.roles.audit.provided-contexts[0].context-assertion=" + CONTEXT_ASSERTION);

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void configpropsAndEnvShowNoSecretWhateverShowValuesSays() {
		this.contextRunner.run((context) -> {
			String configprops = this.json.writeValueAsString(
					context.getBean(ConfigurationPropertiesReportEndpoint.class).configurationProperties());
			String env = this.json.writeValueAsString(context.getBean(EnvironmentEndpoint.class).environment(null));
			// The endpoints do show values: the access key id is there.
			assertThat(configprops).contains("AKIDEXAMPLE", "******");
			assertThat(env).contains("AKIDEXAMPLE", "******");
			assertThat(configprops + env).contains("contextProvider/IdentityCenter")
				.doesNotContain(SECRET, EXTERNAL_ID, CONTEXT_ASSERTION);
		});
	}

	@Test
	void secretKeysAreRecognisedInEveryForm() {
		assertThat(AwsRefreshSanitizingFunction.isSecret("aws.refresh.source.secret-access-key")).isTrue();
		assertThat(AwsRefreshSanitizingFunction.isSecret("AWS_REFRESH_SOURCE_SECRET_ACCESS_KEY")).isTrue();
		assertThat(AwsRefreshSanitizingFunction.isSecret("aws.refresh.source.secretAccessKey")).isTrue();
		assertThat(AwsRefreshSanitizingFunction.isSecret("aws.refresh.roles.audit.external-id")).isTrue();
		assertThat(
				AwsRefreshSanitizingFunction.isSecret("aws.refresh.roles.audit.provided-contexts[0].context-assertion"))
			.isTrue();
		assertThat(AwsRefreshSanitizingFunction.isSecret("aws.refresh.source.access-key-id")).isFalse();
		assertThat(AwsRefreshSanitizingFunction.isSecret("spring.datasource.external-id")).isFalse();
	}

	@Test
	void theDevicesPrivateKeyAndPasswordsOfAnSslBundleAreMasked() {
		this.contextRunner
			.withPropertyValues("spring.ssl.bundle.pem.device.keystore.private-key=" + PRIVATE_KEY,
					"spring.ssl.bundle.pem.device.keystore.private-key-password=" + KEY_PASSWORD,
					"spring.ssl.bundle.jks.other.keystore.password=" + KEY_PASSWORD)
			.run((context) -> {
				String env = this.json.writeValueAsString(context.getBean(EnvironmentEndpoint.class).environment(null));
				assertThat(env).contains("spring.ssl.bundle.pem.device.keystore.private-key")
					.doesNotContain(PRIVATE_KEY, KEY_PASSWORD);
			});
		assertThat(AwsRefreshSanitizingFunction.isSecret("spring.ssl.bundle.pem.device.keystore.private-key")).isTrue();
		assertThat(AwsRefreshSanitizingFunction.isSecret("SPRING_SSL_BUNDLE_PEM_DEVICE_KEYSTORE_PRIVATE_KEY")).isTrue();
		assertThat(AwsRefreshSanitizingFunction.isSecret("spring.ssl.bundle.jks.other.key.password")).isTrue();
		assertThat(AwsRefreshSanitizingFunction.isSecret("spring.ssl.bundle.pem.device.keystore.certificate"))
			.isFalse();
	}

	@Test
	void backsOffWithoutActuator() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AwsRefreshSanitizingAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).doesNotHaveBean(AwsRefreshSanitizingFunction.class));
	}

}
