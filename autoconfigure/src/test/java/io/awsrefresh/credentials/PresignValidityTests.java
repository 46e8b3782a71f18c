package io.awsrefresh.credentials;

import java.time.Duration;
import java.time.Instant;

import io.awsrefresh.credentials.RefreshAttempt.Trigger;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RoleCredentialsProvider#resolveCredentialsValidFor}: what a presigner asks for.
 * When the role's planned refresh comes later than the credentials can serve the minimum
 * (a prefetch time shorter than it), one refresh is made for the caller, and never a loop
 * of them: not while the role fails, not for credentials too short-lived to help, not
 * again once fresh ones are held. On virtual time, no sleeps.
 */
class PresignValidityTests {

	private static final Duration MINIMUM = Duration.ofMinutes(5);

	/**
	 * Refreshed from 3 to 2 minutes before expiry (the middle: 2.5 minutes): a presigner
	 * asking for 5 minutes would find them too short for 2.5 minutes of every hour.
	 */
	private static final RefreshSettings PREFETCH_3M = new RefreshSettings(true, Duration.ofMinutes(3),
			Duration.ofMinutes(1));

	@Test
	void aPrefetchTimeShorterThanTheMinimumRefreshesOnceForTheCaller() {
		VirtualTimeRole role = new VirtualTimeRole(PREFETCH_3M);
		assertThat(role.provider().resolveCredentialsValidFor(MINIMUM).accessKeyId()).isEqualTo("ASIA1");
		role.advance(Duration.ofMinutes(56));
		// 4 minutes left, the planned refresh 1.5 minutes away.
		assertThat(role.provider().resolveCredentials().accessKeyId()).isEqualTo("ASIA1");
		assertThat(role.fetches()).isOne();
		AwsCredentials credentials = role.provider().resolveCredentialsValidFor(MINIMUM);
		assertThat(credentials.accessKeyId()).isEqualTo("ASIA2");
		assertThat(remaining(credentials, role)).isEqualTo(Duration.ofHours(1));
		assertThat(role.triggers()).containsExactly(Trigger.FIRST_USE, Trigger.PRESIGN);
		// Fresh ones held: no more fetches, and the next is planned from them.
		role.provider().resolveCredentialsValidFor(MINIMUM);
		role.advance(Duration.ofMinutes(10));
		role.provider().resolveCredentialsValidFor(MINIMUM);
		assertThat(role.fetches()).isEqualTo(2);
		assertThat(role.provider().status().nextAttempt()).isEqualTo(
				role.clock().instant().minus(Duration.ofMinutes(10)).plus(Duration.ofMinutes(57).plusSeconds(30)));
	}

	@Test
	void credentialsThatLiveLongEnoughAreAnsweredWithoutAFetch() {
		VirtualTimeRole role = new VirtualTimeRole(PREFETCH_3M);
		role.provider().resolveCredentials();
		// A second more than the minimum left, and the margin the engine keeps: enough.
		role.advance(Duration.ofMinutes(55).minusSeconds(1));
		assertThat(role.provider().resolveCredentialsValidFor(MINIMUM).accessKeyId()).isEqualTo("ASIA1");
		assertThat(role.fetches()).isOne();
		// The minimum left exactly: refreshed, so that the caller does not find it
		// under the minimum a moment later.
		role.advance(Duration.ofSeconds(1));
		assertThat(role.provider().resolveCredentialsValidFor(MINIMUM).accessKeyId()).isEqualTo("ASIA2");
	}

	@Test
	void whileTheRoleFailsTheCredentialsHeldAreAnsweredAtOnceWithoutAFetch() {
		VirtualTimeRole role = new VirtualTimeRole(PREFETCH_3M);
		role.provider().resolveCredentials();
		role.failFetches();
		// The planned refresh at 57.5 minutes failed, and so did its retries.
		role.advance(Duration.ofMinutes(58));
		int fetches = role.fetches();
		assertThat(fetches).isGreaterThan(1);
		assertThat(role.provider().resolveCredentialsValidFor(MINIMUM).accessKeyId()).isEqualTo("ASIA1");
		assertThat(role.fetches()).isEqualTo(fetches);
		assertThat(role.triggers()).doesNotContain(Trigger.PRESIGN);
	}

	@Test
	void aRefreshForTheCallerThatFailsLeavesTheCredentialsHeldAnsweredAndIsNotRepeatedAtOnce() {
		VirtualTimeRole role = new VirtualTimeRole(PREFETCH_3M);
		role.provider().resolveCredentials();
		role.advance(Duration.ofMinutes(56));
		role.failFetches();
		assertThat(role.provider().resolveCredentialsValidFor(MINIMUM).accessKeyId()).isEqualTo("ASIA1");
		assertThat(role.provider().resolveCredentialsValidFor(MINIMUM).accessKeyId()).isEqualTo("ASIA1");
		assertThat(role.fetches()).isEqualTo(2);
		assertThat(role.triggers()).containsExactly(Trigger.FIRST_USE, Trigger.PRESIGN);
		assertThat(role.provider().status().consecutiveFailures()).isOne();
	}

	@Test
	void credentialsThatLiveLessThanTwiceTheMinimumAreNotRefreshedForIt() {
		// 1-hour credentials against a minimum of 31 minutes: a refresh would give
		// credentials that fall under it again within 29 minutes.
		VirtualTimeRole role = new VirtualTimeRole(PREFETCH_3M);
		role.provider().resolveCredentials();
		role.advance(Duration.ofMinutes(56));
		assertThat(role.provider().resolveCredentialsValidFor(Duration.ofMinutes(31)).accessKeyId()).isEqualTo("ASIA1");
		assertThat(role.fetches()).isOne();
		// Twice the minimum exactly is enough.
		assertThat(role.provider().resolveCredentialsValidFor(Duration.ofMinutes(30)).accessKeyId()).isEqualTo("ASIA2");
		assertThat(role.triggers()).containsExactly(Trigger.FIRST_USE, Trigger.PRESIGN);
	}

	@Test
	void aMinimumNoCredentialsCanMeetNeverRefreshes() {
		VirtualTimeRole role = new VirtualTimeRole(PREFETCH_3M);
		Duration never = Duration.ofMillis(Long.MAX_VALUE);
		role.provider().resolveCredentials();
		for (int i = 0; i < 6; i++) {
			role.advance(Duration.ofSeconds(10));
			role.provider().resolveCredentialsValidFor(never);
		}
		assertThat(role.triggers()).containsExactly(Trigger.FIRST_USE);
	}

	private static Duration remaining(AwsCredentials credentials, VirtualTimeRole role) {
		Instant expiration = ((AwsSessionCredentials) credentials).expirationTime().orElseThrow();
		return Duration.between(role.clock().instant(), expiration);
	}

}
