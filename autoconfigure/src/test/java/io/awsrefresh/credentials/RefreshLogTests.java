package io.awsrefresh.credentials;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.awsrefresh.credentials.RefreshAttempt.Outcome;
import io.awsrefresh.credentials.RefreshAttempt.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One role's attempts as a story: one WARN when the role starts failing, a reminder at
 * most every warn interval while it keeps failing, one INFO when it recovers, DEBUG for
 * every other attempt, and never a secret of the role's request.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefreshLogTests {

	private static final String LOGGER = RefreshLog.class.getName();

	private static final Pattern LEVEL = Pattern.compile("\\b(TRACE|DEBUG|INFO|WARN|ERROR)\\b");

	private static final Duration WARN_INTERVAL = Duration.ofMinutes(5);

	private static final Instant T = Instant.parse("2026-12-04T12:00:00Z");

	private static final Instant EXPIRES = T.plus(Duration.ofHours(1));

	private static final String UNAVAILABLE = "STS answered ServiceUnavailable (Service unavailable; HTTP 503)";

	/**
	 * A role whose request holds every secret AssumeRole takes: an external id and a
	 * provided context's assertion.
	 */
	private static final RoleSource APP = new RoleSource.AssumeRole(AssumeRoleSpecTests.EVERY_FIELD, null,
			new StsEndpoint(Region.EU_WEST_1, URI.create("http://127.0.0.1:9")));

	private final LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());

	private final VirtualTime time = new VirtualTime();

	// Shared by every role's log, as the roles of one application share it.
	private final RefreshLogLimit limit = new RefreshLogLimit(this.time, this.time);

	@BeforeEach
	void logEveryAttempt() {
		// Whatever a test run before this one configured.
		this.logging.setLogLevel(LOGGER, LogLevel.DEBUG);
	}

	@AfterEach
	void resetLogLevel() {
		this.logging.setLogLevel(LOGGER, null);
	}

	@Test
	void successfulAttemptsAreDebugTheFirstSayingTheRoleWasAssumedOrItsCredentialsObtained(CapturedOutput output) {
		RefreshLog app = new RefreshLog("app", APP, WARN_INTERVAL, this.limit);
		RefreshLog vault = new RefreshLog("vault", new RoleSource.Custom("vault", (role) -> null), WARN_INTERVAL,
				this.limit);
		app.onAttempt(success(1, T, Trigger.FIRST_USE));
		app.onAttempt(success(1, T.plus(Duration.ofMinutes(27)), Trigger.SCHEDULED));
		vault.onAttempt(success(1, T, Trigger.INITIAL));
		vault.onAttempt(success(1, T.plus(Duration.ofMinutes(27)), Trigger.INVALIDATED));
		assertThat(lines(output)).containsExactly(
				"DEBUG Assumed role 'app' (arn:aws:iam::123456789012:role/app) (FIRST_USE, 120 ms); they expire at "
						+ "2026-12-04T13:00:00Z, next refresh at 2026-12-04T12:27:00Z",
				"DEBUG Refreshed credentials of role 'app' (arn:aws:iam::123456789012:role/app) (SCHEDULED, 120 ms); "
						+ "they expire at 2026-12-04T13:00:00Z, next refresh at 2026-12-04T12:54:00Z",
				"DEBUG Obtained credentials of role 'vault' (custom source 'vault') (INITIAL, 120 ms); they expire at "
						+ "2026-12-04T13:00:00Z, next refresh at 2026-12-04T12:27:00Z",
				"DEBUG Refreshed credentials of role 'vault' (custom source 'vault') (INVALIDATED, 120 ms); they "
						+ "expire at 2026-12-04T13:00:00Z, next refresh at 2026-12-04T12:54:00Z");
	}

	@Test
	void aFailingRoleWarnsOnceThenRemindsAtMostEveryWarnIntervalAndSaysOnceWhenItRecovers(CapturedOutput output) {
		RefreshLog log = new RefreshLog("app", APP, WARN_INTERVAL, this.limit);
		log.onAttempt(success(1, T, Trigger.FIRST_USE));
		Instant failing = T.plus(Duration.ofMinutes(27));
		// Each attempt ends 200 ms after it starts: the first warning is at failing +
		// 200 ms.
		log.onAttempt(failure(1, failing));
		log.onAttempt(failure(2, failing.plusSeconds(1)));
		log.onAttempt(failure(3, failing.plus(WARN_INTERVAL).minusMillis(1)));
		log.onAttempt(failure(4, failing.plus(WARN_INTERVAL)));
		log.onAttempt(failure(5, failing.plus(WARN_INTERVAL).plusSeconds(90)));
		log.onAttempt(failure(6, failing.plus(WARN_INTERVAL.multipliedBy(2))));
		log.onAttempt(success(7, failing.plus(Duration.ofMinutes(12)), Trigger.RETRY));
		log.onAttempt(success(1, failing.plus(Duration.ofMinutes(39)), Trigger.SCHEDULED));
		List<String> lines = lines(output);
		assertThat(lines).extracting((line) -> line.substring(0, line.indexOf(' ')))
			.containsExactly("DEBUG", "WARN", "DEBUG", "DEBUG", "WARN", "DEBUG", "WARN", "INFO", "DEBUG");
		assertThat(lines.get(1)).isEqualTo("WARN Refreshing credentials of role 'app' "
				+ "(arn:aws:iam::123456789012:role/app) failed: " + UNAVAILABLE + "; current credentials expire at "
				+ "2026-12-04T13:00:00Z; retrying with backoff, next attempt at 2026-12-04T12:27:01.200Z");
		assertThat(lines.get(3)).isEqualTo("DEBUG Attempt 3 to refresh role 'app' (arn:aws:iam::123456789012:role/app) "
				+ "failed: " + UNAVAILABLE + "; next attempt at 2026-12-04T12:32:01.199Z");
		assertThat(lines.get(4)).isEqualTo("WARN Credentials of role 'app' (arn:aws:iam::123456789012:role/app) still "
				+ "fail to refresh: 4 attempts since 2026-12-04T12:27:00Z, most recently: " + UNAVAILABLE
				+ "; current credentials expire at 2026-12-04T13:00:00Z; next attempt at 2026-12-04T12:32:01.200Z");
		assertThat(lines.get(6)).contains("still fail to refresh: 6 attempts since 2026-12-04T12:27:00Z");
		assertThat(lines.get(7)).isEqualTo("INFO Refreshed credentials of role 'app' "
				+ "(arn:aws:iam::123456789012:role/app) again after 6 failed attempt(s) since 2026-12-04T12:27:00Z; "
				+ "they expire at 2026-12-04T13:00:00Z, next refresh at 2026-12-04T13:06:00Z");
		assertThat(lines.get(8)).startsWith("DEBUG Refreshed credentials of role 'app'");
		assertThat(output).doesNotContain("external-secret", "assertion-secret");
	}

	@Test
	void aRoleThatNeverHadCredentialsSaysSoAndItsFirstSuccessIsTheRecovery(CapturedOutput output) {
		RefreshLog log = new RefreshLog("app", APP, WARN_INTERVAL, this.limit);
		log.onAttempt(failure(1, T, null));
		log.onAttempt(failure(2, T.plusSeconds(1), null));
		log.onAttempt(success(3, T.plusSeconds(3), Trigger.RETRY));
		List<String> lines = lines(output);
		assertThat(lines).hasSize(3);
		assertThat(lines.get(0)).startsWith("WARN Refreshing credentials of role 'app'")
			.contains("; no credentials yet; retrying with backoff");
		assertThat(lines.get(1)).startsWith("DEBUG Attempt 2 to refresh role 'app'");
		assertThat(lines.get(2)).isEqualTo("INFO Assumed role 'app' (arn:aws:iam::123456789012:role/app) after 2 "
				+ "failed attempt(s) since 2026-12-04T12:00:00Z; they expire at 2026-12-04T13:00:00Z, next refresh at "
				+ "2026-12-04T12:27:03Z");
	}

	@Test
	void aNewRunOfFailuresAfterARecoveryWarnsAgainAndCountsFromItsOwnStart(CapturedOutput output) {
		RefreshLog log = new RefreshLog("app", APP, WARN_INTERVAL, this.limit);
		log.onAttempt(success(1, T, Trigger.FIRST_USE));
		log.onAttempt(failure(1, T.plus(Duration.ofMinutes(27))));
		log.onAttempt(success(2, T.plus(Duration.ofMinutes(28)), Trigger.RETRY));
		Instant again = T.plus(Duration.ofMinutes(55));
		log.onAttempt(failure(1, again));
		log.onAttempt(failure(2, again.plus(WARN_INTERVAL)));
		List<String> warnings = lines(output).stream().filter((line) -> line.startsWith("WARN")).toList();
		assertThat(warnings).hasSize(3);
		assertThat(warnings.get(1)).startsWith("WARN Refreshing credentials of role 'app'");
		assertThat(warnings.get(2)).contains("still fail to refresh: 2 attempts since 2026-12-04T12:55:00Z");
	}

	@Test
	void withoutDebugOnlyTheStartOfAnOutageItsRemindersAndItsEndAreLogged(CapturedOutput output) {
		this.logging.setLogLevel(LOGGER, LogLevel.INFO);
		RefreshLog log = new RefreshLog("app", APP, WARN_INTERVAL, this.limit);
		log.onAttempt(success(1, T, Trigger.FIRST_USE));
		Instant failing = T.plus(Duration.ofMinutes(27));
		for (int attempt = 1; attempt <= 12; attempt++) {
			log.onAttempt(failure(attempt, failing.plus(Duration.ofMinutes(attempt - 1))));
		}
		log.onAttempt(success(13, failing.plus(Duration.ofMinutes(12)), Trigger.RETRY));
		log.onAttempt(success(1, failing.plus(Duration.ofMinutes(40)), Trigger.SCHEDULED));
		// Failures at minutes 0 to 11 of the outage: warned at 0, 5 and 10.
		assertThat(lines(output)).extracting((line) -> line.substring(0, line.indexOf(' ')))
			.containsExactly("WARN", "WARN", "WARN", "INFO");
	}

	@Test
	void aWallClockSetBackAnHourDoesNotStretchTheMinuteSoAFewRolesStillWarnEachTime(CapturedOutput output) {
		this.logging.setLogLevel(LOGGER, LogLevel.INFO);
		WallClock wall = new WallClock(this.time);
		RefreshLogLimit limit = new RefreshLogLimit(wall, this.time);
		new RefreshLog("role-0", APP, WARN_INTERVAL, limit).onAttempt(failure(1, wall.instant()));
		// NTP sets the wall clock an hour back; the scheduler's delays are not affected.
		wall.setBack(Duration.ofHours(1));
		// Then one role starts failing every 2 minutes for an hour: 31 lines in 61
		// minutes, never more than one a minute.
		for (int i = 1; i <= 30; i++) {
			this.time.advance(Duration.ofMinutes(2));
			new RefreshLog("role-" + i, APP, WARN_INTERVAL, limit).onAttempt(failure(1, wall.instant()));
		}
		assertThat(lines(output)).filteredOn((line) -> line.startsWith("WARN Refreshing credentials of role"))
			.hasSize(31);
	}

	@Test
	void aWallClockSetBackHoursDoesNotDelayTheLineSayingWhatWasHeldBackByHours(CapturedOutput output) {
		this.logging.setLogLevel(LOGGER, LogLevel.INFO);
		WallClock wall = new WallClock(this.time);
		RefreshLogLimit limit = new RefreshLogLimit(wall, this.time);
		for (int i = 0; i < RefreshLogLimit.LINES_PER_MINUTE; i++) {
			new RefreshLog("role-" + i, APP, WARN_INTERVAL, limit).onAttempt(failure(1, wall.instant()));
		}
		wall.setBack(Duration.ofHours(3));
		this.time.advance(Duration.ofMinutes(5));
		// 25 roles start failing at once: 20 written, 5 held back.
		for (int i = 20; i < 45; i++) {
			new RefreshLog("role-" + i, APP, WARN_INTERVAL, limit).onAttempt(failure(1, wall.instant()));
		}
		// A minute later, one line says so; not once the wall clock is back where it was
		// three hours on.
		this.time.advance(Duration.ofMinutes(1));
		assertThat(lines(output)).filteredOn((line) -> line.startsWith("WARN Held back 5 refresh log lines"))
			.hasSize(1);
	}

	@Test
	void aClockFarFromTheEpochStillLimitsTheLines() {
		// The end of the minute, now + 60 s, overflows a long.
		Clock far = Clock.fixed(Instant.ofEpochMilli(Long.MAX_VALUE - 1000), ZoneOffset.UTC);
		RefreshLogLimit limit = new RefreshLogLimit(far, this.time);
		int allowed = 0;
		for (int i = 0; i < 30; i++) {
			if (limit.allows(RefreshLogLimit.Line.FAILING)) {
				allowed++;
			}
		}
		assertThat(allowed).isEqualTo(RefreshLogLimit.LINES_PER_MINUTE);
	}

	@Test
	void linesTheLogLevelDropsDoNotUseUpTheLimitOfThoseItWrites(CapturedOutput output) {
		// INFO off, as many production configurations have it: recoveries write nothing.
		this.logging.setLogLevel(LOGGER, LogLevel.WARN);
		for (int i = 0; i < RefreshLogLimit.LINES_PER_MINUTE; i++) {
			new RefreshLog("recovering-" + i, APP, WARN_INTERVAL, this.limit).onAttempt(success(2, T, Trigger.RETRY));
		}
		assertThat(lines(output)).isEmpty();
		new RefreshLog("failing", APP, WARN_INTERVAL, this.limit).onAttempt(failure(1, T.plusSeconds(1)));
		// The only line written this minute.
		assertThat(lines(output)).hasSize(1)
			.first()
			.asString()
			.startsWith("WARN Refreshing credentials of role 'failing'");
	}

	@Test
	void closingTheRolesTellsWhatTheirLastMinuteHeldBack(CapturedOutput output) {
		this.logging.setLogLevel(LOGGER, LogLevel.INFO);
		RoleCredentialsProviders.Builder builder = RoleCredentialsProviders
			.builder(AnonymousCredentialsProvider.create());
		int roles = RefreshLogLimit.LINES_PER_MINUTE + 5;
		for (int i = 0; i < roles; i++) {
			builder.role(new RoleDefinition("role-" + i, new RoleSource.Custom("vault", (role) -> {
				throw new IllegalStateException("vault is down");
			}), RefreshSettings.DEFAULTS));
		}
		try (RoleCredentialsProviders providers = builder.build()) {
			for (int i = 0; i < roles; i++) {
				RoleCredentialsProvider provider = providers.get("role-" + i);
				assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(provider::resolveCredentials);
			}
			assertThat(lines(output)).filteredOn((line) -> line.startsWith("WARN Refreshing credentials of role"))
				.hasSize(RefreshLogLimit.LINES_PER_MINUTE);
		}
		// The application shut down within the minute: its last line says what it held
		// back, not nothing.
		assertThat(lines(output)).filteredOn((line) -> line.startsWith("WARN Held back 5 refresh log lines"))
			.hasSize(1);
	}

	@Test
	void overTwentyLinesAMinuteAcrossRolesTheRestAreDebugAndOneLineSaysHowManyOnceTheMinuteIsOver(
			CapturedOutput output) {
		// 30 roles on one STS endpoint that goes down, then comes back.
		List<RefreshLog> roles = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			roles.add(new RefreshLog("role-" + i, APP, WARN_INTERVAL, this.limit));
		}
		roles.forEach((role) -> role.onAttempt(failure(1, T)));
		List<String> down = lines(output);
		assertThat(down).filteredOn((line) -> line.startsWith("WARN")).hasSize(RefreshLogLimit.LINES_PER_MINUTE);
		assertThat(down).filteredOn((line) -> line.startsWith("DEBUG Refreshing credentials of role")).hasSize(10);
		this.time.advance(Duration.ofMinutes(1));
		assertThat(lines(output)).hasSize(31)
			.last()
			.isEqualTo("WARN Held back 10 refresh log lines since 2026-11-29T12:00:00Z, over the limit of 20 a minute "
					+ "across roles: 10 role(s) started failing, 0 reminder(s) of roles still failing, 0 role(s) "
					+ "recovered; DEBUG writes them all, and the awsCredentials health entry and the "
					+ "aws.refresh.credentials meters cover every role");
		roles.forEach((role) -> role.onAttempt(success(2, T.plusSeconds(90), Trigger.RETRY)));
		this.time.advance(Duration.ofMinutes(1));
		List<String> back = lines(output).subList(31, lines(output).size());
		assertThat(back).filteredOn((line) -> line.startsWith("INFO Assumed role")).hasSize(20);
		assertThat(back).filteredOn((line) -> line.startsWith("DEBUG Assumed role")).hasSize(10);
		assertThat(back).last()
			.asString()
			.startsWith("INFO Held back 10 refresh log lines since ")
			.contains(": 0 role(s) started failing, 0 reminder(s) of roles still failing, 10 role(s) recovered");
	}

	@Test
	void fiveThousandRolesThroughA25MinuteOutageWriteAFewHundredLinesNotTensOfThousands(CapturedOutput output) {
		// Without DEBUG, as in production. Each role fails as its refresh comes due, over
		// the first 10 minutes, retries every minute and recovers in the 2 minutes after
		// STS is back. The same outage without a limit first.
		this.logging.setLogLevel(LOGGER, LogLevel.INFO);
		VirtualTime unlimitedTime = new VirtualTime();
		outage(5000, unlimitedTime, new RefreshLogLimit(unlimitedTime, unlimitedTime, Integer.MAX_VALUE));
		int unlimited = lines(output).size();
		outage(5000, this.time, this.limit);
		List<String> lines = lines(output).subList(unlimited, lines(output).size());
		// A warning as each role starts failing, a reminder every 5 minutes, a line as
		// it recovers.
		assertThat(unlimited).isBetween(5000 * 5, 5000 * 7);
		// At most 20 a minute, and one line a minute saying how many were held back.
		assertThat(lines).hasSizeLessThanOrEqualTo(31 * (RefreshLogLimit.LINES_PER_MINUTE + 1));
		assertThat(lines.get(0)).startsWith("WARN Refreshing credentials of role 'role-0'");
		assertThat(lines).filteredOn((line) -> line.contains("Held back")).isNotEmpty();
		assertThat(lines).last().asString().startsWith("INFO ");
		System.out.println("[log-limit] 5000 roles, 25-minute outage: " + lines.size() + " lines written, " + unlimited
				+ " without the limit");
	}

	private static void outage(int roles, VirtualTime time, RefreshLogLimit limit) {
		Duration outage = Duration.ofMinutes(25);
		Instant start = time.instant();
		for (int i = 0; i < roles; i++) {
			RefreshLog log = new RefreshLog("role-" + i, APP, WARN_INTERVAL, limit);
			long failsAt = i * Duration.ofMinutes(10).toMillis() / roles;
			int attempt = 1;
			for (long at = failsAt; at < outage.toMillis(); at += 60_000) {
				int n = attempt++;
				Instant when = start.plusMillis(at);
				time.schedule(() -> log.onAttempt(failure(n, when)), at);
			}
			int recovery = attempt;
			long recoversAt = outage.toMillis() + i * Duration.ofMinutes(2).toMillis() / roles;
			Instant when = start.plusMillis(recoversAt);
			time.schedule(() -> log.onAttempt(success(recovery, when, Trigger.RETRY)), recoversAt);
		}
		time.advance(outage.plus(Duration.ofMinutes(5)));
	}

	/**
	 * The lines of {@link RefreshLog}, each as its level and message, whatever the
	 * logging pattern (Logback's default, or Spring Boot's once a test has started an
	 * application).
	 */
	private static List<String> lines(CapturedOutput output) {
		return output.getAll().lines().filter((line) -> line.contains(LOGGER)).map((line) -> {
			Matcher level = LEVEL.matcher(line);
			assertThat(level.find()).as(line).isTrue();
			String message = line.substring(line.indexOf(LOGGER) + LOGGER.length()).replaceFirst("^\\s*(--|:)\\s", "");
			return level.group(1) + " " + message;
		}).toList();
	}

	private static RefreshAttempt success(int attempt, Instant startedAt, Trigger trigger) {
		return RefreshAttempt.builder("app", RoleSource.Kind.ASSUME_ROLE, trigger, Outcome.SUCCESS)
			.attempt(attempt)
			.timing(startedAt, Duration.ofMillis(120))
			.expiration(EXPIRES)
			.nextAttempt(startedAt.plus(Duration.ofMinutes(27)))
			.build();
	}

	private static RefreshAttempt failure(int attempt, Instant startedAt) {
		return failure(attempt, startedAt, EXPIRES);
	}

	private static RefreshAttempt failure(int attempt, Instant startedAt, Instant expiration) {
		return RefreshAttempt
			.builder("app", RoleSource.Kind.ASSUME_ROLE, (attempt > 1) ? Trigger.RETRY : Trigger.SCHEDULED,
					Outcome.FAILURE)
			.attempt(attempt)
			.timing(startedAt, Duration.ofMillis(200))
			.expiration(expiration)
			.error(UNAVAILABLE, "ServiceUnavailable")
			.nextAttempt(startedAt.plusSeconds(1).plusMillis(200))
			.build();
	}

}
