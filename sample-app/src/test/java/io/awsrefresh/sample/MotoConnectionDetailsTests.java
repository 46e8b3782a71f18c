package io.awsrefresh.sample;

import io.awsrefresh.autoconfigure.AwsRefreshConnectionDetails;
import io.awsrefresh.test.emulator.AwsEmulatorTest;
import io.awsrefresh.test.emulator.AwsEmulators;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The moto mirror of {@link LocalStackServiceConnectionTests}: a connection details bean
 * instead of a container, so it runs where Docker does not.
 */
@AwsEmulatorTest
@SpringBootTest(webEnvironment = WebEnvironment.NONE)
@Import(MotoConnectionDetailsTests.MotoConnection.class)
class MotoConnectionDetailsTests extends AbstractConnectionDetailsTests {

	@TestConfiguration(proxyBeanMethods = false)
	static class MotoConnection {

		@Bean
		AwsRefreshConnectionDetails motoConnectionDetails() {
			return new EmulatorConnectionDetails(AwsEmulators.shared());
		}

	}

}
