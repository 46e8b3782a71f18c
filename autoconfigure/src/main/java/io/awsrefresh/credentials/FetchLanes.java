package io.awsrefresh.credentials;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Bulkheads for the fetch threads: one lane per place credentials come from (an STS
 * endpoint, an IoT credentials endpoint, a custom source), each running at most
 * {@code perLane} fetches at once and queueing the rest.
 * <p>
 * Without lanes, fetches that hang on one slow endpoint (for as long as its STS client's
 * timeouts allow) took every shared thread, and the first fetch of a role on a healthy
 * endpoint waited behind them until its caller gave up. With them, a hanging endpoint
 * holds at most {@code perLane} threads and the others are served as before. The threads
 * are therefore not bounded as a whole, only per lane: at most {@code perLane} times the
 * places the configuration names, each thread ending when idle.
 * <p>
 * A fetch that ends hands its place to the next one queued in its lane, submitted as a
 * task of its own so that the threads treat it as any other: a thread left interrupted by
 * a fetch is cleared before it runs, and nothing starts once they are shut down. What is
 * queued then is dropped with its engine's flight, which closing the engine, first, has
 * already failed.
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
	 * @param key what identifies the place
	 * @return the lane, an executor for that place's fetches
	 */
	Executor lane(Object key) {
		synchronized (this.lanes) {
			return this.lanes.computeIfAbsent(key, (k) -> new Lane());
		}
	}

	/**
	 * A fetch a caller waits for: queued on its lane before those that still have time
	 * (background refreshes, retries, startup's), so that a first use is not served after
	 * a backlog of thousands of them.
	 * @param fetch the fetch
	 * @return the fetch, marked
	 */
	static Runnable urgent(Runnable fetch) {
		return new Urgent(fetch);
	}

	private record Urgent(Runnable fetch) implements Runnable {

		@Override
		public void run() {
			this.fetch.run();
		}

	}

	private final class Lane implements Executor {

		// Guarded by this.
		private final Deque<Runnable> urgent = new ArrayDeque<>();

		// Guarded by this.
		private final Deque<Runnable> queued = new ArrayDeque<>();

		// Guarded by this.
		private int running;

		@Override
		public void execute(Runnable fetch) {
			synchronized (this) {
				if (this.running >= FetchLanes.this.perLane) {
					((fetch instanceof Urgent) ? this.urgent : this.queued).add(fetch);
					return;
				}
				this.running++;
			}
			try {
				submit(fetch);
			}
			catch (RuntimeException | Error ex) {
				// Refused (shut down), or no thread could be started: the place is not
				// taken, whatever the caller makes of the failure.
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
		 * Gives the place of a fetch that ended to the next one queued.
		 */
		private void handOver() {
			Runnable next;
			synchronized (this) {
				next = (!this.urgent.isEmpty()) ? this.urgent.poll() : this.queued.poll();
				if (next == null) {
					this.running--;
					return;
				}
			}
			try {
				submit(next);
			}
			catch (RejectedExecutionException ex) {
				// Shut down: nothing queued will run.
				synchronized (this) {
					this.urgent.clear();
					this.queued.clear();
					this.running--;
				}
			}
			catch (RuntimeException | Error ex) {
				// No thread could be started: the fetch waits for the next place.
				synchronized (this) {
					((next instanceof Urgent) ? this.urgent : this.queued).addFirst(next);
					this.running--;
				}
				throw ex;
			}
		}

	}

}
