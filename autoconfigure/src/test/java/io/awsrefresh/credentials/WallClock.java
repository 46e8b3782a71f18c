package io.awsrefresh.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A wall clock on the virtual time that can be set back, as NTP may: the virtual timer,
 * like a scheduler on {@code System.nanoTime()}, keeps its delays.
 */
final class WallClock extends Clock {

	private final VirtualTime time;

	private volatile Duration offset = Duration.ZERO;

	WallClock(VirtualTime time) {
		this.time = time;
	}

	void setBack(Duration duration) {
		this.offset = this.offset.minus(duration);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		return this.time.instant().plus(this.offset);
	}

}
