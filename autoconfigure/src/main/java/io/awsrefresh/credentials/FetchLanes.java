package io.awsrefresh.credentials;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Bulkheads for the fetch threads: one lane per place credentials come from (an STS
 * endpoint, an IoT credentials endpoint, a custom source), each running at most
 * {@code perLane} fetches at once on the shared threads and queueing the rest.
 * <p>
 * Without lanes, fetches that hang on one slow endpoint (for as long as its STS client's
 * timeouts allow) take every shared thread, and the first fetch of a role on a healthy
 * endpoint waits behind them until its caller gives up. With them, a slow endpoint holds
 * at most {@code perLane} threads, and the bound on calls in flight to any one endpoint
 * stays what it was with a single pool of that size.
 * <p>
 * A lane runs its queued fetches on the threads it already holds, one after another, so a
 * backlog on one endpoint (thousands of roles fetched at startup) never takes more than
 * its share. Fetches started while the threads are being shut down are dropped: their
 * engines, closed first, have already failed them.
 */
final class FetchLanes {

	private final Executor threads;

	private final int perLane;

	// Guarded by itself.
	private final Map<Object, Lane> lanes = new HashMap<>();

	/**
	 * Lanes on the given threads.
	 * @param threads the shared fetch threads
	 * @param perLane the most fetches a lane runs at once
	 */
	FetchLanes(Executor threads, int perLane) {
		if (perLane < 1) {
			throw new IllegalArgumentException("perLane must be at least 1, was " + perLane);
		}
		this.threads = threads;
		this.perLane = perLane;
	}

	/**
	 * The lane of a place credentials come from, the same for equal keys.
	 * @param key what identifies the place, such as an {@link StsEndpoint}
	 * @return the lane, an executor for that place's fetches
	 */
	Executor lane(Object key) {
		synchronized (this.lanes) {
			return this.lanes.computeIfAbsent(key, (k) -> new Lane());
		}
	}

	private final class Lane implements Executor {

		// Guarded by this.
		private final Queue<Runnable> queued = new ArrayDeque<>();

		// Guarded by this.
		private int running;

		@Override
		public void execute(Runnable fetch) {
			synchronized (this) {
				if (this.running >= FetchLanes.this.perLane) {
					this.queued.add(fetch);
					return;
				}
				this.running++;
			}
			try {
				submit(fetch);
			}
			catch (RejectedExecutionException ex) {
				synchronized (this) {
					this.running--;
				}
				throw ex;
			}
		}

		private void submit(Runnable fetch) {
			FetchLanes.this.threads.execute(() -> {
				try {
					fetch.run();
				}
				finally {
					handOver();
				}
			});
		}

		/**
		 * Gives the place of a fetch that ended to the next one queued, submitted as a
		 * task of its own, so that the threads treat it as any other: a thread left
		 * interrupted by a fetch is cleared before it runs, and nothing starts once they
		 * are shut down.
		 */
		private void handOver() {
			Runnable next;
			synchronized (this) {
				next = this.queued.poll();
				if (next == null) {
					this.running--;
					return;
				}
			}
			try {
				submit(next);
			}
			catch (RejectedExecutionException ex) {
				// Shut down: what is queued is dropped with its engine's flight, which
				// closing the engine has already failed.
				synchronized (this) {
					this.queued.clear();
					this.running--;
				}
			}
		}

	}

}
