package io.awsrefresh.credentials;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * The application's {@link MfaTokenProvider}, asked so that no code of a device reaches
 * STS twice: STS refuses a code it has accepted. Roles that share a device (a template
 * used in two accounts, configured roles with one serial number) take their codes one at
 * a time, and one given a code another role has just sent waits for the device's next
 * code (a TOTP device shows one every 30 seconds), asking again every second. A role
 * waits at most {@link #DEVICE_WAIT} for any one other role's turn at the device: a
 * provider that does not return (a prompt nobody answers) holds the other roles of its
 * device, each on its fetch thread, for that long each attempt, not for ever.
 */
final class OneUseMfaCodes implements MfaTokenProvider {

	/**
	 * How long a code given is remembered: longer than a TOTP step, with room for a clock
	 * drift STS accepts.
	 */
	static final Duration REMEMBERED = Duration.ofSeconds(90);

	/**
	 * How long a role waits for a new code: more than one TOTP step.
	 */
	static final Duration MAX_WAIT = Duration.ofSeconds(35);

	/**
	 * How long a role waits for any one other role's turn at the same device: that turn
	 * can take {@link #MAX_WAIT} and a provider's answer or two.
	 */
	static final Duration DEVICE_WAIT = Duration.ofSeconds(70);

	private static final long ASK_AGAIN_MILLIS = 1000;

	private final MfaTokenProvider provider;

	private final Sleeper sleeper;

	private final LongSupplier nanoTime;

	private final Duration deviceWait;

	// By serial number: a handful of devices, and an entry is a code and a time.
	private final Map<String, Device> devices = new ConcurrentHashMap<>();

	OneUseMfaCodes(MfaTokenProvider provider) {
		this(provider, Thread::sleep, System::nanoTime, DEVICE_WAIT);
	}

	OneUseMfaCodes(MfaTokenProvider provider, Sleeper sleeper, LongSupplier nanoTime) {
		this(provider, sleeper, nanoTime, DEVICE_WAIT);
	}

	OneUseMfaCodes(MfaTokenProvider provider, Sleeper sleeper, LongSupplier nanoTime, Duration deviceWait) {
		this.provider = provider;
		this.sleeper = sleeper;
		this.nanoTime = nanoTime;
		this.deviceWait = deviceWait;
	}

	@Override
	public String tokenCode(String serialNumber) {
		Device device = this.devices.computeIfAbsent(serialNumber, (key) -> new Device());
		lock(device, serialNumber);
		try {
			long deadline = this.nanoTime.getAsLong() + MAX_WAIT.toNanos();
			String code = this.provider.tokenCode(serialNumber);
			while (device.sent(code, this.nanoTime.getAsLong())) {
				if (this.nanoTime.getAsLong() - deadline >= 0) {
					// Not echoed: the code is a secret, even a spent one.
					throw new IllegalStateException("MfaTokenProvider gave, for " + MAX_WAIT.toSeconds()
							+ " s, the code of MFA device '" + serialNumber
							+ "' that was just sent for another fetch; STS refuses a code it has accepted");
				}
				sleep();
				code = this.provider.tokenCode(serialNumber);
			}
			device.remember(code, this.nanoTime.getAsLong());
			return code;
		}
		finally {
			device.lock.unlock();
		}
	}

	/**
	 * Take the device, waiting at most {@link #deviceWait} for any one turn: a role
	 * behind several turns of normal length waits for them all.
	 */
	private void lock(Device device, String serialNumber) {
		try {
			long turn = device.turn;
			long turnSeen = System.nanoTime();
			long slice = Math.min(this.deviceWait.toNanos(), ASK_AGAIN_MILLIS * 1_000_000);
			while (!device.lock.tryLock(slice, TimeUnit.NANOSECONDS)) {
				long now = System.nanoTime();
				if (device.turn != turn) {
					// Another role's turn began: its own wait starts now.
					turn = device.turn;
					turnSeen = now;
				}
				else if (now - turnSeen >= this.deviceWait.toNanos()) {
					throw new IllegalStateException("Another fetch has been asking the MfaTokenProvider for a code of "
							+ "MFA device '" + serialNumber + "' for more than " + this.deviceWait.toSeconds()
							+ " s; bound the calls of your MfaTokenProvider");
				}
			}
			device.turn++;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for MFA device '" + serialNumber + "'", ex);
		}
	}

	private void sleep() {
		try {
			this.sleeper.sleep(ASK_AGAIN_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for a new MFA token code", ex);
		}
	}

	/**
	 * Sleeps between asking for a code and asking again.
	 */
	@FunctionalInterface
	interface Sleeper {

		void sleep(long millis) throws InterruptedException;

	}

	/**
	 * The last code sent for a device. Guarded by its lock.
	 */
	private static final class Device {

		final ReentrantLock lock = new ReentrantLock();

		/**
		 * Counts the turns taken, so that a role waiting sees when one ends.
		 */
		volatile long turn;

		private @Nullable String code;

		private long sentAt;

		boolean sent(@Nullable String code, long now) {
			return code != null && code.strip().equals(this.code) && now - this.sentAt < REMEMBERED.toNanos();
		}

		void remember(@Nullable String code, long now) {
			this.code = (code != null) ? code.strip() : null;
			this.sentAt = now;
		}

	}

}
