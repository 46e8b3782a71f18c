package io.awsrefresh.test.emulator;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code python3 -m moto.server} as a child process on a free loopback port.
 *
 * @since 0.1.0
 */
public final class MotoEmulator implements AwsEmulator {

	/**
	 * Environment variable naming a file to keep moto's output in, for debugging.
	 */
	public static final String LOG_ENV = "AWS_EMULATOR_LOG";

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

	private final Process process;

	private final URI endpoint;

	private final Path log;

	private MotoEmulator(Process process, URI endpoint, Path log) {
		this.process = process;
		this.endpoint = endpoint;
		this.log = log;
	}

	/**
	 * Start moto and wait until {@code GET /moto-api/} answers.
	 * @return the running emulator
	 * @throws AwsEmulatorUnavailableException if python3 or moto is missing, or moto does
	 * not answer in time
	 */
	public static MotoEmulator start() {
		int port = freePort();
		Path log = createLogFile();
		ProcessBuilder builder = new ProcessBuilder(
				List.of("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port)))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		// moto embeds botocore, which reads AWS_PROFILE and friends: an inherited (even
		// empty) value breaks every request with ProfileNotFound.
		builder.environment().keySet().removeIf((name) -> name.startsWith("AWS_"));
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new AwsEmulatorUnavailableException("moto could not be started (is python3 on the PATH?)", ex);
		}
		MotoEmulator moto = new MotoEmulator(process, URI.create("http://127.0.0.1:" + port), log);
		moto.awaitReady();
		return moto;
	}

	@Override
	public String name() {
		return "moto";
	}

	@Override
	public URI endpoint() {
		return this.endpoint;
	}

	@Override
	public void close() {
		this.process.descendants().forEach(ProcessHandle::destroy);
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		try {
			if (System.getenv(LOG_ENV) == null) {
				Files.deleteIfExists(this.log);
			}
		}
		catch (IOException ex) {
			// A stray temporary file is not worth failing a test run for.
		}
	}

	@Override
	public String toString() {
		return "moto at " + this.endpoint;
	}

	private void awaitReady() {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				String output = output();
				close();
				throw new AwsEmulatorUnavailableException(
						"moto exited at startup (is it installed? " + "pip install 'moto[server]'): " + output);
			}
			try {
				if (request("GET", "/moto-api/") == 200) {
					return;
				}
			}
			catch (UncheckedIOException ex) {
				// Not listening yet.
			}
			sleep(100);
		}
		close();
		throw new AwsEmulatorUnavailableException(
				"moto did not answer on " + this.endpoint + " within " + STARTUP_TIMEOUT.toSeconds() + "s");
	}

	private int request(String method, String path) {
		try {
			HttpURLConnection connection = (HttpURLConnection) this.endpoint.resolve(path).toURL().openConnection();
			connection.setRequestMethod(method);
			connection.setConnectTimeout(1000);
			connection.setReadTimeout(5000);
			try {
				return connection.getResponseCode();
			}
			finally {
				connection.disconnect();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String output() {
		try {
			String text = Files.readString(this.log, StandardCharsets.UTF_8).strip();
			int lastLines = Math.max(0, text.length() - 2000);
			return text.substring(lastLines);
		}
		catch (IOException ex) {
			return "(no output)";
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path createLogFile() {
		String kept = System.getenv(LOG_ENV);
		if (kept != null && !kept.isBlank()) {
			return Path.of(kept);
		}
		try {
			File file = File.createTempFile("moto-", ".log");
			file.deleteOnExit();
			return file.toPath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AwsEmulatorUnavailableException("Interrupted while waiting for moto", ex);
		}
	}

}
