package io.awsrefresh.sample;

import io.awsrefresh.test.emulator.AwsEmulator;
import io.awsrefresh.test.emulator.AwsEmulatorUnavailableException;
import io.awsrefresh.test.emulator.AwsEmulators;

import org.springframework.boot.SpringApplication;

/**
 * Runs the sample against a local AWS emulator (moto, or LocalStack where Docker runs):
 * {@code ./mvnw -pl sample-app -am test-compile spring-boot:test-run}.
 */
public final class LocalSampleApplication {

	private LocalSampleApplication() {
	}

	public static void main(String[] args) {
		AwsEmulator emulator;
		try {
			emulator = AwsEmulators.start();
		}
		catch (AwsEmulatorUnavailableException ex) {
			System.err.println("Cannot run the sample locally: " + ex.getMessage()
					+ "\nInstall moto (pip install 'moto[server]') or start Docker for LocalStack.");
			System.exit(1);
			return;
		}
		System.out.println("Started " + emulator);
		Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "aws-emulator-shutdown"));
		SpringApplication.from(SampleApplication::main).run(LocalEmulatorArguments.of(emulator, args));
	}

}
