package io.awsrefresh.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet of 1,000 instances with 5 roles each against one account's STS quota, on
 * virtual time, driven by the real refresh engine: deployed in one minute, two hours of
 * steady state, and STS outages placed at the worst moment. Each scenario runs with the
 * default settings, with the old defaults (prefetch 5m, stale 1m) and with a model of the
 * plain SDK provider, in the same run. Writes {@code target/fleet-simulation.md};
 * {@code -Dfleet.simulation.long=true} runs 10,000 instances (50,000 roles in one
 * account, beyond what STS's quota absorbs) and 24 hours of steady state, asserts only
 * that every role ends with valid credentials, and writes
 * {@code target/fleet-simulation-long.md}.
 */
class FleetSimulationTests {

	private static final boolean LONG = Boolean.getBoolean("fleet.simulation.long");

	private static final int INSTANCES = LONG ? 10_000 : 1_000;

	private static final int ROLES_PER_INSTANCE = 5;

	private static final Duration STEADY_STATE = LONG ? Duration.ofHours(24) : Duration.ofHours(2);

	private static final Duration DEPLOY_WINDOW = Duration.ofMinutes(1);

	private static final Duration DEPLOYED = Duration.ofMinutes(5);

	private static final Duration DURATION = Duration.ofHours(1);

	private static final Duration OUTAGE = Duration.ofMinutes(25);

	private static final Duration LONGER_OUTAGE = Duration.ofMinutes(45);

	private static final long SEED = 20261130L;

	private static final RefreshSettings OLD_SETTINGS = new RefreshSettings(true, Duration.ofMinutes(5),
			Duration.ofMinutes(1));

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
				+ " instances x " + ROLES_PER_INSTANCE + " roles, 1h credentials, seed " + SEED + " -->\n\n"
				+ "| Scenario | Provider | AssumeRole requests | Peak per second | Throttled | Roles that failed a caller | "
				+ "Failed calls | Note |\n|---|---|---:|---:|---:|---:|---:|---|\n";
		Files.writeString(REPORT, header + String.join("", rows) + "\n" + String.join("", series),
				StandardCharsets.UTF_8);
	}

	@Test
	void deployedInOneMinuteThenSteadyState() {
		Steady defaults = steadyState(Provider.DEFAULTS);
		Steady old = steadyState(Provider.OLD_DEFAULTS);
		steadyState(Provider.PLAIN_SDK);
		double ratio = (double) defaults.requests / old.requests;
		series(String.format(Locale.ROOT,
				"Steady state: the defaults made %.2fx the AssumeRole requests of the old defaults (%,d against %,d)",
				ratio, defaults.requests, old.requests));
		if (!LONG) {
			// Refreshing with half the lifetime left costs requests, within the budget.
			assertThat(ratio).isBetween(1.5, 2.5);
			// A wider window spreads the fleet: the peak is no higher than before.
			assertThat(defaults.peak).isLessThanOrEqualTo(old.peak);
		}
	}

	private Steady steadyState(Provider provider) {
		FleetSimulation fleet = provider.fleet();
		FleetSimulation.Totals start = fleet.totals();
		fleet.runUntil(DEPLOYED);
		int[] deploy = fleet.requestsPerSecond();
		FleetSimulation.Totals deployed = fleet.totals();
		fleet.runUntil(STEADY_STATE);
		FleetSimulation.Totals steadyTotals = fleet.totals().since(deployed);
		int[] all = fleet.requestsPerSecond();
		int[] steady = Arrays.copyOfRange(all, (int) DEPLOYED.toSeconds(), all.length);
		int roles = fleet.roles();
		assertThat(fleet.rolesWithoutValidCredentials()).isZero();
		if (!LONG) {
			// Every role fetched once at its first use, in the minute of the deploy.
			assertThat(sum(deploy)).isEqualTo(roles);
			assertThat(max(deploy)).isLessThan(FleetSimulation.STS_QUOTA);
			// Between one refresh per role per longest and per shortest interval.
			long minutes = STEADY_STATE.minus(DEPLOYED).toMinutes();
			assertThat(sum(steady)).isBetween((minutes / provider.longestRefreshMinutes - 1) * roles,
					(minutes / provider.shortestRefreshMinutes + 1) * roles);
			if (provider != Provider.PLAIN_SDK) {
				// The SDK's refreshes follow its callers, as bunched as the deploy.
				assertThat(max(steady)).isLessThan(max(deploy));
			}
			assertThat(fleet.throttled()).isZero();
			assertThat(fleet.failedCalls()).isZero();
		}
		row("All instances deployed within one minute (first 5 min)", provider, sum(deploy), max(deploy),
				deployed.since(start), (sum(deploy) == roles) ? "one request per role at first use"
						: "first fetches, and retries of those STS throttled");
		row(STEADY_STATE.minus(DEPLOYED).toMinutes() + " min of steady state after it", provider, sum(steady),
				max(steady), steadyTotals, String.format(Locale.ROOT, "%.1f requests per role per day",
						sum(steady) / (double) roles / STEADY_STATE.minus(DEPLOYED).toSeconds() * 86_400));
		series(provider.label + ", steady state from minute 5, AssumeRole requests per minute: " + perMinute(steady));
		return new Steady(sum(steady), max(steady));
	}

	@Test
	void twentyFiveMinuteOutageAtTheWorstMoment() {
		// The defaults are tried at more starts than the two that are worst in theory.
		Outcome defaults = outageAtTheWorstMoment(Provider.DEFAULTS, OUTAGE, !LONG);
		Outcome old = outageAtTheWorstMoment(Provider.OLD_DEFAULTS, OUTAGE, false);
		Outcome sdk = outageAtTheWorstMoment(Provider.PLAIN_SDK, OUTAGE, false);
		assertThat(defaults.fleet.rolesWithoutValidCredentials()).isZero();
		if (!LONG) {
			// Every role rides it out on the credentials it holds, wherever it starts.
			assertThat(defaults.failedCalls()).isZero();
			assertThat(defaults.leastTimeLeft).isGreaterThan(Duration.ofMinutes(1));
			assertThat(defaults.peakDuring()).isLessThan(300);
			assertThat(defaults.peakAfter()).isLessThan(300);
			assertThat(defaults.down.throttled() + defaults.back.throttled()).isZero();
			// The old defaults and the SDK ride out minutes, not this.
			assertThat(old.fleet.rolesThatFailedACaller()).isEqualTo(old.fleet.roles());
			assertThat(sdk.fleet.rolesThatFailedACaller()).isEqualTo(sdk.fleet.roles());
		}
	}

	@Test
	void outageLongerThanTheCredentialsLast() {
		// Every role runs out: callers fail at once, retries back off to a minute, and
		// the
		// fleet comes back within it without a storm.
		Outcome defaults = outageAtTheWorstMoment(Provider.DEFAULTS, LONGER_OUTAGE, false);
		outageAtTheWorstMoment(Provider.PLAIN_SDK, LONGER_OUTAGE, false);
		assertThat(defaults.fleet.rolesWithoutValidCredentials()).isZero();
		if (!LONG) {
			assertThat(defaults.fleet.rolesThatFailedACaller()).isEqualTo(defaults.fleet.roles());
			assertThat(defaults.fleet.recoverySeconds()).isBetween(0L, 75L);
			assertThat(defaults.peakAfter()).isLessThan(FleetSimulation.STS_QUOTA);
			assertThat(defaults.back.throttled()).isZero();
		}
	}

	/**
	 * The outage, of those tried, that fails the most calls, and of those that fail as
	 * many, leaves the least time on a role's credentials when STS is back. Two starts
	 * are tried always, each a second before a refresh falls due: the fleet's first
	 * refresh (every role's refresh falls in the outage) and its last (one role has the
	 * least time left that any start leaves). {@code sweep} adds a start every 5 minutes
	 * over the first hour.
	 */
	private Outcome outageAtTheWorstMoment(Provider provider, Duration length, boolean sweep) {
		FleetSimulation probe = provider.fleet();
		probe.runUntil(DEPLOYED);
		List<Duration> starts = new ArrayList<>(List.of(Duration.ofMillis(probe.firstRefreshDue()).minusSeconds(1),
				Duration.ofMillis(probe.lastRefreshDue()).minusSeconds(1)));
		for (int minute = 10; sweep && minute <= 65; minute += 5) {
			starts.add(Duration.ofMinutes(minute));
		}
		Outcome worst = null;
		for (Duration start : starts) {
			Outcome outcome = outage(provider, start, length);
			if (worst == null || outcome.failedCalls() > worst.failedCalls()
					|| (outcome.failedCalls() == worst.failedCalls()
							&& outcome.leastTimeLeft.compareTo(worst.leastTimeLeft) < 0)) {
				worst = outcome;
			}
		}
		report(provider, length, worst, starts.size());
		return worst;
	}

	private Outcome outage(Provider provider, Duration start, Duration length) {
		FleetSimulation fleet = provider.fleet();
		fleet.outage(start, length);
		fleet.runUntil(start);
		long[] expirations = fleet.expirations();
		FleetSimulation.Totals before = fleet.totals();
		fleet.runUntil(start.plus(length));
		FleetSimulation.Totals down = fleet.totals();
		Duration leastTimeLeft = Duration.ofMillis(fleet.leastTimeLeft());
		fleet.runUntil(start.plus(length).plus(Duration.ofMinutes(10)));
		FleetSimulation.Totals back = fleet.totals().since(down);
		int[] perSecond = fleet.requestsPerSecond();
		int from = (int) start.toSeconds();
		int until = (int) start.plus(length).toSeconds();
		return new Outcome(fleet, start, expirations, down.since(before), back, leastTimeLeft,
				Arrays.copyOfRange(perSecond, from, until),
				Arrays.copyOfRange(perSecond, until, Math.min(perSecond.length, until + 600)),
				Arrays.copyOfRange(perSecond, from - 120, perSecond.length));
	}

	private static void report(Provider provider, Duration length, Outcome outcome, int startsTried) {
		String scenario = String.format(Locale.ROOT, "STS down %d min from minute %.1f (worst of %d starts)",
				length.toMinutes(), outcome.start.toSeconds() / 60.0, startsTried);
		String left = (outcome.leastTimeLeft.isNegative()) ? "some credentials had expired when STS was back"
				: String.format(Locale.ROOT, "least time left on a role's credentials when STS was back: %.1f min",
						outcome.leastTimeLeft.toSeconds() / 60.0);
		int from = (int) outcome.start.toSeconds();
		int until = from + outcome.during.length;
		row(scenario, provider, sum(outcome.during), outcome.peakDuring(), outcome.down,
				(provider == Provider.PLAIN_SDK) ? left + String.format(Locale.ROOT,
						"; %,d a second at the peak with a busy instance's callers (modelled)",
						sdkPeak(outcome.expirations, from, until)) : left);
		row("... the 10 min after STS is back", provider, sum(outcome.after), outcome.peakAfter(), outcome.back,
				(outcome.fleet.recoverySeconds() >= 0)
						? "every role served again " + outcome.fleet.recoverySeconds() + " s after STS was back" : "");
		series(provider.label + ", STS down " + length.toMinutes() + " min from minute " + outcome.start.toMinutes()
				+ ", AssumeRole requests per minute from 2 minutes before it: " + perMinute(outcome.around));
	}

	/**
	 * The plain SDK's AssumeRole demand in the busiest second of the outage with a busy
	 * instance's callers: each role whose credentials are in its prefetch window asks at
	 * the measured rate of a valid role, each whose credentials are stale or expired at
	 * the stale rate.
	 */
	private static int sdkPeak(long[] expirations, int from, int until) {
		double peak = 0;
		for (int second = from; second < until; second++) {
			long now = second * 1000L;
			double demand = 0;
			for (long expiresAt : expirations) {
				if (now >= expiresAt - Duration.ofMinutes(1).toMillis()) {
					demand += SDK_RATE_STALE;
				}
				else if (now >= expiresAt - Duration.ofMinutes(5).toMillis()) {
					demand += SDK_RATE_VALID;
				}
			}
			peak = Math.max(peak, demand);
		}
		return (int) Math.round(peak);
	}

	private static void row(String scenario, Provider provider, long requests, int peak, FleetSimulation.Totals phase,
			String note) {
		String row = String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %,d | %,d | %,d | %s |%n", scenario,
				provider.label, requests, peak, phase.throttled(), phase.rolesThatFailedACaller(), phase.failedCalls(),
				note);
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
	 * What the fleet's roles are: the engine with some settings, or the plain SDK.
	 */
	private enum Provider {

		DEFAULTS("aws-refresh, defaults", RefreshSettings.DEFAULTS, 24, 30),

		OLD_DEFAULTS("aws-refresh, old defaults (prefetch 5m, stale 1m)", OLD_SETTINGS, 55, 58),

		PLAIN_SDK("plain SDK provider (model)", null, 55, 56);

		final String label;

		private final @Nullable RefreshSettings settings;

		final int shortestRefreshMinutes;

		final int longestRefreshMinutes;

		Provider(String label, @Nullable RefreshSettings settings, int shortestRefreshMinutes,
				int longestRefreshMinutes) {
			this.label = label;
			this.settings = settings;
			this.shortestRefreshMinutes = shortestRefreshMinutes;
			this.longestRefreshMinutes = longestRefreshMinutes;
		}

		FleetSimulation fleet() {
			return new FleetSimulation(INSTANCES, ROLES_PER_INSTANCE, this.settings, DURATION, DEPLOY_WINDOW, SEED);
		}

	}

	private record Steady(long requests, int peak) {

	}

	/**
	 * One outage and what it did.
	 *
	 * @param fleet the fleet after it
	 * @param start when it started, since the start of the deploy window
	 * @param expirations the roles' expirations when it started
	 * @param down what the fleet saw while STS was down
	 * @param back what it saw in the 10 minutes after
	 * @param leastTimeLeft the least time left on a role's credentials when STS was back
	 * @param during requests per second while STS was down
	 * @param after requests per second in the 10 minutes after
	 * @param around requests per second from 2 minutes before the outage on
	 */
	private record Outcome(FleetSimulation fleet, Duration start, long[] expirations, FleetSimulation.Totals down,
			FleetSimulation.Totals back, Duration leastTimeLeft, int[] during, int[] after, int[] around) {

		long failedCalls() {
			return this.down.failedCalls() + this.back.failedCalls();
		}

		int peakDuring() {
			return max(this.during);
		}

		int peakAfter() {
			return max(this.after);
		}

	}

}
