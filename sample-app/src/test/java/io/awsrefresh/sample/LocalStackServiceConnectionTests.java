package io.awsrefresh.sample;

import io.awsrefresh.test.emulator.LocalStackEmulator;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

/**
 * A {@code @ServiceConnection LocalStackContainer} wires every injected client to the
 * container with no properties. Skipped where Docker does not run.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = WebEnvironment.NONE)
class LocalStackServiceConnectionTests extends AbstractConnectionDetailsTests {

	@Container
	@ServiceConnection
	static final LocalStackContainer localStack = new LocalStackContainer(LocalStackEmulator.IMAGE);

}
