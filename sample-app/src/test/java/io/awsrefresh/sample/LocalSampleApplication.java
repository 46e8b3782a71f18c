package io.awsrefresh.sample;

import io.awsrefresh.test.emulator.AwsEmulatorUnavailableException;
import io.awsrefresh.test.emulator.AwsEmulators;
import io.awsrefresh.test.emulator.LocalStackEmulator;

import org.springframework.boot.SpringApplication;

/**
 * Runs the sample against a local AWS emulator, LocalStack where Docker runs and moto
 * otherwise: {@code ./mvnw -pl sample-app -am spring-boot:test-run}.
 */
public final class LocalSampleApplication {

	private LocalSampleApplication() {
	}

	public static void main(String[] args) {
		if (!LocalStackEmulator.isDockerAvailable()) {
			try {
				AwsEmulators.shared();
			}
			catch (AwsEmulatorUnavailableException ex) {
				System.err.println("Cannot run the sample locally: " + ex.getMessage()
						+ "\nInstall moto (pip install 'moto[server]') or start Docker for LocalStack.");
				System.exit(1);
			}
		}
		SpringApplication.from(SampleApplication::main)
			.with(LocalAwsConfiguration.class)
			.withAdditionalProfiles("local")
			.run(args);
	}

}
