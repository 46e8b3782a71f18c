package io.awsrefresh.credentials;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * A credentials fetcher whose answers a test chooses: credentials of a given lifetime on
 * the test's clock, or a failure.
 */
final class ScriptedSource implements CredentialsFetcher {

	private final Clock clock;

	private final AtomicInteger calls = new AtomicInteger();

	final List<Long> callTimes = new CopyOnWriteArrayList<>();

	private volatile Duration lifetime = Duration.ofHours(1);

	private volatile RuntimeException failure;

	ScriptedSource(Clock clock) {
		this.clock = clock;
	}

	ScriptedSource lifetime(Duration lifetime) {
		this.lifetime = lifetime;
		return this;
	}

	void fail(RuntimeException failure) {
		this.failure = failure;
	}

	void recover() {
		this.failure = null;
	}

	int calls() {
		return this.calls.get();
	}

	@Override
	public AwsSessionCredentials fetch() {
		int call = this.calls.incrementAndGet();
		this.callTimes.add(this.clock.millis());
		RuntimeException failure = this.failure;
		if (failure != null) {
			throw failure;
		}
		return AwsSessionCredentials.builder()
			.accessKeyId("ASIA" + call)
			.secretAccessKey("secret-" + call)
			.sessionToken("token-" + call)
			.expirationTime(this.clock.instant().plus(this.lifetime))
			.build();
	}

}
