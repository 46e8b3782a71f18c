package io.awsrefresh.credentials;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay: the one thing the refresh engine needs from a scheduler, so
 * that a simulation can drive it on a virtual clock.
 */
@FunctionalInterface
interface RefreshTimer {

	/**
	 * Run a task after a delay.
	 * @param task a short task
	 * @param delayMillis the delay
	 * @return cancels the task if it has not started
	 */
	Runnable schedule(Runnable task, long delayMillis);

	/**
	 * A timer on a scheduled executor; once the executor is shut down, tasks are dropped.
	 * @param scheduler the scheduler
	 * @return the timer
	 */
	static RefreshTimer on(ScheduledExecutorService scheduler) {
		return (task, delayMillis) -> {
			try {
				ScheduledFuture<?> future = scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
				return () -> future.cancel(false);
			}
			catch (RejectedExecutionException ex) {
				// Shutting down: nothing more to refresh.
				return () -> {
				};
			}
		};
	}

}
