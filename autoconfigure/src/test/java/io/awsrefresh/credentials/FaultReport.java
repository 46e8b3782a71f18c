package io.awsrefresh.credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Appends one Markdown row per scenario and implementation to
 * {@code target/sts-fault-report.md}, the source of the README's table.
 */
final class FaultReport {

	private static final Path FILE = Path.of("target", "sts-fault-report.md");

	private static boolean started;

	private FaultReport() {
	}

	static synchronized void row(String scenario, String implementation, String... cells) {
		try {
			if (!started) {
				started = true;
				Files.createDirectories(FILE.getParent());
				Files.writeString(FILE, header(), StandardCharsets.UTF_8);
			}
			String row = "| " + scenario + " | " + implementation + " | " + String.join(" | ", cells) + " |\n";
			Files.writeString(FILE, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
			System.out.print("[sts-fault-report] " + row);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String millis(long micros) {
		return String.format(Locale.ROOT, (micros < 10_000) ? "%.1f ms" : "%.0f ms", micros / 1000.0);
	}

	private static String header() {
		return "<!-- " + LocalDate.now() + ", Java " + System.getProperty("java.version") + ", "
				+ Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
				+ System.getProperty("os.arch") + " -->\n\n";
	}

}
