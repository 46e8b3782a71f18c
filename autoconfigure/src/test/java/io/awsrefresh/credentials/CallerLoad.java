package io.awsrefresh.credentials;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.awsrefresh.test.Await;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Threads that call something in a loop, about once a millisecond each, and record how
 * long each call took and whether it failed, in the window in which it completed.
 */
final class CallerLoad implements AutoCloseable {

	private final Callable<String> call;

	private final ExecutorService threads;

	private volatile Window window = new Window();

	private volatile boolean running = true;

	/**
	 * Start the callers.
	 * @param threads how many
	 * @param call the call; returns what it got (an access key id), or throws
	 */
	CallerLoad(int threads, Callable<String> call) {
		this.call = call;
		this.threads = Executors.newFixedThreadPool(threads, (task) -> {
			Thread thread = new Thread(task, "caller");
			thread.setDaemon(true);
			return thread;
		});
		for (int i = 0; i < threads; i++) {
			this.threads.execute(this::loop);
		}
	}

	/**
	 * Keep calling until a condition holds or a timeout passes: how far the plain SDK
	 * provider gets is an outcome to report, not a test failure.
	 */
	void awaitUntil(BooleanSupplier condition, Duration timeout) {
		Await.atMost(timeout, condition);
	}

	/**
	 * What happened since the last summary; a new window starts.
	 */
	Summary next() {
		Window finished = this.window;
		this.window = new Window();
		return finished.summarize();
	}

	/**
	 * When callers first got each answer, in epoch milliseconds, in the current window.
	 */
	Map<String, Long> firstSeen() {
		return this.window.firstSeen;
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.threads.shutdown();
		this.threads.awaitTermination(60, TimeUnit.SECONDS);
	}

	private void loop() {
		while (this.running) {
			long start = System.nanoTime();
			try {
				String answer = this.call.call();
				// A call counts in the window it completes in: one that was held across
				// windows is not lost.
				Window window = this.window;
				window.succeeded.recordValue(micros(start));
				if (!window.firstSeen.containsKey(answer)) {
					window.firstSeen.putIfAbsent(answer, System.currentTimeMillis());
				}
			}
			catch (Exception ex) {
				Window window = this.window;
				window.failed.recordValue(micros(start));
				window.failures.increment();
				if (window.failureMessages.size() < 20) {
					window.failureMessages.add(String.valueOf(ex.getMessage()));
				}
			}
			LockSupport.parkNanos(1_000_000);
		}
	}

	private static long micros(long start) {
		return Math.max(1, (System.nanoTime() - start) / 1000);
	}

	private static final class Window {

		final Recorder succeeded = new Recorder(3);

		final Recorder failed = new Recorder(3);

		final LongAdder failures = new LongAdder();

		final Map<String, Long> firstSeen = new ConcurrentHashMap<>();

		final List<String> failureMessages = new CopyOnWriteArrayList<>();

		Summary summarize() {
			Histogram succeeded = this.succeeded.getIntervalHistogram();
			Histogram failed = this.failed.getIntervalHistogram();
			Histogram all = succeeded.copy();
			all.add(failed);
			return new Summary(all.getTotalCount(), failed.getTotalCount(), all.getValueAtPercentile(99),
					all.getMaxValue(), failed.getValueAtPercentile(99),
					all.getCountBetweenValues(500_000, Long.MAX_VALUE), Map.copyOf(this.firstSeen),
					List.copyOf(this.failureMessages));
		}

	}

	/**
	 * What the callers saw in one window; times in microseconds.
	 *
	 * @param calls calls made
	 * @param failures calls that threw
	 * @param p99Micros 99th percentile of all calls
	 * @param maxMicros slowest call
	 * @param failedP99Micros 99th percentile of the calls that threw
	 * @param over500ms calls slower than 500 ms
	 * @param firstSeen when each answer was first seen (epoch milliseconds)
	 * @param failureMessages some messages of the calls that threw
	 */
	record Summary(long calls, long failures, long p99Micros, long maxMicros, long failedP99Micros, long over500ms,
			Map<String, Long> firstSeen, List<String> failureMessages) {

	}

}
