package io.awsrefresh.credentials;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * Counts and remembers one role's attempts, for its {@link RefreshStatus}: the first
 * {@link RefreshListener} of every role.
 */
final class RefreshHistory implements RefreshListener {

	private final LongAdder refreshes = new LongAdder();

	private final LongAdder failures = new LongAdder();

	private volatile @Nullable RefreshAttempt lastSuccess;

	private volatile @Nullable RefreshAttempt lastFailure;

	@Override
	public void onAttempt(RefreshAttempt attempt) {
		if (attempt.succeeded()) {
			this.refreshes.increment();
			this.lastSuccess = attempt;
		}
		else {
			this.failures.increment();
			this.lastFailure = attempt;
		}
	}

	long refreshes() {
		return this.refreshes.sum();
	}

	long failures() {
		return this.failures.sum();
	}

	@Nullable Instant lastSuccess() {
		return finished(this.lastSuccess);
	}

	@Nullable Instant lastFailure() {
		return finished(this.lastFailure);
	}

	@Nullable RefreshAttempt lastFailedAttempt() {
		return this.lastFailure;
	}

	private static @Nullable Instant finished(@Nullable RefreshAttempt attempt) {
		return (attempt != null) ? attempt.startedAt().plus(attempt.duration()) : null;
	}

}
