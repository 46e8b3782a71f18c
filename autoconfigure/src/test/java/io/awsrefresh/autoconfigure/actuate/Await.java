package io.awsrefresh.autoconfigure.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Waits for what a background thread does (a refresh, a retry), within a bound: the test
 * fails if the bound passes.
 */
final class Await {

	private Await() {
	}

	static void until(BooleanSupplier condition) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (!condition.getAsBoolean()) {
			assertThat(Instant.now()).as("waited 30 s").isBefore(deadline);
			Thread.sleep(20);
		}
	}

}
