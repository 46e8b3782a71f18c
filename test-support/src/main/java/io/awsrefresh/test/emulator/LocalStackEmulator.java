package io.awsrefresh.test.emulator;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Runs LocalStack in a Docker container through Testcontainers.
 *
 * @since 0.1.0
 */
public final class LocalStackEmulator implements AwsEmulator {

	/**
	 * Image that runs without an auth token; later tags need one.
	 */
	public static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.14.0");

	private final LocalStackContainer container;

	private LocalStackEmulator(LocalStackContainer container) {
		this.container = container;
	}

	/**
	 * Whether Testcontainers finds a Docker engine it can use.
	 * @return {@code true} if LocalStack can be started
	 */
	public static boolean isDockerAvailable() {
		if (!mayHaveDocker()) {
			return false;
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * A quick look for any sign of a Docker engine, so that a machine without one is not
	 * made to wait for (and log) Testcontainers' search through every strategy.
	 */
	private static boolean mayHaveDocker() {
		String home = System.getProperty("user.home");
		return System.getenv("DOCKER_HOST") != null || System.getenv("TESTCONTAINERS_HOST_OVERRIDE") != null
				|| Files.exists(Path.of("/var/run/docker.sock"))
				|| Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
				|| Files.exists(Path.of(home, ".testcontainers.properties"))
				|| System.getProperty("os.name", "").startsWith("Windows");
	}

	/**
	 * Start LocalStack and wait until it is ready.
	 * @return the running emulator
	 */
	@SuppressWarnings("resource")
	public static LocalStackEmulator start() {
		LocalStackContainer container = new LocalStackContainer(IMAGE);
		container.start();
		return new LocalStackEmulator(container);
	}

	@Override
	public String name() {
		return "localstack";
	}

	@Override
	public URI endpoint() {
		return this.container.getEndpoint();
	}

	@Override
	public String region() {
		return this.container.getRegion();
	}

	@Override
	public String accessKeyId() {
		return this.container.getAccessKey();
	}

	@Override
	public String secretAccessKey() {
		return this.container.getSecretKey();
	}

	@Override
	public void close() {
		this.container.stop();
	}

	@Override
	public String toString() {
		return "localstack at " + endpoint();
	}

}
