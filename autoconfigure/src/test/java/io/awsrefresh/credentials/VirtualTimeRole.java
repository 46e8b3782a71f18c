package io.awsrefresh.credentials;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.awsrefresh.credentials.RefreshAttempt.Trigger;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * A refreshing role on virtual time, whose fetches a test outside this package counts and
 * fails: fetches run on the caller's thread, timed refreshes when the clock is advanced
 * past them.
 */
public final class VirtualTimeRole {

	private static final RoleSource ROLE = new RoleSource.AssumeRole(
			AssumeRoleSpec.of("arn:aws:iam::123456789012:role/app", "orders"), null,
			new StsEndpoint(Region.EU_WEST_1, null));

	private final VirtualTime time = new VirtualTime();

	private final ScriptedSource source = new ScriptedSource(this.time);

	private final List<RefreshAttempt> attempts = new CopyOnWriteArrayList<>();

	private final RoleCredentialsProvider provider;

	/**
	 * A role whose source answers 1-hour credentials, refreshed at the middle of its
	 * window (jitter 0.5).
	 * @param settings its refresh settings
	 */
	public VirtualTimeRole(RefreshSettings settings) {
		RefreshEngine engine = new RefreshEngine(
				"app", ROLE, this.source, settings, new RefreshRuntime(this.time, this.time, Runnable::run,
						Backoff.DEFAULT, Duration.ofSeconds(10), Duration.ofMinutes(5), () -> 0.5),
				List.of(this.attempts::add));
		this.provider = RoleCredentialsProvider.refreshing(new RoleDefinition("app", ROLE, settings), engine);
	}

	public void close() {
		this.provider.engine().close();
	}

	public RoleCredentialsProvider provider() {
		return this.provider;
	}

	public Clock clock() {
		return this.time;
	}

	public void advance(Duration duration) {
		this.time.advance(duration);
	}

	public int fetches() {
		return this.source.calls();
	}

	public List<Trigger> triggers() {
		return this.attempts.stream().map(RefreshAttempt::trigger).toList();
	}

	/**
	 * Every fetch from now on fails as STS does when unavailable.
	 */
	public void failFetches() {
		this.source.fail((StsException) StsException.builder()
			.statusCode(503)
			.awsErrorDetails(AwsErrorDetails.builder()
				.errorCode("ServiceUnavailable")
				.errorMessage("Service unavailable")
				.build())
			.build());
	}

}
