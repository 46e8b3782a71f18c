package io.awsrefresh.autoconfigure;

import io.awsrefresh.client.AwsRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The report a developer reads when an application fails to start: the failure analyzers
 * are registered and name the key and a fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTests {

	@Test
	void invalidValueIsReportedWithTheKeyAndAnExample(CapturedOutput output) {
		SpringApplication application = new SpringApplication(App.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--aws.refresh.region=eu-west-1",
				"--aws.refresh.source.access-key-id=AKIDEXAMPLE", "--aws.refresh.source.secret-access-key=s3cr3t",
				"--aws.refresh.role-arn=arn:aws:iam::123456789012:role/app", "--aws.refresh.duration=5m"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid 'aws.refresh.duration' ('5m')")
			.contains("aws.refresh.duration=1h")
			.doesNotContain("s3cr3t");
	}

	@Test
	void misspeltKeyIsReportedWithTheNearestKeyAndWithoutItsValue(CapturedOutput output) {
		SpringApplication application = new SpringApplication(App.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--aws.refresh.region=eu-west-1",
				"--aws.refresh.source.access-key-id=AKIDEXAMPLE", "--aws.refresh.source.secret-acess-key=s3cr3t"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(
					"Property: aws.refresh.source.secret-acess-key\n    Origin: \"aws.refresh.source.secret-acess-key\" "
							+ "from property source \"commandLineArgs\"\n    Reason: binds to nothing")
			.contains("did you mean aws.refresh.source.secret-access-key?")
			.doesNotContain("s3cr3t");

	}

	@Test
	void everyInvalidValueIsReportedTogetherWithWhereItWasSet(CapturedOutput output) {
		SpringApplication application = new SpringApplication(App.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--spring.config.name=several-invalid-values",
				"--spring.profiles.active=prod", "--aws.refresh.http.max-connections=0"));
		String file = "Origin: class path resource [several-invalid-values.yml] - ";
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("6 aws.refresh values are invalid:")
			.contains("Property: aws.refresh.region\n    Value: \"Europe\"\n    " + file + "4:13\n"
					+ "    Reason: not an AWS region id")
			.contains("Property: aws.refresh.duration\n    Value: \"5m\"\n    " + file + "9:15\n")
			.contains("Property: aws.refresh.prefetch-time\n    Value: \"soon\"\n    " + file + "10:20\n"
					+ "    Reason: cannot be read as a duration")
			.contains(
					"Property: aws.refresh.roles.audit.rol-arn\n    Value: \"arn:aws:iam::210987654321:role/audit\"\n    "
							+ file + "13:18\n    Reason: binds to nothing")
			.contains("Property: aws.refresh.stale-time\n    Value: \"0s\"\n"
					+ "    Origin: class path resource [several-invalid-values-prod.yml] - 3:17\n")
			.contains("Property: aws.refresh.http.max-connections\n    Value: \"0\"\n"
					+ "    Origin: \"aws.refresh.http.max-connections\" from property source \"commandLineArgs\"\n")
			.contains("    aws.refresh.duration=1h\n")
			.contains("    aws.refresh.http.max-connections=50\n")
			.doesNotContain("s3cr3t-in-a-file");
	}

	@Test
	void anInheritedValueIsReportedUnderTheRolesKeyWithWhereItWasSet(CapturedOutput output) {
		SpringApplication application = new SpringApplication(App.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--aws.refresh.region=eu-west-1",
				"--aws.refresh.source.access-key-id=AKIDEXAMPLE", "--aws.refresh.source.secret-access-key=s3cr3t",
				"--aws.refresh.prefetch-time=20m",
				"--aws.refresh.roles.audit.role-arn=arn:aws:iam::123456789012:role/a",
				"--aws.refresh.roles.audit.duration=15m"));
		assertThat(output)
			.contains("Property: aws.refresh.roles.audit.prefetch-time\n    Value: \"20m\"\n"
					+ "    Origin: \"aws.refresh.prefetch-time\" from property source \"commandLineArgs\"\n")
			.contains("the value is inherited from aws.refresh.prefetch-time");
	}

	@Test
	void misspeltRoleIsReportedWithTheConfiguredRoles(CapturedOutput output) {
		SpringApplication application = new SpringApplication(ClientApp.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--aws.refresh.region=eu-west-1",
				"--aws.refresh.source.access-key-id=AKIDEXAMPLE", "--aws.refresh.source.secret-access-key=s3cr3t",
				"--aws.refresh.roles.reports.role-arn=arn:aws:iam::123456789012:role/reports"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("@AwsRole(\"reportz\") StsClient is injected into parameter 0 of")
			.contains("configured roles: [default, reports]")
			.contains("aws.refresh.roles.reportz.role-arn=");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(AwsRefreshCredentialsAutoConfiguration.class)
	static class App {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ AwsRefreshHttpClientAutoConfiguration.class,
			AwsRefreshCredentialsAutoConfiguration.class, AwsClientRegistryAutoConfiguration.class })
	@Import(ReportsUser.class)
	static class ClientApp {

	}

	static class ReportsUser {

		ReportsUser(@AwsRole("reportz") StsClient sts) {
		}

	}

}
