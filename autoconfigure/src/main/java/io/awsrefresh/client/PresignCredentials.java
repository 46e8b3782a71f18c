package io.awsrefresh.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.awsrefresh.credentials.RefreshState;
import io.awsrefresh.credentials.RefreshStatus;
import io.awsrefresh.credentials.RoleCredentialsProvider;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The credentials a registry presigner signs with. A presigned URL dies with the session
 * credentials that signed it, whatever validity was asked for, so credentials that expire
 * within the minimum validity are refused rather than turned into a link that stops
 * working minutes later. The expiry of the credentials used is noted, so that
 * {@link PresignedUrls#validUntil} can tell the caller when a URL really stops working.
 */
final class PresignCredentials implements AwsCredentialsProvider {

	private final String role;

	private final AwsCredentialsProvider delegate;

	private final Duration minimumValidity;

	private final Clock clock;

	PresignCredentials(String role, AwsCredentialsProvider delegate, Duration minimumValidity) {
		this(role, delegate, minimumValidity, Clock.systemUTC());
	}

	PresignCredentials(String role, AwsCredentialsProvider delegate, Duration minimumValidity, Clock clock) {
		this.role = role;
		this.delegate = delegate;
		this.minimumValidity = minimumValidity;
		this.clock = clock;
	}

	@Override
	public AwsCredentials resolveCredentials() {
		// A role refreshes early when its planned refresh comes too late for this.
		AwsCredentials credentials = (this.delegate instanceof RoleCredentialsProvider role)
				? role.resolveCredentialsValidFor(this.minimumValidity) : this.delegate.resolveCredentials();
		Instant expiration = (credentials instanceof AwsSessionCredentials session)
				? session.expirationTime().orElse(null) : null;
		if (expiration != null) {
			Duration remaining = Duration.between(this.clock.instant(), expiration);
			if (remaining.compareTo(this.minimumValidity) < 0) {
				throw new PresignRefusedException(this.role, expiration, remaining, this.minimumValidity, whyShort());
			}
			PresignedUrls.signedWith(credentials.accessKeyId(), expiration, this.clock.instant());
		}
		return credentials;
	}

	private String whyShort() {
		RefreshStatus status = (this.delegate instanceof RoleCredentialsProvider role) ? role.status() : null;
		if (status == null || status.state() == RefreshState.SOURCE_MANAGED) {
			return "Its credentials provider answered credentials that expire that soon.";
		}
		if (status.consecutiveFailures() > 0) {
			return "The role's refreshes are failing: see its refresh status.";
		}
		return "The role's refreshes are not failing: its credentials live less than twice the minimum, or the "
				+ "refresh made for this was slow. Lower the minimum (aws.refresh.presign.minimum-validity) or "
				+ "lengthen the role's credentials (its duration).";
	}

	@Override
	public String toString() {
		return "PresignCredentials[role=" + this.role + ", minimumValidity=" + this.minimumValidity + "]";
	}

}
