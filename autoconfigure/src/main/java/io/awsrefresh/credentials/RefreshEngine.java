package io.awsrefresh.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.awsrefresh.credentials.RefreshAttempt.Outcome;
import io.awsrefresh.credentials.RefreshAttempt.Trigger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Keeps one role's credentials fresh, whatever STS (or a custom source) does.
 * <ul>
 * <li>While the credentials are fresh, a read is a volatile read and a clock read: no
 * lock.</li>
 * <li>At most one fetch is in flight, on a fetch thread, however slow the source is and
 * however many threads ask.</li>
 * <li>After each success the next fetch is scheduled at a jittered time: while 60% to 50%
 * of the credentials' lifetime is left, or in the first half of the prefetch window when
 * a prefetch time is set. Refreshes happen in the background and fleets spread them out;
 * callers never wait for a refresh while the credentials are fresh (but for a presigner
 * the planned refresh comes too late for, see {@link #resolveValidFor}).</li>
 * <li>After a failure the next attempt is scheduled with exponential backoff and jitter,
 * without waiting for traffic. While usable credentials are held the backoff stretches to
 * minutes, but at most to half the time they are still served (or a minute), so tries
 * come more often as their end nears, and one more falls just before it; without them it
 * is capped at a minute.</li>
 * <li>Static stability: while the role is failing, the credentials held are served past
 * their stale time, up to {@link #SAFETY_MARGIN_MILLIS} before they expire. Past that, or
 * with none, callers fail at once, naming the role and the last error, instead of calling
 * the source each.</li>
 * <li>A caller without fresh credentials and no failure pending (the first use, or past
 * the stale time after the machine slept) waits for the fetch in flight, for at most
 * {@link RefreshRuntime#maxWait()}; if that fetch fails or is slow, usable credentials
 * held are still served.</li>
 * <li>A fetch that has not finished after {@link #SLOW_FETCH_MILLIS} is reported at WARN
 * (STS calls are bounded by their timeouts; a custom source or MFA provider may not be).
 * It stays the one fetch in flight.</li>
 * </ul>
 * Every attempt goes to the listeners: the role's history (for its status) first, inside
 * the state change, then its log, then the application's listeners, one attempt at a time
 * (the flight ends only once they have heard it), and all before callers waiting for the
 * attempt get their answer.
 */
final class RefreshEngine {

	private static final Log logger = LogFactory.getLog(RefreshEngine.class);

	/**
	 * Set while a thread runs a fetch. Such a thread that needs the credentials of
	 * another role whose fetch is queued (role chaining) runs that fetch itself rather
	 * than wait for a place in its lane, which this thread may hold, or which threads
	 * waiting on this one may hold (a chain that leaves an endpoint and comes back). The
	 * source role's endpoint then has a call beyond its share, on a thread its chained
	 * role already holds.
	 */
	private static final ThreadLocal<Boolean> FETCHING = new ThreadLocal<>();

	/**
	 * Credentials that expire sooner than this after they were fetched are a failure.
	 */
	private static final long MIN_LIFETIME_MILLIS = 1000;

	/**
	 * The grace after a planned refresh or retry time before a read starts an overdue
	 * attempt itself, and how long before the end of the credentials served while failing
	 * the last attempt falls.
	 */
	private static final long MARGIN_MILLIS = 1000;

	/**
	 * How often use is reported at most: the expiry of run-time roles is at least a
	 * second, and a report on every read would put a cache access on every SDK call.
	 */
	static final long USE_MARK_MILLIS = 1000;

	/**
	 * While the role is failing, credentials are served until this long before they
	 * expire (at most half their stale time): room for a clock that is a little behind
	 * AWS's and for a call signed just before the end to reach AWS. A longer margin would
	 * fail calls that AWS still accepts; a shorter one would have AWS reject them as
	 * expired instead of the engine failing them at once.
	 */
	static final long SAFETY_MARGIN_MILLIS = 15_000;

	/**
	 * Shortest time between two refreshes forced by rejected calls, so that credentials
	 * that STS keeps calling expired (a badly skewed clock) cannot loop.
	 */
	private static final long MIN_FORCED_INTERVAL_MILLIS = 10_000;

	/**
	 * Beyond the STS clients' 60 s call timeout: a fetch this slow is stuck.
	 */
	static final long SLOW_FETCH_MILLIS = 120_000;

	private final String roleName;

	private final RoleSource source;

	private final CredentialsFetcher fetcher;

	private final RefreshSettings settings;

	private final RefreshRuntime runtime;

	private final RefreshHistory history = new RefreshHistory();

	private final List<RefreshListener> listeners;

	private volatile @Nullable Held held;

	private volatile @Nullable Flight flight;

	private volatile Failures failures = Failures.NONE;

	private volatile @Nullable Instant nextAttempt;

	private volatile boolean closed;

	private volatile String closedBecause = "the application is shutting down";

	/**
	 * Told, at most once a {@link #USE_MARK_MILLIS}, that the credentials are being used:
	 * a run-time role's cache counts it as an access, so that a role whose clients are
	 * busy does not expire for disuse.
	 */
	private volatile @Nullable Runnable onUse;

	private volatile long lastUseMarkedAt = Long.MIN_VALUE / 2;

	// Guarded by this.
	private @Nullable Runnable cancelNext;

	private long timerGeneration;

	private long lastForcedAt = Long.MIN_VALUE / 2;

	/**
	 * Whether the last fetch this role tried to start was refused a thread.
	 */
	// Guarded by this.
	private boolean startRefused;

	RefreshEngine(String roleName, RoleSource source, CredentialsFetcher fetcher, RefreshSettings settings,
			RefreshRuntime runtime, List<RefreshListener> listeners) {
		this.roleName = roleName;
		this.source = source;
		this.fetcher = fetcher;
		this.settings = settings;
		this.runtime = runtime;
		List<RefreshListener> all = new ArrayList<>();
		all.add(new RefreshLog(roleName, source, runtime.warnInterval(), runtime.logLimit()));
		all.addAll(listeners);
		this.listeners = List.copyOf(all);
	}

	/**
	 * Valid credentials, at once while they are fresh.
	 * @return the credentials
	 * @throws RoleCredentialsException if there are none and none could be fetched
	 */
	AwsSessionCredentials resolve() {
		Held held = this.held;
		if (held != null) {
			long now = this.runtime.clock().millis();
			markUse(now);
			if (now < held.staleAt) {
				if (now >= held.overdueAt && this.flight == null && this.failures.count == 0) {
					// The timer is late (a machine that slept): refresh now.
					startIfIdle(Trigger.SCHEDULED, held);
				}
				return held.credentials;
			}
		}
		return beyondFresh();
	}

	/**
	 * No fresh credentials: serve the ones held while the role is failing and they are
	 * usable, fail at once while it is failing and they are not, and otherwise wait for a
	 * fetch.
	 */
	private AwsSessionCredentials beyondFresh() {
		// Read failures before held: a recovery publishes held first.
		Failures failures = this.failures;
		Held held = this.held;
		long now = this.runtime.clock().millis();
		markUse(now);
		if (failures.count > 0) {
			if (now >= failures.retryAt + MARGIN_MILLIS && this.flight == null) {
				// The retry timer is late or lost: retry now, and answer at once.
				startIfIdle(Trigger.RETRY, held);
			}
			if (isUsable(held, now)) {
				return held.credentials;
			}
			throw unavailable(failures, held);
		}
		Flight flight;
		synchronized (this) {
			checkOpen();
			held = this.held;
			now = this.runtime.clock().millis();
			if (held != null && now < held.staleAt) {
				return held.credentials;
			}
			failures = this.failures;
			if (failures.count > 0) {
				if (isUsable(held, now)) {
					return held.credentials;
				}
				throw unavailable(failures, held);
			}
			flight = this.flight;
			if (flight != null) {
				promote(flight);
			}
			else {
				try {
					flight = start((held != null) ? Trigger.STALE : Trigger.FIRST_USE);
				}
				catch (RuntimeException | Error ex) {
					// No thread for the fetch (retried later, see start): what AWS still
					// accepts is served, as when a fetch fails.
					if (!(ex instanceof RoleCredentialsException) && isUsable(held, now)) {
						return held.credentials;
					}
					throw ex;
				}
			}
		}
		try {
			return await(flight, this.runtime.maxWait());
		}
		catch (RoleCredentialsException ex) {
			// The fetch failed or is slow, but AWS still accepts what is held.
			held = this.held;
			if (!this.closed && isUsable(held, this.runtime.clock().millis())) {
				return held.credentials;
			}
			throw ex;
		}
	}

	/**
	 * Valid credentials that AWS accepts for at least {@code minimumMillis} more, where a
	 * refresh can give them. A presigned URL dies with the credentials that signed it,
	 * and a prefetch time shorter than the presigner's minimum leaves the held
	 * credentials under that minimum every cycle, before the planned refresh. Then, while
	 * the role is not failing, one refresh is made now and waited for; the whole call
	 * waits no longer than a caller past the stale time. It is made a little before the
	 * minimum is reached ({@link #MARGIN_MILLIS}), so that the caller, reading its own
	 * clock a moment later, does not find the credentials under it. No refresh is made
	 * for credentials whose whole lifetime is under twice the minimum, so that early
	 * refreshes are never more frequent than twice the planned ones, nor within ten
	 * seconds of another forced one (a rejected token's); while the role is failing the
	 * credentials held are answered at once, as for any caller. Whether what is answered
	 * lives long enough is the caller's to decide.
	 * @param minimumMillis how long the credentials should still be accepted
	 * @return the credentials
	 * @throws RoleCredentialsException if there are none and none could be fetched
	 */
	AwsSessionCredentials resolveValidFor(long minimumMillis) {
		long waitUntil = System.nanoTime() + this.runtime.maxWait().toNanos();
		AwsSessionCredentials credentials = resolve();
		long wanted = Math.max(minimumMillis, minimumMillis + MARGIN_MILLIS);
		// Held again: a fetch that ended since resolve() may hold fresher ones.
		Held held = this.held;
		if (held == null || held.expiresAt - this.runtime.clock().millis() >= wanted) {
			return (held != null) ? held.credentials : credentials;
		}
		Flight flight;
		synchronized (this) {
			held = this.held;
			if (held == null) {
				return credentials;
			}
			credentials = held.credentials;
			long now = this.runtime.clock().millis();
			if (this.closed || held.expiresAt - now >= wanted || this.failures.count > 0) {
				return credentials;
			}
			flight = this.flight;
			if (flight != null) {
				promote(flight);
			}
			else {
				if ((held.expiresAt - held.fetchedAt) / 2 < minimumMillis
						|| !hasElapsed(this.lastForcedAt, now, MIN_FORCED_INTERVAL_MILLIS)) {
					return credentials;
				}
				this.lastForcedAt = now;
				try {
					flight = start(Trigger.PRESIGN);
				}
				catch (RuntimeException | Error ex) {
					// Shutting down, or no thread for the fetch (retried later, see
					// start): what is held is still valid.
					return credentials;
				}
			}
		}
		// resolve() may have waited for this flight already (past the stale time).
		long left = waitUntil - System.nanoTime();
		if (left <= 0) {
			return credentials;
		}
		try {
			return await(flight, Duration.ofNanos(left));
		}
		catch (RoleCredentialsException ex) {
			if (this.closed) {
				throw ex;
			}
			// The fetch failed or is slow; it is recorded, and the role's status says so.
			return credentials;
		}
	}

	/**
	 * Whether a fetch is in flight: started, or queued for a place on its lane.
	 * @return whether one is
	 */
	boolean isFetching() {
		return this.flight != null;
	}

	private static boolean isUsable(@Nullable Held held, long now) {
		return held != null && now < held.usableUntil;
	}

	private AwsSessionCredentials await(Flight flight, Duration maxWait) {
		if (Boolean.TRUE.equals(FETCHING.get())) {
			flight.run();
		}
		return await(flight.result, maxWait).credentials;
	}

	private Held await(CompletableFuture<Held> result, Duration maxWait) {
		try {
			return result.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RoleCredentialsException own && own.getRoleName().equals(this.roleName)) {
				// This role's own closing: told as it is, on the caller's stack, not as
				// a source role's failure.
				throw new RoleCredentialsException(this.roleName, this.source, own.getMessage(), own,
						own.getStsErrorCode());
			}
			throw new RoleCredentialsException(this.roleName, this.source, ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new RoleCredentialsException(this.roleName, this.source,
					"No valid credentials for " + describeRole() + ": the fetch in flight did not finish within "
							+ maxWait.toMillis() + " ms; it goes on in the background",
					null, null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RoleCredentialsException(this.roleName, this.source,
					"Interrupted while waiting for credentials of " + describeRole(), ex, null);
		}
	}

	/**
	 * Start the first fetch now, for a role whose credentials are fetched at startup.
	 * @return the fetch, for {@link #awaitInitialFetch}
	 */
	synchronized CompletableFuture<?> startInitialFetch() {
		checkOpen();
		Held held = this.held;
		if (held != null) {
			return CompletableFuture.completedFuture(held);
		}
		return ((this.flight != null) ? this.flight : start(Trigger.INITIAL)).result;
	}

	/**
	 * Wait for the fetch started by {@link #startInitialFetch()}.
	 * @param fetch the fetch
	 * @param maxWait how long to wait
	 * @throws RoleCredentialsException if it failed or did not finish in time
	 */
	@SuppressWarnings("unchecked")
	void awaitInitialFetch(CompletableFuture<?> fetch, Duration maxWait) {
		await((CompletableFuture<Held>) fetch, maxWait);
	}

	/**
	 * Force one refresh because an AWS call signed with these credentials was rejected as
	 * expired or invalid. Ignored when the credentials have already been replaced, a
	 * fetch is in flight, the role is failing anyway, or a refresh was forced moments
	 * ago: many calls failing together cause one refresh.
	 * @param accessKeyId the access key id that signed the rejected call
	 */
	void invalidate(String accessKeyId) {
		Held held = this.held;
		if (held == null || held.invalidated || !accessKeyId.equals(held.credentials.accessKeyId())) {
			return;
		}
		synchronized (this) {
			held = this.held;
			long now = this.runtime.clock().millis();
			if (this.flight != null) {
				// New credentials are on their way; callers now need them sooner.
				promote(this.flight);
				return;
			}
			if (this.closed || held == null || held.invalidated || !accessKeyId.equals(held.credentials.accessKeyId())
					|| this.failures.count > 0 || !hasElapsed(this.lastForcedAt, now, MIN_FORCED_INTERVAL_MILLIS)) {
				return;
			}
			this.lastForcedAt = now;
			// Still served until the new ones arrive: a spurious rejection costs nothing.
			this.held = held.markInvalidated();
			try {
				start(Trigger.INVALIDATED);
			}
			catch (RuntimeException | Error ex) {
				// Shutting down, or no thread for the fetch (retried later, see start);
				// called from an SDK interceptor, which must not fail.
			}
		}
	}

	RefreshStatus status() {
		Failures failures = this.failures;
		Held held = this.held;
		Flight flight = this.flight;
		long now = this.runtime.clock().millis();
		RefreshState state;
		if (held == null) {
			// A retry in flight does not make a failing role usable: callers fail
			// meanwhile.
			state = (failures.count > 0) ? RefreshState.EXPIRED
					: (flight != null) ? RefreshState.REFRESHING : RefreshState.PENDING;
		}
		else if (now >= held.expiresAt || (failures.count > 0 && now >= held.usableUntil)) {
			state = RefreshState.EXPIRED;
		}
		else if (now >= held.staleAt) {
			state = RefreshState.STALE;
		}
		else if (flight != null) {
			state = RefreshState.REFRESHING;
		}
		else {
			state = (failures.count > 0) ? RefreshState.BACKING_OFF : RefreshState.FRESH;
		}
		RefreshAttempt lastFailure = this.history.lastFailedAttempt();
		String roleArn = (this.source instanceof RoleSource.AssumeRole assumeRole) ? assumeRole.spec().roleArn() : null;
		return RefreshStatus.builder(this.roleName, this.source.kind(), state)
			.roleArn(roleArn)
			.credentials((held != null) ? held.expiration() : null, (held != null) ? held.servedUntil() : null)
			.lastSuccess(this.history.lastSuccess())
			.lastFailure(this.history.lastFailure(), (lastFailure != null) ? lastFailure.error() : null,
					(lastFailure != null) ? lastFailure.errorCode() : null)
			.failing(failures.count, (failures.count > 0) ? Instant.ofEpochMilli(failures.since) : null)
			.nextAttempt(this.nextAttempt)
			.counts(this.history.refreshes(), this.history.failures())
			.build();
	}

	/**
	 * Be told that the credentials are used, at most once a {@link #USE_MARK_MILLIS}.
	 * @param onUse what to tell
	 */
	void onUse(Runnable onUse) {
		this.onUse = onUse;
	}

	private void markUse(long now) {
		Runnable onUse = this.onUse;
		if (onUse != null && hasElapsed(this.lastUseMarkedAt, now, USE_MARK_MILLIS)) {
			this.lastUseMarkedAt = now;
			onUse.run();
		}
	}

	/**
	 * Whether an interval has passed since a time read from the engine's clock, which is
	 * the wall clock: one set back (an NTP step, a virtual machine restored from a
	 * snapshot) counts as having passed, or uses would go unmarked and forced refreshes
	 * refused for as long as it was set back.
	 */
	private static boolean hasElapsed(long since, long now, long millis) {
		return now - since >= millis || now < since;
	}

	/**
	 * Stop refreshing: the scheduled attempt is cancelled, callers waiting for a fetch in
	 * flight are told the role is closing, and that fetch ends without changing anything
	 * or telling the listeners.
	 */
	void close() {
		close(null);
	}

	/**
	 * Stop refreshing; what fails from now on says why.
	 * @param because why, or {@code null} for the application shutting down
	 */
	void close(@Nullable String because) {
		close(because, false);
	}

	/**
	 * Stop refreshing a role that is let go of (a run-time role its cache no longer
	 * holds), and what fails from now on says why; a fetch in flight, queued or started,
	 * still answers the callers waiting for it, who were using the role, and asks STS no
	 * more than it would have.
	 * @param because why
	 */
	void letGo(String because) {
		close(because, true);
	}

	private void close(@Nullable String because, boolean finishFlight) {
		Flight flight;
		synchronized (this) {
			if (because != null) {
				this.closedBecause = because;
			}
			this.closed = true;
			cancelNext();
			this.nextAttempt = null;
			flight = this.flight;
			if (flight != null && finishFlight) {
				flight.runsAfterClose = true;
				return;
			}
		}
		if (flight != null) {
			flight.result.completeExceptionally(closing(null));
		}
	}

	// Guarded by this.
	private Flight start(Trigger trigger) {
		cancelNext();
		Flight flight = new Flight(trigger, this.failures.count + 1, this.runtime.clock().millis());
		this.flight = flight;
		this.nextAttempt = null;
		flight.watch = this.runtime.timer().schedule(() -> warnIfStuck(flight), SLOW_FETCH_MILLIS);
		try {
			this.runtime.fetches().execute(callerWaits(trigger) ? FetchLanes.urgent(flight.task) : flight.task);
		}
		catch (RejectedExecutionException ex) {
			flight.watch.run();
			this.flight = null;
			throw closing(ex);
		}
		catch (RuntimeException | Error ex) {
			// No thread could be started (a thread limit reached for a moment): no flight
			// is left that nothing will run, and the role keeps a next attempt, as after
			// a
			// failed fetch, whether or not anyone calls.
			flight.watch.run();
			this.flight = null;
			long now = this.runtime.clock().millis();
			schedule(retryAt(this.failures.count + 1, now), Trigger.RETRY, now);
			warnStartRefused(flight, ex);
			throw ex;
		}
		this.startRefused = false;
		return flight;
	}

	/**
	 * One line when fetches of this role start being refused a thread, not one for each
	 * caller that tries again meanwhile, and within the limit of refresh lines across
	 * roles: a thread limit reached refuses every role at once.
	 */
	// Guarded by this.
	private void warnStartRefused(Flight flight, Throwable ex) {
		if (this.startRefused) {
			return;
		}
		this.startRefused = true;
		String message = "Could not start fetching credentials of " + describeRole() + " (" + flight.trigger + "): "
				+ ex + "; trying again at " + this.nextAttempt;
		if (logger.isWarnEnabled() && this.runtime.logLimit().allows(RefreshLogLimit.Line.FAILING)) {
			logger.warn(message);
		}
		else {
			logger.debug(message);
		}
	}

	/**
	 * A flight a caller now waits for goes before the fetches queued on its lane that
	 * still have time, if it was queued as one of them.
	 */
	private void promote(Flight flight) {
		if (this.runtime.fetches() instanceof FetchLanes.Lane lane) {
			lane.promote(flight.task);
		}
	}

	/**
	 * Whether a caller waits for the attempt: it goes before background refreshes queued
	 * on its lane, which still have time.
	 */
	private static boolean callerWaits(Trigger trigger) {
		return trigger == Trigger.FIRST_USE || trigger == Trigger.STALE || trigger == Trigger.INVALIDATED
				|| trigger == Trigger.PRESIGN;
	}

	private void warnIfStuck(Flight flight) {
		synchronized (this) {
			if (this.closed || this.flight != flight) {
				return;
			}
			flight.watch = this.runtime.timer()
				.schedule(() -> warnIfStuck(flight), this.runtime.warnInterval().toMillis());
		}
		if (!flight.started.get()) {
			// Queued: what is slow is the fetches ahead of it, not this one.
			logger.warn("Fetching credentials of " + describeRole() + " (" + flight.trigger + ") has waited since "
					+ Instant.ofEpochMilli(flight.startedAt)
					+ " for a place among the fetches of its endpoint, all taken by fetches that have not finished; "
					+ "callers without valid credentials fail meanwhile. An STS endpoint that hangs holds its places "
					+ "up to its STS client's timeouts; bound the calls of a custom source or MFA token provider.");
			return;
		}
		logger.warn("Fetching credentials of " + describeRole() + " (" + flight.trigger + ") has not finished since "
				+ Instant.ofEpochMilli(flight.startedAt) + "; it stays the one fetch in flight, and callers without "
				+ "valid credentials fail meanwhile. Bound the calls of a custom source or MFA token provider.");
	}

	private void startIfIdle(Trigger trigger, @Nullable Held expected) {
		synchronized (this) {
			if (this.closed || this.flight != null || this.held != expected) {
				return;
			}
			try {
				start(trigger);
			}
			catch (RuntimeException | Error ex) {
				// Shutting down, or no thread for the fetch (retried later, see start):
				// the caller holds credentials AWS accepts, and is answered with them.
			}
		}
	}

	private void fetch(Flight flight) {
		Boolean outer = FETCHING.get();
		FETCHING.set(Boolean.TRUE);
		Instant startedAt = this.runtime.clock().instant();
		Held fetched = null;
		Throwable failure = null;
		try {
			fetched = hold(this.fetcher.fetch());
		}
		catch (Throwable ex) {
			failure = ex;
		}
		finally {
			if (outer == null) {
				FETCHING.remove();
			}
		}
		// Timed on the engine's clock, like everything else it records.
		finish(flight, startedAt, Duration.between(startedAt, this.runtime.clock().instant()), fetched, failure);
		if (failure instanceof InterruptedException) {
			// Kept for whoever interrupted the thread: the fetch threads being shut down,
			// or a caller that ran a chained role's fetch itself.
			Thread.currentThread().interrupt();
		}
	}

	private void finish(Flight flight, Instant startedAt, Duration duration, @Nullable Held fetched,
			@Nullable Throwable failure) {
		RefreshAttempt attempt = null;
		try {
			synchronized (this) {
				if (!this.closed) {
					attempt = record(flight, startedAt, duration, fetched, failure);
				}
			}
			// The flight is still in flight: no other attempt of this role starts, so its
			// listeners hear one attempt at a time, and in order.
			if (attempt != null) {
				for (RefreshListener listener : this.listeners) {
					notify(listener, attempt);
				}
			}
		}
		finally {
			synchronized (this) {
				this.flight = null;
				flight.watch.run();
				if (!this.closed) {
					long now = this.runtime.clock().millis();
					if (attempt != null) {
						schedule(attempt.nextAttempt().toEpochMilli(),
								attempt.succeeded() ? Trigger.SCHEDULED : Trigger.RETRY, now);
					}
					else {
						// Recording the attempt failed: never leave the role without a
						// next one.
						schedule(retryAt(this.failures.count + 1, now), Trigger.RETRY, now);
					}
				}
			}
			// The waiters last: once a caller has its answer, every listener has heard
			// how
			// it came about.
			if (fetched != null) {
				flight.result.complete(fetched);
			}
			else {
				flight.result.completeExceptionally((failure != null) ? failure : closing(null));
			}
		}
	}

	/**
	 * Apply an attempt's outcome to the role's state and history.
	 */
	// Guarded by this.
	private RefreshAttempt record(Flight flight, Instant startedAt, Duration duration, @Nullable Held fetched,
			@Nullable Throwable failure) {
		long now = this.runtime.clock().millis();
		String error = null;
		String errorCode = null;
		long next;
		if (fetched != null) {
			next = fetched.refreshAt;
		}
		else {
			error = StsFailures.describe(this.source.kind(), failure);
			errorCode = StsFailures.errorCode(failure);
			next = retryAt(flight.attempt, now);
		}
		Held current = (fetched != null) ? fetched : this.held;
		RefreshAttempt attempt = RefreshAttempt
			.builder(this.roleName, this.source.kind(), flight.trigger,
					(fetched != null) ? Outcome.SUCCESS : Outcome.FAILURE)
			.attempt(flight.attempt)
			.timing(startedAt, duration)
			.expiration((current != null) ? current.expiration() : null)
			.error(error, errorCode)
			.nextAttempt(Instant.ofEpochMilli(next))
			.build();
		// The history first, so that a status read after the new state shows it.
		this.history.onAttempt(attempt);
		if (fetched != null) {
			this.held = fetched;
			this.failures = Failures.NONE;
		}
		else {
			Failures previous = this.failures;
			// Masked once here: the callers that fail fast until the next attempt get it
			// as their cause, and it may quote a secret (an external id STS echoes back).
			this.failures = new Failures(flight.attempt,
					(previous.count > 0) ? previous.since : startedAt.toEpochMilli(),
					(failure != null) ? SecretMasking.maskedCause(failure) : null, error, errorCode, next);
		}
		return attempt;
	}

	private static void notify(RefreshListener listener, RefreshAttempt attempt) {
		try {
			listener.onAttempt(attempt);
		}
		catch (VirtualMachineError ex) {
			throw ex;
		}
		catch (Throwable ex) {
			logger.warn("Refresh listener " + listener + " failed on " + attempt, ex);
		}
	}

	/**
	 * When to try again after failures: exponential backoff with jitter, long while
	 * usable credentials are held (and shorter as their end nears, with one last attempt
	 * just before it), short once none are.
	 */
	private long retryAt(int failures, long now) {
		double jitter = this.runtime.jitter().getAsDouble();
		Held held = this.held;
		if (held == null || now >= held.usableUntil) {
			return now + this.runtime.backoff().delayMillis(failures, jitter);
		}
		long at = now + this.runtime.backoff().delayWhileServedMillis(failures, jitter, held.usableUntil - now);
		long lastChance = held.usableUntil - MARGIN_MILLIS;
		return (now < lastChance && at > lastChance) ? lastChance : at;
	}

	// Guarded by this.
	private void schedule(long at, Trigger trigger, long now) {
		cancelNext();
		long generation = this.timerGeneration;
		this.nextAttempt = Instant.ofEpochMilli(at);
		this.cancelNext = this.runtime.timer().schedule(() -> onTimer(generation, trigger), Math.max(0, at - now));
	}

	private void onTimer(long generation, Trigger trigger) {
		synchronized (this) {
			if (this.closed || generation != this.timerGeneration || this.flight != null) {
				return;
			}
			this.cancelNext = null;
			try {
				start(trigger);
			}
			catch (RuntimeException | Error ex) {
				// Shutting down, or no thread for the fetch (retried later, see start).
			}
		}
	}

	// Guarded by this.
	private void cancelNext() {
		// A task that already started sees the new generation and does nothing.
		this.timerGeneration++;
		if (this.cancelNext != null) {
			this.cancelNext.run();
			this.cancelNext = null;
		}
	}

	/**
	 * Works out when fetched credentials are refreshed, go stale and stop being served.
	 * Without a prefetch time, or when they live no longer than it, the refresh falls at
	 * a random time while 60% to 50% of their lifetime is left: at least half of it is
	 * left to ride out an outage of the source, whatever the lifetime (1 hour, a chained
	 * role's at most, or a custom source's few minutes). The stale time is then capped at
	 * a fifth of the lifetime, so that it comes after the refresh.
	 */
	private Held hold(AwsSessionCredentials credentials) {
		Instant expiration = credentials.expirationTime()
			.orElseThrow(() -> new IllegalStateException("the credentials have no expiration time"));
		long now = this.runtime.clock().millis();
		long expiresAt;
		try {
			expiresAt = expiration.toEpochMilli();
		}
		catch (ArithmeticException ex) {
			throw new IllegalStateException("the credentials' expiration time " + expiration + " is out of range");
		}
		long lifetime = expiresAt - now;
		if (lifetime < MIN_LIFETIME_MILLIS) {
			throw new IllegalStateException(
					"the credentials expire at " + expiration + ", less than " + MIN_LIFETIME_MILLIS
							+ " ms after they were fetched at " + Instant.ofEpochMilli(now) + " (is a clock off?)");
		}
		Duration prefetch = this.settings.prefetchTime();
		long stale = this.settings.staleTime().toMillis();
		double jitter = this.runtime.jitter().getAsDouble();
		long staleAt;
		long refreshAt;
		if (prefetch != null && lifetime > prefetch.toMillis()) {
			long prefetchAt = expiresAt - prefetch.toMillis();
			staleAt = expiresAt - stale;
			refreshAt = prefetchAt + (long) (jitter * ((staleAt - prefetchAt) / 2));
		}
		else {
			staleAt = expiresAt - Math.min(stale, lifetime / 5);
			refreshAt = now + lifetime / 2 - (long) (jitter * (lifetime / 10));
		}
		long usableUntil = expiresAt - Math.min(SAFETY_MARGIN_MILLIS, (expiresAt - staleAt) / 2);
		long overdueAt = refreshAt + Math.min(MARGIN_MILLIS, (staleAt - refreshAt) / 4);
		return new Held(credentials, now, expiresAt, staleAt, usableUntil, refreshAt, overdueAt, false);
	}

	private void checkOpen() {
		if (this.closed) {
			throw closing(null);
		}
	}

	private RoleCredentialsException closing(@Nullable Throwable cause) {
		return new RoleCredentialsException(this.roleName, this.source,
				"Credentials of " + describeRole() + " cannot be fetched: " + this.closedBecause, cause, null);
	}

	private RoleCredentialsException unavailable(Failures failures, @Nullable Held held) {
		return new RoleCredentialsException(this.roleName, this.source, "No valid credentials for " + describeRole()
				+ ": " + ((failures.count == 1) ? "the last attempt" : "the last " + failures.count + " attempts")
				+ " failed, most recently: " + failures.error
				+ ((held != null) ? "; the credentials held expire at " + held.expiration() + " and were served until "
						+ held.servedUntil() : "")
				+ "; next attempt at " + Instant.ofEpochMilli(failures.retryAt), failures.last, failures.errorCode);
	}

	private String describeRole() {
		return "role '" + this.roleName + "' (" + this.source.describe() + ")";
	}

	/**
	 * Credentials held, and the times that matter for them, in epoch milliseconds: when
	 * they are refreshed (and when a read finds that refresh overdue), when callers stop
	 * being handed them without a fetch, until when they are served while the role is
	 * failing, and when they expire.
	 */
	private record Held(AwsSessionCredentials credentials, long fetchedAt, long expiresAt, long staleAt,
			long usableUntil, long refreshAt, long overdueAt, boolean invalidated) {

		Instant expiration() {
			return Instant.ofEpochMilli(this.expiresAt);
		}

		Instant servedUntil() {
			return Instant.ofEpochMilli(this.usableUntil);
		}

		Held markInvalidated() {
			return new Held(this.credentials, this.fetchedAt, this.expiresAt, this.staleAt, this.usableUntil,
					this.refreshAt, this.overdueAt, true);
		}

		@Override
		public String toString() {
			return "Held[expiresAt=" + expiration() + "]";
		}

	}

	/**
	 * The current run of failed attempts.
	 */
	private record Failures(int count, long since, @Nullable Throwable last, @Nullable String error,
			@Nullable String errorCode, long retryAt) {

		static final Failures NONE = new Failures(0, 0, null, null, null, 0);

	}

	/**
	 * One fetch: started by whichever comes first, a fetch thread or a fetch thread of a
	 * chained role that needs it.
	 */
	private final class Flight {

		private final Trigger trigger;

		private final int attempt;

		private final long startedAt;

		private final CompletableFuture<Held> result = new CompletableFuture<>();

		private final AtomicBoolean started = new AtomicBoolean();

		/**
		 * Set when its role is let go of: it still runs, for the callers waiting.
		 */
		private volatile boolean runsAfterClose;

		/**
		 * Cancels the warning about a stuck fetch. Guarded by the engine.
		 */
		private Runnable watch = () -> {
		};

		Flight(Trigger trigger, int attempt, long startedAt) {
			this.trigger = trigger;
			this.attempt = attempt;
			this.startedAt = startedAt;
		}

		/**
		 * What is queued on the role's lane for this flight.
		 */
		private final Runnable task = new FetchLanes.Droppable() {

			@Override
			public void run() {
				Flight.this.run();
			}

			@Override
			public void dropped() {
				Flight.this.dropped();
			}

		};

		void run() {
			// A flight of a closed role was failed by close(): nothing is asked of STS,
			// unless the role was let go of while callers waited for it.
			if (this.started.compareAndSet(false, true) && (!RefreshEngine.this.closed || this.runsAfterClose)) {
				fetch(this);
			}
		}

		/**
		 * The lanes stopped with this flight still queued: it will never run. Its callers
		 * are told the role is closing now, not when their wait runs out; a let-go role's
		 * flight, which close() left for them, is the one this matters for.
		 */
		void dropped() {
			if (!this.started.compareAndSet(false, true)) {
				return;
			}
			synchronized (RefreshEngine.this) {
				if (RefreshEngine.this.flight == this) {
					RefreshEngine.this.flight = null;
				}
				this.watch.run();
			}
			this.result.completeExceptionally(closing(null));
		}

	}

}
