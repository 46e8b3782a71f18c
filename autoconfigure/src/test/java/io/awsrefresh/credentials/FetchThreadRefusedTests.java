package io.awsrefresh.credentials;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No thread can be started for a fetch for a moment (the {@code OutOfMemoryError} of
 * {@code Thread.start()} a thread limit causes, which {@code ThreadPoolExecutor.execute}
 * throws): callers holding credentials AWS accepts are still answered, the role keeps a
 * next attempt with nobody calling, and it says so once.
 */
@ExtendWith(OutputCaptureExtension.class)
class FetchThreadRefusedTests {

	private static final RoleSource ROLE = new RoleSource.AssumeRole(
			AssumeRoleSpec.of("arn:aws:iam::123456789012:role/app", "orders"), null,
			new StsEndpoint(Region.EU_WEST_1, null));

	private final VirtualTime time = new VirtualTime();

	private final ScriptedSource source = new ScriptedSource(this.time);

	/**
	 * Runs fetches inline, but refuses to start a thread the given times after the first.
	 */
	private final AtomicInteger refusals = new AtomicInteger();

	private final Executor threads = (task) -> {
		if (this.refusals.getAndDecrement() > 0) {
			throw new OutOfMemoryError(
					"unable to create native thread: possibly out of memory or process/resource " + "limits reached");
		}
		task.run();
	};

	@Test
	void aCallerHoldingFreshCredentialsIsNotFailedBecauseAnOverdueRefreshCouldNotStartAThread() {
		// The refresh timer is late (a machine that slept): the next read starts it.
		RefreshEngine engine = engine((task, delay) -> () -> {
		});
		AwsSessionCredentials issued = engine.resolve();
		this.time.advance(Duration.ofMinutes(28));
		this.refusals.set(1);
		// Fresh for another 31 minutes: the read must answer with them.
		assertThatCode(() -> assertThat(engine.resolve()).isSameAs(issued)).doesNotThrowAnyException();
	}

	@Test
	void aScheduledRefreshThatCouldNotStartAThreadIsTriedAgainWithoutTraffic() {
		// Like a ScheduledExecutorService, the timer swallows what a task throws.
		RefreshTimer timer = (task, delay) -> this.time.schedule(() -> {
			try {
				task.run();
			}
			catch (Throwable ex) {
				// A ScheduledFutureTask keeps it in its future, which nobody reads.
			}
		}, delay);
		RefreshEngine engine = engine(timer);
		engine.resolve();
		assertThat(this.source.calls()).isOne();
		// The background refresh (27 min) finds no thread for a moment.
		this.refusals.set(1);
		this.time.advance(Duration.ofMinutes(27));
		assertThat(this.source.calls()).isOne();
		// No traffic; a thread can be started again. Retried with backoff (seconds),
		// certainly within the next 20 minutes and before the credentials go stale.
		this.time.advance(Duration.ofMinutes(20));
		assertThat(engine.status().nextAttempt()).as("next attempt").isNotNull();
		assertThat(this.source.calls()).as("fetches").isEqualTo(2);
	}

	@Test
	void aCallerHoldingStaleCredentialsAwsStillAcceptsIsAnsweredWithThemWhenTheFetchFindsNoThread() {
		RefreshEngine engine = engine((task, delay) -> () -> {
		});
		AwsSessionCredentials issued = engine.resolve();
		// The refresh timer lost: on to the stale time, where a caller waits for a
		// fetch, and the credentials are still served if it fails.
		while (engine.status().state() != RefreshState.STALE) {
			this.time.advance(Duration.ofSeconds(10));
		}
		this.refusals.set(1);
		assertThat(engine.resolve()).isSameAs(issued);
		assertThat(engine.status().nextAttempt()).as("next attempt").isNotNull();
	}

	@Test
	void callersTryingAgainWhileNoThreadStartsWriteOneWarning(CapturedOutput output) {
		RefreshEngine engine = engine((task, delay) -> () -> {
		});
		this.refusals.set(3);
		for (int i = 0; i < 3; i++) {
			assertThatThrownBy(engine::resolve).isInstanceOf(OutOfMemoryError.class);
		}
		assertThat(output.getAll().split("Could not start fetching credentials of role 'app'", -1)).hasSize(2);
		assertThat(engine.resolve()).isNotNull();
		// Refused again after a fetch that started: a new warning.
		this.time.advance(Duration.ofMinutes(28));
		this.refusals.set(1);
		engine.resolve();
		assertThat(output.getAll().split("Could not start fetching credentials of role 'app'", -1)).hasSize(3);
	}

	private RefreshEngine engine(RefreshTimer timer) {
		return new RefreshEngine("app", ROLE, this.source, RefreshSettings.DEFAULTS, new RefreshRuntime(this.time,
				timer, this.threads, Backoff.DEFAULT, Duration.ofSeconds(10), Duration.ofMinutes(5), () -> 0.5),
				List.of());
	}

}
