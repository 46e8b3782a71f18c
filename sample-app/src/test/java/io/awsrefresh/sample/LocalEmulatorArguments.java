package io.awsrefresh.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.awsrefresh.test.emulator.AwsEmulator;

/**
 * Command-line properties that point the sample at a local emulator, with credentials due
 * for refresh 30 seconds after each STS call. Only development and tests use them;
 * application.yml stays production configuration.
 */
final class LocalEmulatorArguments {

	private LocalEmulatorArguments() {
	}

	static String[] of(AwsEmulator emulator, String... args) {
		List<String> all = new ArrayList<>(
				List.of("--aws.refresh.endpoint=" + emulator.endpoint(), "--aws.refresh.region=" + emulator.region(),
						"--aws.refresh.source.access-key-id=" + emulator.accessKeyId(),
						"--aws.refresh.source.secret-access-key=" + emulator.secretAccessKey(),
						"--aws.refresh.duration=15m", "--aws.refresh.prefetch-time=870s",
						"--aws.refresh.stale-time=840s", "--logging.level.io.awsrefresh.credentials=debug"));
		all.addAll(Arrays.asList(args));
		return all.toArray(String[]::new);
	}

}
