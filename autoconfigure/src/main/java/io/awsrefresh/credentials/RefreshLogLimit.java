package io.awsrefresh.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * How many WARN and INFO lines the refresh logs of all roles of one application write: at
 * most {@value #LINES_PER_MINUTE} in each minute, the minute starting with its first
 * line. An application with a few roles never reaches it; one with thousands, when STS
 * fails for everyone, would otherwise write a line per role as each starts failing, a
 * reminder per role every few minutes and a line per role as it recovers (27,500 lines
 * from 5,000 roles in a 25-minute outage, in {@code RefreshLogTests}). Lines over the
 * limit are written at DEBUG instead, and counted: once the minute is over, one line says
 * how many were held back and of what kind. Health and the meters still cover every role.
 */
final class RefreshLogLimit {

	/**
	 * WARN and INFO lines a minute, across every role.
	 */
	static final int LINES_PER_MINUTE = 20;

	private static final long WINDOW_MILLIS = Duration.ofMinutes(1).toMillis();

	private static final Log logger = LogFactory.getLog(RefreshLog.class);

	/**
	 * What a line tells.
	 */
	enum Line {

		/**
		 * A role started failing.
		 */
		FAILING,

		/**
		 * A role still fails.
		 */
		STILL_FAILING,

		/**
		 * A role recovered.
		 */
		RECOVERED

	}

	private final Clock clock;

	private final RefreshTimer timer;

	private final int limit;

	// The minute's start, if one began: compared by difference, so that a clock set back
	// starts a new minute and a clock near the end of the long does not overflow.
	private boolean started;

	private long windowStart;

	private int written;

	private final int[] held = new int[Line.values().length];

	private @Nullable Instant heldSince;

	private boolean reportScheduled;

	/**
	 * A limit of {@value #LINES_PER_MINUTE} lines a minute.
	 * @param clock the clock that tells the minutes
	 * @param timer reports the lines held back once their minute is over
	 */
	RefreshLogLimit(Clock clock, RefreshTimer timer) {
		this(clock, timer, LINES_PER_MINUTE);
	}

	RefreshLogLimit(Clock clock, RefreshTimer timer, int limit) {
		this.clock = clock;
		this.timer = timer;
		this.limit = limit;
	}

	/**
	 * Whether a line may be written at its level; if not, it is counted as held back.
	 * @param line what it tells
	 * @return {@code true} to write it at WARN or INFO, {@code false} to write it at
	 * DEBUG at most
	 */
	boolean allows(Line line) {
		Held held;
		boolean allowed;
		synchronized (this) {
			long now = this.clock.millis();
			long elapsed = now - this.windowStart;
			held = null;
			if (!this.started || elapsed < 0 || elapsed >= WINDOW_MILLIS) {
				// A new minute (or the clock went back): what the last one held back is
				// told first.
				held = takeHeld();
				this.started = true;
				this.windowStart = now;
				this.written = 0;
				elapsed = 0;
			}
			allowed = this.written < this.limit;
			if (allowed) {
				this.written++;
			}
			else {
				hold(line, now, WINDOW_MILLIS - elapsed);
			}
		}
		// Written outside the lock: other roles' lines need not wait for the appender.
		report(held);
		return allowed;
	}

	private void hold(Line line, long now, long untilWindowEnd) {
		if (this.heldSince == null) {
			this.heldSince = Instant.ofEpochMilli(now);
		}
		this.held[line.ordinal()]++;
		if (!this.reportScheduled) {
			this.reportScheduled = true;
			this.timer.schedule(this::reportHeld, untilWindowEnd);
		}
	}

	/**
	 * Tell now what the current minute held back, if anything: called once the roles are
	 * closed, since the timer's task is dropped with the scheduler.
	 */
	void reportHeld() {
		Held held;
		synchronized (this) {
			held = takeHeld();
		}
		report(held);
	}

	/**
	 * What was held back, forgotten here once told.
	 */
	private @Nullable Held takeHeld() {
		this.reportScheduled = false;
		Instant since = this.heldSince;
		if (since == null) {
			return null;
		}
		int failing = this.held[Line.FAILING.ordinal()];
		int stillFailing = this.held[Line.STILL_FAILING.ordinal()];
		int recovered = this.held[Line.RECOVERED.ordinal()];
		this.heldSince = null;
		Arrays.fill(this.held, 0);
		return new Held(failing + stillFailing > 0, "Held back " + (failing + stillFailing + recovered)
				+ " refresh log lines since " + since + ", over the limit of " + this.limit + " a minute across roles: "
				+ failing + " role(s) started failing, " + stillFailing + " reminder(s) of roles still failing, "
				+ recovered + " role(s) recovered; DEBUG writes them all, "
				+ "and the awsCredentials health entry and the aws.refresh.credentials meters cover every role");
	}

	private static void report(@Nullable Held held) {
		if (held == null) {
			return;
		}
		if (held.failures()) {
			logger.warn(held.message());
		}
		else {
			logger.info(held.message());
		}
	}

	/**
	 * What a minute held back.
	 *
	 * @param failures whether it held back a failure, which makes the line a warning
	 * @param message the line
	 */
	private record Held(boolean failures, String message) {

	}

}
