package io.awsrefresh.credentials;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.awsrefresh.test.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The fetch lanes on real threads: a lane never runs more than its share at once, queues
 * the rest and runs them as its fetches end, and another lane's fetch runs while one lane
 * is stuck. Fetches block on latches the test opens; the test waits on what it observes.
 */
@ExtendWith(OutputCaptureExtension.class)
class FetchLanesTests {

	private final ExecutorService threads = Executors.newFixedThreadPool(8);

	private final CountDownLatch release = new CountDownLatch(1);

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicInteger mostRunning = new AtomicInteger();

	private final List<String> ran = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() {
		this.release.countDown();
		this.threads.shutdownNow();
	}

	@Test
	void aStuckLaneHoldsNoMoreThanItsShareAndAnotherLaneStillRuns() throws Exception {
		FetchLanes lanes = new FetchLanes(this.threads, 4);
		for (int i = 1; i <= 6; i++) {
			lanes.lane("slow").execute(blocking("slow-" + i));
		}
		Await.until(() -> this.running.get() == 4);
		CountDownLatch other = new CountDownLatch(1);
		lanes.lane("healthy").execute(() -> {
			this.ran.add("healthy");
			other.countDown();
		});
		assertThat(other.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(this.ran).containsExactly("healthy");
		assertThat(this.mostRunning).hasValue(4);
		this.release.countDown();
		Await.until(() -> this.ran.size() == 7);
		assertThat(this.ran).contains("slow-1", "slow-2", "slow-3", "slow-4", "slow-5", "slow-6");
		assertThat(this.mostRunning).hasValue(4);
	}

	@Test
	void equalKeysShareALane() throws Exception {
		FetchLanes lanes = new FetchLanes(this.threads, 1);
		lanes.lane(new StsEndpointKey("sts eu-west-1")).execute(blocking("first"));
		Await.until(() -> this.running.get() == 1);
		lanes.lane(new StsEndpointKey("sts eu-west-1")).execute(blocking("second"));
		CountDownLatch other = new CountDownLatch(1);
		lanes.lane(new StsEndpointKey("sts eu-west-2")).execute(other::countDown);
		assertThat(other.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(this.mostRunning).hasValue(1);
		this.release.countDown();
		Await.until(() -> this.ran.size() == 2);
		assertThat(this.ran).containsExactly("first", "second");
	}

	@Test
	void aFetchThatThrowsIsLoggedAndFreesItsPlace(CapturedOutput output) {
		FetchLanes lanes = new FetchLanes(Runnable::run, 1);
		lanes.lane("a").execute(() -> {
			throw new IllegalStateException("boom");
		});
		lanes.lane("a").execute(() -> this.ran.add("after"));
		assertThat(this.ran).containsExactly("after");
		assertThat(output).contains("A credentials fetch failed outside its role's engine", "boom");
	}

	@Test
	void aFetchTheThreadsRefuseFreesItsPlaceAndIsRefused() {
		ExecutorService stopped = Executors.newSingleThreadExecutor();
		stopped.shutdown();
		FetchLanes lanes = new FetchLanes(stopped, 1);
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> lanes.lane("a").execute(() -> this.ran.add("never")));
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> lanes.lane("a").execute(() -> this.ran.add("never")));
		assertThat(this.ran).isEmpty();
	}

