package io.awsrefresh.credentials;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.awsrefresh.test.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A fetch still queued on its lane when the lanes stop (the application shutting down)
 * never runs; whoever waits for it is answered then, not when a wait far longer than the
 * shutdown runs out. It matters for a run-time role let go of with callers waiting: its
 * flight is left to run for them. Real threads; the test waits on what it observes.
 */
class DroppedFetchTests {

	private static final RoleSource ROLE = new RoleSource.AssumeRole(
			AssumeRoleSpec.of("arn:aws:iam::111111111111:role/audit", "orders"), null,
			new StsEndpoint(Region.EU_WEST_1, null));

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void stop() {
		this.release.countDown();
		this.threads.shutdownNow();
		this.scheduler.shutdownNow();
	}

	@Test
	void aCallerOfARoleLetGoOfWhoseFetchIsQueuedIsAnsweredWhenTheLanesStop() throws Exception {
		FetchLanes lanes = new FetchLanes(this.threads, 1);
		Executor lane = lanes.lane(ROLE);
		// The lane's one place is taken by a fetch that hangs.
		lane.execute(() -> {
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		// Callers would wait five minutes for a fetch.
		RefreshRuntime runtime = new RefreshRuntime(Clock.systemUTC(), RefreshTimer.on(this.scheduler), lane,
				Backoff.DEFAULT, Duration.ofMinutes(5), Duration.ofMinutes(5), () -> 0.5);
		ScriptedSource source = new ScriptedSource(Clock.systemUTC());
		RefreshEngine engine = new RefreshEngine("audit@111111111111", ROLE, source, RefreshSettings.DEFAULTS, runtime,
				List.of());
		CompletableFuture<?> caller = CompletableFuture.supplyAsync(engine::resolve, this.threads);
		Await.until(engine::isFetching);
		engine.letGo("it was removed from the run-time roles");
		lanes.stop();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> caller.get(30, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(RoleCredentialsException.class)
			.withMessageContaining("it was removed from the run-time roles");
		assertThat(engine.isFetching()).isFalse();
		assertThat(source.calls()).isZero();
	}

}
