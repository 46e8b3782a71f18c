package io.awsrefresh.credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet of 1,000 instances with 5 roles each against one account's STS quota, on
 * virtual time, driven by the real refresh engine: deployed in one minute, two hours of
 * steady state, and a 10-minute STS outage at the worst moment, with the default prefetch
 * window and a longer one. The plain SDK provider's demand in the outage is modelled from
 * the per-role rates {@link StsFaultTests} measured. Writes
 * {@code target/fleet-simulation.md}; {@code -Dfleet.simulation.long=true} runs 10,000
 * instances (50,000 roles in one account, beyond what STS's quota absorbs) and 24 hours,
 * asserts only that every role ends with valid credentials, and writes
 * {@code target/fleet-simulation-long.md}.
 */
class FleetSimulationTests {

	private static final boolean LONG = Boolean.getBoolean("fleet.simulation.long");

	private static final int INSTANCES = LONG ? 10_000 : 1_000;

	private static final int ROLES_PER_INSTANCE = 5;

	private static final Duration STEADY_STATE = LONG ? Duration.ofHours(24) : Duration.ofHours(2);

	private static final Duration DEPLOY_WINDOW = Duration.ofMinutes(1);

	private static final Duration DURATION = Duration.ofHours(1);

	private static final Duration OUTAGE = Duration.ofMinutes(10);

	private static final long SEED = 20261130L;

	/**
	 * AssumeRole requests per second of one role of a busy instance (64 threads calling)
	 * with the plain SDK provider, as StsFaultTests measured on JDK 17: 107 in 24 s while
	 * STS failed and the credentials were valid (prefetch window), 330 in 10 s once they
	 * were stale.
	 */
	private static final double SDK_RATE_VALID = 107 / 24.0;

	private static final double SDK_RATE_STALE = 330 / 10.0;

	private static final Path REPORT = Path.of("target", LONG ? "fleet-simulation-long.md" : "fleet-simulation.md");

	private static final List<String> rows = new ArrayList<>();

	private static final List<String> series = new ArrayList<>();

	private static LoggingSystem logging;

	@BeforeAll
	static void quietRefreshLog() {
		// Thousands of roles failing together: the log lines are the fault tests'
		// business.
		logging = LoggingSystem.get(FleetSimulationTests.class.getClassLoader());
		logging.setLogLevel("io.awsrefresh.credentials", LogLevel.OFF);
	}

	@AfterAll
	static void writeReport() throws IOException {
		logging.setLogLevel("io.awsrefresh.credentials", null);
		Files.createDirectories(REPORT.getParent());
		String header = "<!-- " + LocalDate.now() + ", Java " + System.getProperty("java.version") + ", " + INSTANCES
				+ " instances x " + ROLES_PER_INSTANCE + " roles, seed " + SEED + " -->\n\n"
				+ "| Scenario | Settings | AssumeRole requests | Peak per second | Throttled | Roles that failed a caller | "
				+ "Failed calls | Plain SDK peak per second (modelled) |\n|---|---|---:|---:|---:|---:|---:|---:|\n";
		Files.writeString(REPORT, header + String.join("", rows) + "\n" + String.join("", series),
				StandardCharsets.UTF_8);
	}

	@Test
	void deployedInOneMinuteThenSteadyState() {
		steadyState(Duration.ofMinutes(5), 55);
	}

	@Test
	void deployedInOneMinuteThenSteadyStateWithAFifteenMinutePrefetchWindow() {
		steadyState(Duration.ofMinutes(15), 45);
	}

	/**
	 * @param refreshAfterMinutes the earliest a role refreshes after its fetch: duration
	 * less prefetch time
	 */
	private void steadyState(Duration prefetch, int refreshAfterMinutes) {
		RefreshSettings settings = new RefreshSettings(true, prefetch, Duration.ofMinutes(1));
		FleetSimulation fleet = new FleetSimulation(INSTANCES, ROLES_PER_INSTANCE, settings, DURATION, DEPLOY_WINDOW,
				SEED);
		FleetSimulation.Totals start = fleet.totals();
		fleet.runUntil(Duration.ofMinutes(5));
		int[] deploy = fleet.requestsPerSecond();
		FleetSimulation.Totals deployed = fleet.totals();
		fleet.runUntil(STEADY_STATE);
		FleetSimulation.Totals steadyTotals = fleet.totals().since(deployed);
		FleetSimulation.Totals deployTotals = deployed.since(start);
		int[] all = fleet.requestsPerSecond();
		int[] steady = Arrays.copyOfRange(all, 300, all.length);
		int roles = fleet.roles();
		int deployPeak = max(deploy);
		int steadyPeak = max(steady);
		assertThat(fleet.rolesWithoutValidCredentials()).isZero();
		if (!LONG) {
			// Every role fetched once at its first use, in the minute of the deploy.
			assertThat(sum(deploy)).isEqualTo(roles);
			assertThat(deployPeak).isLessThan(FleetSimulation.STS_QUOTA);
			// One refresh per role every refreshAfterMinutes to (duration - stale)
			// minutes.
			long most = STEADY_STATE.toMinutes() / refreshAfterMinutes;
			long least = STEADY_STATE.toMinutes() / (DURATION.toMinutes() - 1) - 1;
			assertThat(sum(steady)).isBetween(least * roles, most * roles);
			assertThat(steadyPeak).isLessThan(deployPeak);
			assertThat(fleet.throttled()).isZero();
			assertThat(fleet.failedCalls()).isZero();
		}
		String settingsText = "1h, prefetch " + prefetch.toMinutes() + "m, stale 1m";
		row("All instances deployed within one minute (first 5 min)", settingsText, sum(deploy), deployPeak,
				deployTotals, "same: one request per role at first use");
		row(STEADY_STATE.toHours() + " h of steady state after it", settingsText, sum(steady), steadyPeak, steadyTotals,
				"similar: one request per role per lifetime");
		series("Prefetch " + prefetch.toMinutes() + "m, steady state from minute 5, AssumeRole requests per minute: "
				+ perMinute(steady));
	}

	@Test
	void tenMinuteOutageWithTheDefaultPrefetchWindow() {
		// Roles refresh 55 to 57 minutes after their first fetch and go stale at 59:
		// an outage from 54 to 64 minutes covers every refresh and leaves every role
		// without valid credentials for a while.
		Outcome outcome = outage(Duration.ofMinutes(5), Duration.ofMinutes(54));
		assertThat(outcome.fleet.rolesWithoutValidCredentials()).isZero();
		if (!LONG) {
			assertThat(outcome.peakDuring).isLessThanOrEqualTo(FleetSimulation.STS_QUOTA);
			assertThat(outcome.peakAfter).isLessThanOrEqualTo(FleetSimulation.STS_QUOTA);
			assertThat(outcome.fleet.rolesThatFailedACaller()).isEqualTo(outcome.fleet.roles());
			// Backoff is capped at a minute: every role has credentials again within it.
			assertThat(outcome.fleet.recoverySeconds()).isBetween(0L, 75L);
		}
	}

	@Test
	void tenMinuteOutageWithAFifteenMinutePrefetchWindow() {
		// Roles refresh 45 to 52 minutes after their first fetch and go stale at 59: the
		// same outage, over their refreshes, ends before any goes stale.
		Outcome outcome = outage(Duration.ofMinutes(15), Duration.ofMinutes(44));
		assertThat(outcome.fleet.rolesWithoutValidCredentials()).isZero();
		if (!LONG) {
			assertThat(outcome.peakDuring).isLessThanOrEqualTo(FleetSimulation.STS_QUOTA);
			assertThat(outcome.peakAfter).isLessThanOrEqualTo(FleetSimulation.STS_QUOTA);
			assertThat(outcome.fleet.failedCalls()).isZero();
		}
	}

	private Outcome outage(Duration prefetch, Duration start) {
		RefreshSettings settings = new RefreshSettings(true, prefetch, Duration.ofMinutes(1));
		FleetSimulation fleet = new FleetSimulation(INSTANCES, ROLES_PER_INSTANCE, settings, DURATION, DEPLOY_WINDOW,
				SEED);
		fleet.outage(start, OUTAGE);
		fleet.runUntil(start);
		long[] expirations = fleet.expirations();
		FleetSimulation.Totals before = fleet.totals();
		fleet.runUntil(start.plus(OUTAGE));
		FleetSimulation.Totals down = fleet.totals();
		fleet.runUntil(start.plus(OUTAGE).plus(Duration.ofMinutes(10)));
		FleetSimulation.Totals back = fleet.totals().since(down);
		int[] perSecond = fleet.requestsPerSecond();
		int from = (int) start.toSeconds();
		int until = (int) start.plus(OUTAGE).toSeconds();
		int[] during = Arrays.copyOfRange(perSecond, from, until);
		int[] after = Arrays.copyOfRange(perSecond, until, Math.min(perSecond.length, until + 600));
		Outcome outcome = new Outcome(fleet, max(during), max(after), sdkPeak(expirations, prefetch, from, until));
		String settingsText = "1h, prefetch " + prefetch.toMinutes() + "m, stale 1m";
		row("STS down 10 min over the fleet's refreshes (from minute " + start.toMinutes() + ")", settingsText,
				sum(during), outcome.peakDuring, down.since(before),
				String.format(Locale.ROOT, "%,d", outcome.sdkPeakDuring));
		row("... the 10 min after STS is back", settingsText, sum(after), outcome.peakAfter, back,
				String.format(Locale.ROOT, "%,d in its first second", sdkRecoveryBurst(expirations, prefetch, until)));
		series("Prefetch " + prefetch.toMinutes() + "m, outage from minute " + start.toMinutes()
				+ ", AssumeRole requests per minute from 2 minutes before it: "
				+ perMinute(Arrays.copyOfRange(perSecond, from - 120, perSecond.length))
				+ ((fleet.recoverySeconds() >= 0)
						? "; all roles had credentials again " + fleet.recoverySeconds() + " s after STS was back"
						: "; no role failed a caller"));
		return outcome;
	}

	/**
	 * The plain SDK's AssumeRole demand in the busiest second of the outage: each role
	 * whose credentials are in the prefetch window asks at the measured rate of a valid
	 * role, each whose credentials are stale or expired at the stale rate. Its roles hold
	 * the same expirations as the engines (both fetch at first use).
	 */
	private static int sdkPeak(long[] expirations, Duration prefetch, int from, int until) {
		double peak = 0;
		for (int second = from; second < until; second++) {
			long now = second * 1000L;
			double demand = 0;
			for (long expiresAt : expirations) {
				if (now >= expiresAt - Duration.ofMinutes(1).toMillis()) {
					demand += SDK_RATE_STALE;
				}
				else if (now >= expiresAt - prefetch.toMillis()) {
					demand += SDK_RATE_VALID;
				}
			}
			peak = Math.max(peak, demand);
		}
		return (int) Math.round(peak);
	}

	private static void row(String scenario, String settings, long requests, int peak, FleetSimulation.Totals phase,
			String sdk) {
		String row = String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %,d | %,d | %,d | %s |%n", scenario, settings,
				requests, peak, phase.throttled(), phase.rolesThatFailedACaller(), phase.failedCalls(), sdk);
		rows.add(row);
		System.out.print("[fleet-simulation] " + row);
	}

	private static void series(String line) {
		series.add("- " + line + "\n");
		System.out.println("[fleet-simulation] " + line);
	}

	private static long sum(int[] values) {
		return Arrays.stream(values).asLongStream().sum();
	}

	private static int max(int[] values) {
		return Arrays.stream(values).max().orElse(0);
	}

	private static String perMinute(int[] perSecond) {
		List<Long> minutes = new ArrayList<>();
		for (int i = 0; i < perSecond.length; i += 60) {
			minutes.add(sum(Arrays.copyOfRange(perSecond, i, Math.min(perSecond.length, i + 60))));
		}
		return minutes.toString();
	}

	/**
	 * With the SDK, each role whose credentials are due asks at its first call after STS
	 * is back: with steady traffic, all in the first second.
	 */
	private static long sdkRecoveryBurst(long[] expirations, Duration prefetch, int until) {
		return Arrays.stream(expirations)
			.filter((expiresAt) -> until * 1000L >= expiresAt - prefetch.toMillis())
			.count();
	}

	private record Outcome(FleetSimulation fleet, int peakDuring, int peakAfter, int sdkPeakDuring) {

	}

}
