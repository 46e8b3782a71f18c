package io.awsrefresh.sample;

import io.awsrefresh.test.emulator.AwsEmulator;
import io.awsrefresh.test.emulator.AwsEmulatorTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample, started the way the local launcher starts it, against the emulator.
 */
@AwsEmulatorTest
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTests {

	@Test
	void reportsTheIdentityOfEveryRoleAndLogsEachStsCall(AwsEmulator emulator, CapturedOutput output) {
		try (ConfigurableApplicationContext context = SpringApplication.from(SampleApplication::main)
			.run(LocalEmulatorArguments.of(emulator))
			.getApplicationContext()) {
			assertThat(output)
				.contains("Role 'default' calls AWS as arn:aws:sts::123456789012:assumed-role/sample-app/sample-app")
				.contains("Role 'reader' calls AWS as "
						+ "arn:aws:sts::123456789012:assumed-role/sample-reader/sample-app-reader")
				.contains("Assumed role 'default'");
		}
	}

}
