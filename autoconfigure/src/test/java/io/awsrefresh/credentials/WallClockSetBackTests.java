package io.awsrefresh.credentials;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wall clock set back (an NTP step, a virtual machine restored from a snapshot): the
 * engine's intervals measured on it still pass. A run-time role whose credentials are
 * read on every call is still marked in use (Caffeine measures disuse on
 * {@code System.nanoTime}), and a rejected token still forces a refresh ten seconds after
 * the last forced one.
 */
class WallClockSetBackTests {

	private static final String NAME = "audit@123456789012";

	private final VirtualTime time = new VirtualTime();

	private final WallClock wallClock = new WallClock(this.time);

	private final List<String> removed = new CopyOnWriteArrayList<>();

	private final CaffeineRunTimeRoles roles = new CaffeineRunTimeRoles(100, Duration.ofMillis(500));

	@AfterEach
	void close() {
		this.roles.close();
	}

	@Test
	void aRoleWhoseCredentialsAreReadStaysAfterTheWallClockIsSetBack() {
		this.roles.onRemoved(this.removed::add);
		RoleCredentialsProvider role = this.roles.get(NAME, this::role);
		role.resolveCredentials();
		// NTP steps the wall clock back an hour; the credentials are still fresh.
		this.wallClock.setBack(Duration.ofHours(1));
		// A client kept on the role reads its credentials on every call, for six times
		// the expiry (as CaffeineRunTimeRolesTests does without the step).
		Duration expiry = Duration.ofMillis(500);
		long until = System.nanoTime() + 6 * expiry.toNanos();
		while (System.nanoTime() < until) {
			this.time.advance(Duration.ofMillis(RefreshEngine.USE_MARK_MILLIS));
			assertThat(role.resolveCredentials()).isNotNull();
			LockSupport.parkNanos(expiry.toNanos() / 20);
		}
		assertThat(this.removed).as("roles removed for disuse while in use").isEmpty();
		assertThat(this.roles.getIfPresent(NAME)).isSameAs(role);
	}

	/**
	 * At most one forced refresh per 10 s, also across a clock set back an hour: counted
	 * from the last one on that clock, it would refuse them for the hour while AWS keeps
	 * rejecting the credentials held (a revoked session).
	 */
	@Test
	void aRejectedTokenForcesARefreshTenSecondsAfterTheLastOneAlsoAfterTheWallClockIsSetBack() {
		ScriptedSource source = new ScriptedSource(this.wallClock);
		RoleSource custom = new RoleSource.Custom("test", (roleName) -> source.fetch());
		RefreshEngine engine = new RefreshEngine(
				"app", custom, source, RefreshSettings.DEFAULTS, new RefreshRuntime(this.wallClock, this.time,
						Runnable::run, Backoff.DEFAULT, Duration.ofSeconds(30), Duration.ofMinutes(5), () -> 0.5),
				List.of());
		engine.resolve();
		engine.invalidate("ASIA1");
		assertThat(source.calls()).isEqualTo(2);
		this.wallClock.setBack(Duration.ofHours(1));
		this.time.advance(Duration.ofSeconds(30));
		// AWS rejects ASIA2 too, 30 s after the last forced refresh.
		engine.invalidate("ASIA2");
		assertThat(source.calls()).as("fetches").isEqualTo(3);
	}

	private RoleCredentialsProvider role() {
		ScriptedSource source = new ScriptedSource(this.wallClock);
		RoleSource custom = new RoleSource.Custom("test", (roleName) -> source.fetch());
		RoleDefinition definition = new RoleDefinition(NAME, custom, RefreshSettings.DEFAULTS, "audit");
		RefreshRuntime runtime = new RefreshRuntime(this.wallClock, this.time, Runnable::run, Backoff.DEFAULT,
				Duration.ofSeconds(30), Duration.ofMinutes(5), () -> 0.5);
		return RoleCredentialsProvider.refreshing(definition,
				new RefreshEngine(NAME, custom, source, RefreshSettings.DEFAULTS, runtime, List.of()));
	}

}
