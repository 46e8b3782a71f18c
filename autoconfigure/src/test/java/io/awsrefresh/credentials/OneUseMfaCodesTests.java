package io.awsrefresh.credentials;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.awsrefresh.test.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * One code of an MFA device sent once, on a virtual clock: the sleeper moves it on.
 */
class OneUseMfaCodesTests {

	private static final String DEVICE = "arn:aws:iam::123456789012:mfa/jane";

	private final AtomicLong nanos = new AtomicLong(TimeUnit.DAYS.toNanos(1));

	private final List<Long> slept = new ArrayList<>();

	/**
	 * A TOTP device: one code per 30-second step of the virtual clock.
	 */
	private final MfaTokenProvider totp = (serialNumber) -> String
		.valueOf(100000 + (TimeUnit.NANOSECONDS.toSeconds(this.nanos.get()) / 30) % 900000);

	private final OneUseMfaCodes codes = new OneUseMfaCodes(this.totp, (millis) -> {
		this.slept.add(millis);
		this.nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
	}, this.nanos::get);

	@Test
	void aSecondRoleOfOneDeviceWithinOneStepWaitsForTheNextCode() {
		// Ten seconds into a step.
		this.nanos.addAndGet(TimeUnit.SECONDS.toNanos(10));
		String first = this.codes.tokenCode(DEVICE);
		String second = this.codes.tokenCode(DEVICE);
		assertThat(second).isNotEqualTo(first).isEqualTo(this.totp.tokenCode(DEVICE));
		// Asked again each second until the step ended, twenty seconds on.
		assertThat(this.slept).hasSize(20).containsOnly(1000L);
	}

	@Test
	void anotherDeviceDoesNotWait() {
		String first = this.codes.tokenCode(DEVICE);
		String other = this.codes.tokenCode("arn:aws:iam::123456789012:mfa/ops");
		assertThat(other).isEqualTo(first);
		assertThat(this.slept).isEmpty();
	}

	@Test
	void aCodeIsRememberedForLongerThanAStepOnly() {
		OneUseMfaCodes constant = new OneUseMfaCodes((serialNumber) -> "123456",
				(millis) -> this.nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis)), this.nanos::get);
		assertThat(constant.tokenCode(DEVICE)).isEqualTo("123456");
		this.nanos.addAndGet(OneUseMfaCodes.REMEMBERED.toNanos());
		assertThat(constant.tokenCode(DEVICE)).isEqualTo("123456");
	}

	@Test
	void aProviderThatGivesTheSpentCodeForLongerThanAStepFailsTheFetchWithoutShowingIt() {
		OneUseMfaCodes constant = new OneUseMfaCodes((serialNumber) -> "987654", (millis) -> {
			this.slept.add(millis);
			this.nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
		}, this.nanos::get);
		constant.tokenCode(DEVICE);
		assertThatIllegalStateException().isThrownBy(() -> constant.tokenCode(DEVICE))
			.withMessageContaining(DEVICE)
			.withMessageContaining("35 s")
			.withMessageNotContaining("987654");
		assertThat(Duration.ofMillis(this.slept.stream().mapToLong(Long::longValue).sum()))
			.isEqualTo(OneUseMfaCodes.MAX_WAIT);
	}

	@Test
	@Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
	void aRoleWaitsForAnotherRolesTurnAtTheDeviceOnlySoLong() throws Exception {
		CountDownLatch asked = new CountDownLatch(1);
		CountDownLatch answer = new CountDownLatch(1);
		// A provider that prompts someone who does not answer, until the test does.
		OneUseMfaCodes prompting = new OneUseMfaCodes((serialNumber) -> {
			asked.countDown();
			try {
				answer.await();
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
			return "246810";
		}, (millis) -> this.nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis)), this.nanos::get,
				Duration.ofMillis(100));
		ExecutorService first = Executors.newSingleThreadExecutor();
		try {
			Future<String> firstCode = first.submit(() -> prompting.tokenCode(DEVICE));
			assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
			assertThatIllegalStateException().isThrownBy(() -> prompting.tokenCode(DEVICE))
				.withMessageContaining("Another fetch has been asking the MfaTokenProvider for a code of MFA device '"
						+ DEVICE + "' for more than")
				.withMessageEndingWith("bound the calls of your MfaTokenProvider");
			answer.countDown();
			assertThat(firstCode.get(10, TimeUnit.SECONDS)).isEqualTo("246810");
		}
		finally {
			first.shutdownNow();
		}
		// The device is free again: the role that gave up asks next time.
		this.nanos.addAndGet(OneUseMfaCodes.REMEMBERED.toNanos());
		assertThat(prompting.tokenCode(DEVICE)).isEqualTo("246810");
	}

	/**
	 * The device wait bounds one turn, not a role's place in line: a role behind three
	 * turns of about 2 s each, with a device wait of 3 s, gets its code. The turns take
	 * real time (the ask-again wait of a second, as in production), because the lock is
	 * waited for on the real clock.
	 */
	@Test
	@Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
	void aRoleBehindSeveralTurnsOfNormalLengthIsNotFailed() throws Exception {
		CountDownLatch holderAsked = new CountDownLatch(1);
		CountDownLatch releaseHolder = new CountDownLatch(1);
		AtomicInteger calls = new AtomicInteger();
		// A healthy TOTP device that answers at once; its code changes after every third
		// ask, so each role behind the first asks three times: two ask-again waits of a
		// second each, a turn of about 2 s.
		MfaTokenProvider device = (serialNumber) -> {
			int n = calls.incrementAndGet();
			if (n == 1) {
				holderAsked.countDown();
				try {
					releaseHolder.await();
				}
				catch (InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
			}
			return String.valueOf(100000 + (n - 1) / 3);
		};
		// Each turn (about 2 s) is well within the device wait of 3 s.
		OneUseMfaCodes codes = new OneUseMfaCodes(device, Thread::sleep, System::nanoTime, Duration.ofSeconds(3));
		CompletableFuture<String> holder = new CompletableFuture<>();
		Thread holderThread = start(codes, holder);
		assertThat(holderAsked.await(10, TimeUnit.SECONDS)).isTrue();
		List<CompletableFuture<String>> waiters = new ArrayList<>();
		List<Thread> waiterThreads = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			CompletableFuture<String> waiter = new CompletableFuture<>();
			waiters.add(waiter);
			waiterThreads.add(start(codes, waiter));
		}
		// All three wait for the device.
		Await.until(() -> waiterThreads.stream().allMatch((t) -> t.getState() == Thread.State.TIMED_WAITING));
		releaseHolder.countDown();
		assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("100000");
		List<String> failures = new ArrayList<>();
		List<String> received = new ArrayList<>();
		for (CompletableFuture<String> waiter : waiters) {
			try {
				received.add(waiter.get(30, TimeUnit.SECONDS));
			}
			catch (ExecutionException ex) {
				failures.add(ex.getCause().getMessage());
			}
		}
		holderThread.join(10_000);
		// Every role gets a code of its own: no turn took anywhere near 3 s.
		assertThat(failures).isEmpty();
		assertThat(received).containsExactlyInAnyOrder("100001", "100002", "100003");
	}

	private static Thread start(OneUseMfaCodes codes, CompletableFuture<String> result) {
		Thread thread = new Thread(() -> {
			try {
				result.complete(codes.tokenCode(DEVICE));
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		});
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

}