	/**
	 * A ThreadPoolExecutor that cannot start a thread throws the OutOfMemoryError of
	 * Thread.start() out of execute() (a thread limit reached for a moment): the lane
	 * must not count that fetch as running for ever, or four such moments leave the
	 * endpoint without a fetch again.
	 */
	@Test
	void aFetchTheThreadsCannotStartFreesItsPlace() {
		AtomicInteger refusals = new AtomicInteger(1);
		Executor threads = (task) -> {
			if (refusals.getAndDecrement() > 0) {
				throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource "
						+ "limits reached");
			}
			task.run();
		};
		FetchLanes lanes = new FetchLanes(threads, 1);
		assertThatExceptionOfType(OutOfMemoryError.class)
			.isThrownBy(() -> lanes.lane("a").execute(() -> this.ran.add("never started")));
		lanes.lane("a").execute(() -> this.ran.add("after"));
		assertThat(this.ran).containsExactly("after");
	}

	/**
	 * A fetch that ends hands its place to the next one queued by running it on its own
	 * thread: no thread is started for it (a moment of a thread limit cannot strand it),
	 * and a lane never holds more threads than its places.
	 */
	@Test
	void aQueuedFetchRunsOnTheThreadThatEndedTheLastOne() throws Exception {
		AtomicInteger submissions = new AtomicInteger();
		List<Thread> ranOn = new CopyOnWriteArrayList<>();
		Executor threads = (task) -> {
			submissions.incrementAndGet();
			this.threads.execute(task);
		};
		FetchLanes lanes = new FetchLanes(threads, 1);
		lanes.lane("a").execute(() -> {
			ranOn.add(Thread.currentThread());
			await(this.release);
		});
		Await.until(() -> ranOn.size() == 1);
		lanes.lane("a").execute(() -> {
			ranOn.add(Thread.currentThread());
			this.ran.add("queued");
		});
		this.release.countDown();

		Await.until(() -> this.ran.contains("queued"));
		assertThat(submissions).hasValue(1);
		assertThat(ranOn).hasSize(2).containsOnly(ranOn.get(0));
	}

	@Test
	void queuedFetchesAreDroppedOnceTheLanesStop() throws Exception {
		FetchLanes lanes = new FetchLanes(this.threads, 1);
		lanes.lane("a").execute(blocking("first"));
		Await.until(() -> this.running.get() == 1);
		lanes.lane("a").execute(() -> this.ran.add("queued"));
		lanes.stop();
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> lanes.lane("a").execute(() -> this.ran.add("after stop")));
		this.threads.shutdownNow();
		assertThat(this.threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		assertThat(this.ran).isEmpty();
	}

	@Test
	void aFetchThatLeavesItsThreadInterruptedDoesNotDropTheFetchesQueuedBehindIt() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(1);
		FetchLanes onPool = new FetchLanes(pool, 1);
		try {
			CountDownLatch queued = new CountDownLatch(1);
			onPool.lane("a").execute(() -> {
				await(queued);
				// As a timed-out SDK call or a custom source may leave it.
				Thread.currentThread().interrupt();
			});
			onPool.lane("a").execute(() -> this.ran.add("queued"));
			queued.countDown();
			Await.until(() -> this.ran.contains("queued"));
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aFetchACallerWaitsForGoesBeforeTheQueuedOnesThatStillHaveTime() throws Exception {
		FetchLanes lanes = new FetchLanes(this.threads, 1);
		lanes.lane("a").execute(blocking("running"));
		Await.until(() -> this.running.get() == 1);
		lanes.lane("a").execute(() -> this.ran.add("refresh-1"));
		lanes.lane("a").execute(FetchLanes.urgent(() -> this.ran.add("first-use-1")));
		lanes.lane("a").execute(() -> this.ran.add("refresh-2"));
		lanes.lane("a").execute(FetchLanes.urgent(() -> this.ran.add("first-use-2")));
		this.release.countDown();
		Await.until(() -> this.ran.size() == 5);
		assertThat(this.ran).containsExactly("running", "first-use-1", "first-use-2", "refresh-1", "refresh-2");
	}

	@Test
	void aLaneRunsAtLeastOneFetch() {
		assertThatIllegalArgumentException().isThrownBy(() -> new FetchLanes(this.threads, 0))
			.withMessage("perLane must be at least 1, was 0");
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Runnable blocking(String name) {
		return () -> {
			this.mostRunning.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			try {
				if (this.release.await(30, TimeUnit.SECONDS)) {
					this.ran.add(name);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.running.decrementAndGet();
			}
		};
	}

	private record StsEndpointKey(String value) {

	}

}
