package io.awsrefresh.credentials;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Bulkheads for the fetch threads: one lane per place credentials come from (an STS
 * endpoint, an IoT credentials endpoint, a custom source), each running at most
 * {@code perLane} fetches at once and queueing the rest.
 * <p>
 * Without lanes, fetches that hang on one slow endpoint (for as long as its STS client's
 * timeouts allow) took every shared thread, and the first fetch of a role on a healthy
 * endpoint waited behind them until its caller gave up. With them, a hanging endpoint
 * holds at most {@code perLane} threads and the others are served as before. The threads
 * are therefore bounded per lane, not as a whole.
 * <p>
 * A thread whose fetch ends runs the next one queued in its lane, those a caller waits
 * for first, so that a lane never holds more than {@code perLane} threads. Before each it
 * clears an interrupt a fetch may have left; once the lanes are {@link #stop() stopped}
 * nothing queued starts: a fetch dropped is told so ({@link Droppable}), and its engine's
 * flight answers the callers waiting for it, which closing the engine had not done for a
 * role let go of.
 */
final class FetchLanes {

	private static final Log logger = LogFactory.getLog(FetchLanes.class);

	private final Executor threads;

	private final int perLane;

	// Guarded by itself.
	private final Map<Object, Lane> lanes = new HashMap<>();

	private volatile boolean stopped;

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
	Lane lane(Object key) {
		synchronized (this.lanes) {
			return this.lanes.computeIfAbsent(key, (k) -> new Lane());
		}
	}

	/**
	 * Start nothing more: what is queued is dropped, and what runs ends as it will.
	 */
	void stop() {
		this.stopped = true;
		List<Lane> lanes;
		synchronized (this.lanes) {
			lanes = new ArrayList<>(this.lanes.values());
		}
		lanes.forEach(Lane::dropQueued);
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

	/**
	 * A fetch that is told when the lanes stop before it ran, so that whoever waits for
	 * it is answered at once.
	 */
	interface Droppable extends Runnable {

		void dropped();

	}

	private record Urgent(Runnable fetch) implements Droppable {

		@Override
		public void run() {
			this.fetch.run();
		}

		@Override
		public void dropped() {
			if (this.fetch instanceof Droppable droppable) {
				droppable.dropped();
			}
		}

	}

	/**
	 * The fetches of one place.
	 */
	final class Lane implements Executor {

		// Guarded by this.
		private final Deque<Runnable> urgent = new ArrayDeque<>();

		// Guarded by this.
		private final Deque<Runnable> queued = new ArrayDeque<>();

		// Guarded by this.
		private int running;

		private Lane() {
		}

		@Override
		public void execute(Runnable fetch) {
			if (FetchLanes.this.stopped) {
				throw new RejectedExecutionException("The fetch lanes are stopped");
			}
			synchronized (this) {
				if (this.running >= FetchLanes.this.perLane) {
					((fetch instanceof Urgent) ? this.urgent : this.queued).add(fetch);
					return;
				}
				this.running++;
			}
			try {
				FetchLanes.this.threads.execute(() -> runFrom(fetch));
			}
			catch (RuntimeException | Error ex) {
				// Refused (stopped), or no thread could be started: the place is not
				// taken, whatever the caller makes of the failure.
				synchronized (this) {
					this.running--;
				}
				throw ex;
			}
		}

		/**
		 * Have a queued fetch go before those that still have time, now that a caller
		 * waits for it.
		 * @param fetch the fetch as it was given to {@link #execute}
		 */
		void promote(Runnable fetch) {
			synchronized (this) {
				if (this.queued.remove(fetch)) {
					this.urgent.add(fetch);
				}
			}
		}

		/**
		 * Runs a fetch, then the lane's queued ones on the same thread until none is
		 * left, holding one place throughout.
		 */
		private void runFrom(Runnable first) {
			Runnable fetch = first;
			while (fetch != null) {
				try {
					fetch.run();
				}
				catch (RuntimeException | Error ex) {
					// A fetch reports its own failures; this one escaped. The place is
					// handed on all the same.
					logger.warn("A credentials fetch failed outside its role's engine", ex);
				}
				fetch = next();
				// An interrupt a fetch left is not the next one's.
				Thread.interrupted();
			}
		}

		private @Nullable Runnable next() {
			synchronized (this) {
				Runnable next = FetchLanes.this.stopped ? null
						: (!this.urgent.isEmpty()) ? this.urgent.poll() : this.queued.poll();
				if (next == null) {
					this.running--;
				}
				return next;
			}
		}

		private void dropQueued() {
			List<Runnable> dropped;
			synchronized (this) {
				dropped = new ArrayList<>(this.urgent);
				dropped.addAll(this.queued);
				this.urgent.clear();
				this.queued.clear();
			}
			for (Runnable fetch : dropped) {
				if (fetch instanceof Droppable droppable) {
					try {
						droppable.dropped();
					}
					catch (RuntimeException ex) {
						logger.warn("A dropped credentials fetch failed to tell its callers", ex);
					}
				}
			}
		}

	}

}
