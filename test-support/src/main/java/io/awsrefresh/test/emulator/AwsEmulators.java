package io.awsrefresh.test.emulator;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Starts the local AWS emulator this machine can run: moto when {@code python3 -m
 * moto.server} works, else LocalStack through Testcontainers when Docker runs. The
 * {@value #EMULATOR_ENV} environment variable ({@code moto} or {@code localstack}) forces
 * one.
 *
 * @since 0.1.0
 */
public final class AwsEmulators {

	/**
	 * Environment variable that, set to {@code true}, turns a missing emulator into a
	 * test failure instead of a skipped test (CI sets it).
	 */
	public static final String REQUIRED_ENV = "AWS_EMULATOR_REQUIRED";

	/**
	 * Environment variable naming the emulator to use: {@code moto} or
	 * {@code localstack}.
	 */
	public static final String EMULATOR_ENV = "AWS_EMULATOR";

	// One emulator per JVM, for test configurations that cannot receive one from JUnit.
	private static @Nullable AwsEmulator shared;

	private static @Nullable AwsEmulatorUnavailableException sharedFailure;

	private AwsEmulators() {
	}

	/**
	 * The emulator of this JVM, started on first use and stopped when the JVM exits. A
	 * missing emulator is looked for once.
	 * @return the running emulator
	 * @throws AwsEmulatorUnavailableException with a one-line reason when none can run
	 */
	public static synchronized AwsEmulator shared() {
		if (shared != null) {
			return shared;
		}
		if (sharedFailure != null) {
			throw sharedFailure;
		}
		try {
			AwsEmulator emulator = start();
			Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "aws-emulator-shutdown"));
			shared = emulator;
			return emulator;
		}
		catch (AwsEmulatorUnavailableException ex) {
			sharedFailure = ex;
			throw ex;
		}
	}

	/**
	 * Whether the environment demands that emulator-backed tests run.
	 * @return {@code true} when {@value #REQUIRED_ENV} is {@code true}
	 */
	public static boolean isRequired() {
		return Boolean.parseBoolean(System.getenv(REQUIRED_ENV));
	}

	/**
	 * Start an emulator.
	 * @return the running emulator, which the caller closes
	 * @throws AwsEmulatorUnavailableException with a one-line reason when none can run
	 */
	public static AwsEmulator start() {
		String choice = System.getenv(EMULATOR_ENV);
		if (choice != null && !choice.isBlank()) {
			return switch (choice.strip().toLowerCase(Locale.ROOT)) {
				case "moto" -> MotoEmulator.start();
				case "localstack" -> startLocalStack();
				default -> throw new AwsEmulatorUnavailableException(
						EMULATOR_ENV + " must be 'moto' or 'localstack', not '" + choice + "'");
			};
		}
		try {
			return MotoEmulator.start();
		}
		catch (AwsEmulatorUnavailableException motoFailure) {
			if (isLocalStackUsable()) {
				return LocalStackEmulator.start();
			}
			throw new AwsEmulatorUnavailableException(
					"No AWS emulator: " + motoFailure.getMessage() + "; and no Docker for LocalStack", motoFailure);
		}
	}

	private static AwsEmulator startLocalStack() {
		if (!isLocalStackUsable()) {
			throw new AwsEmulatorUnavailableException("LocalStack needs Testcontainers and a running Docker engine");
		}
		return LocalStackEmulator.start();
	}

	private static boolean isLocalStackUsable() {
		try {
			Class.forName("org.testcontainers.localstack.LocalStackContainer", false,
					AwsEmulators.class.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
		return LocalStackEmulator.isDockerAvailable();
	}

}
