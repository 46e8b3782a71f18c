package io.awsrefresh.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/**
 * A clock and a timer on virtual time: tasks run on the caller's thread when
 * {@link #advance(Duration)} moves the clock past them, in order.
 */
final class VirtualTime extends Clock implements RefreshTimer {

	private final PriorityQueue<Task> tasks = new PriorityQueue<>();

	private long now = Instant.parse("2026-11-29T12:00:00Z").toEpochMilli();

	private long sequence;

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public synchronized long millis() {
		return this.now;
	}

	@Override
	public Instant instant() {
		return Instant.ofEpochMilli(millis());
	}

	@Override
	public synchronized Runnable schedule(Runnable task, long delayMillis) {
		Task scheduled = new Task(this.now + delayMillis, this.sequence++, task);
		this.tasks.add(scheduled);
		return () -> scheduled.cancelled = true;
	}

	/**
	 * Move the clock forward, running every task that falls due on the way at its time.
	 */
	void advance(Duration duration) {
		long end;
		synchronized (this) {
			end = this.now + duration.toMillis();
		}
		while (true) {
			Task next;
			synchronized (this) {
				next = this.tasks.peek();
				if (next == null || next.due > end) {
					this.now = end;
					return;
				}
				this.tasks.poll();
				this.now = Math.max(this.now, next.due);
			}
			if (!next.cancelled) {
				next.task.run();
			}
		}
	}

	void advanceTo(Instant instant) {
		advance(Duration.ofMillis(Math.max(0, instant.toEpochMilli() - millis())));
	}

	synchronized int pendingTasks() {
		return (int) this.tasks.stream().filter((task) -> !task.cancelled).count();
	}

	private static final class Task implements Comparable<Task> {

		final long due;

		final long sequence;

		final Runnable task;

		volatile boolean cancelled;

		Task(long due, long sequence, Runnable task) {
			this.due = due;
			this.sequence = sequence;
			this.task = task;
		}

		@Override
		public int compareTo(Task other) {
			return (this.due != other.due) ? Long.compare(this.due, other.due)
					: Long.compare(this.sequence, other.sequence);
		}

	}

}
