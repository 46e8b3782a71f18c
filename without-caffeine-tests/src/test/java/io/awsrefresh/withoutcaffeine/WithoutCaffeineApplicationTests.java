package io.awsrefresh.withoutcaffeine;

import io.awsrefresh.autoconfigure.InvalidAwsRefreshPropertyException;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.credentials.AssumeRoleSpec;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.test.emulator.AwsEmulator;
import io.awsrefresh.test.emulator.AwsEmulatorTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * An application that depends on {@code aws-refresh-spring-boot} and {@code sts} but not
 * on the starter, so that Caffeine (optional in the auto-configuration) is not on its
 * class path: it starts, its roles are assumed through a real STS emulator, the client
 * registry backs off, and a role template stops startup naming its key.
 */
@AwsEmulatorTest
@ExtendWith(OutputCaptureExtension.class)
class WithoutCaffeineApplicationTests {

	private final AwsEmulator emulator;

	WithoutCaffeineApplicationTests(AwsEmulator emulator) {
		this.emulator = emulator;
	}

	@Test
	void caffeineIsNotOnTheClassPath() {
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName("com.github.benmanes.caffeine.cache.Caffeine"));
	}

	@Test
	void configuredRolesAreAssumedAndTheRegistryBacksOff() {
		try (ConfigurableApplicationContext context = application().run()) {
			assertThat(context.getBeansOfType(AwsClientRegistry.class)).isEmpty();
			AwsCredentialsProvider credentials = context.getBean(AwsCredentialsProvider.class);
			try (StsClient sts = StsClient.builder()
				.region(Region.of(this.emulator.region()))
				.endpointOverride(this.emulator.endpoint())
				.credentialsProvider(credentials)
				.build()) {
				assertThat(sts.getCallerIdentity().arn())
					.isEqualTo("arn:aws:sts::123456789012:assumed-role/app/without-caffeine");
			}
			RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
			assertThat(roles.get("audit").resolveCredentials().accessKeyId()).isNotBlank();
			// A role built in code is a run-time role, held in the cache that is missing.
			AssumeRoleSpec report = AssumeRoleSpec.of("arn:aws:iam::123456789012:role/report", "report");
			assertThatIllegalStateException().isThrownBy(() -> roles.forRole(report))
				.withMessageContaining("Caffeine is not on the class path");
		}
	}

	@Test
	void aRoleTemplateStopsStartupNamingItsKey() {
		assertThatExceptionOfType(InvalidAwsRefreshPropertyException.class)
			.isThrownBy(() -> application()
				.properties("aws.refresh.roles.tenant.role-arn=arn:aws:iam::{account}:role/tenant")
				.run())
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("aws.refresh.roles.tenant.role-arn"))
			.withMessageContaining("add com.github.ben-manes.caffeine:caffeine");
	}

	@Test
	void anInjectedClientFailsStartupSayingWhatToAdd(CapturedOutput output) {
		assertThatExceptionOfType(UnsatisfiedDependencyException.class)
			.isThrownBy(() -> application().sources(NeedsAClient.class).run());
		assertThat(output).contains("APPLICATION FAILED TO START", "No StsClient can be injected",
				"Caffeine (com.github.benmanes.caffeine.cache.Caffeine) is not on the class path",
				"Depend on io.awsrefresh:aws-refresh-spring-boot-starter");
	}

	private SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
			.properties("spring.application.name=without-caffeine", "aws.refresh.region=" + this.emulator.region(),
					"aws.refresh.endpoint=" + this.emulator.endpoint(),
					"aws.refresh.source.access-key-id=" + this.emulator.accessKeyId(),
					"aws.refresh.source.secret-access-key=" + this.emulator.secretAccessKey(),
					"aws.refresh.role-arn=arn:aws:iam::123456789012:role/app",
					"aws.refresh.roles.audit.role-arn=arn:aws:iam::123456789012:role/audit");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

	@Component
	static class NeedsAClient {

		NeedsAClient(StsClient sts) {
		}

	}

}
