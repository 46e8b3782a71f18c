package io.awsrefresh.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.awsrefresh.credentials.RefreshAttempt.Trigger;
import io.awsrefresh.credentials.RefreshSettings;
import io.awsrefresh.credentials.VirtualTimeRole;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link PresignCredentials} refuses credentials that expire too soon for a useful link
 * (after asking a role to refresh when its planned refresh comes too late), saying why,
 * and notes the expiry of those it passes so that {@link PresignedUrls#validUntil} can
 * bound a link by them.
 */
class PresignCredentialsTests {

	private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

	private static final String TOKEN = "session-token-that-must-not-show";

	/**
	 * Refreshed 2.5 minutes before expiry: a presigner asking for 5 minutes would find
	 * the credentials too short for 2.5 minutes of every hour.
	 */
	private static final RefreshSettings PREFETCH_3M = new RefreshSettings(true, Duration.ofMinutes(3),
			Duration.ofMinutes(1));

	@Test
	void credentialsThatExpireWithinTheMinimumAreRefusedNamingTheRoleAndNoSecret() {
		Instant now = Instant.now();
		PresignCredentials credentials = new PresignCredentials("partner",
				StaticCredentialsProvider.create(session("ASIAREFUSED00000001", now.plus(Duration.ofMinutes(4)))),
				Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));
		assertThatExceptionOfType(PresignRefusedException.class).isThrownBy(credentials::resolveCredentials)
			.satisfies((ex) -> {
				assertThat(ex.getRole()).isEqualTo("partner");
				assertThat(ex.getCredentialsExpiration()).isEqualTo(now.plus(Duration.ofMinutes(4)));
				assertThat(ex.getMessage())
					.contains("role 'partner'", "in 240 s", "the minimum is 300 s",
							"Its credentials provider answered credentials that expire that soon.")
					.doesNotContain(SECRET, TOKEN, "ASIAREFUSED00000001");
			});
	}

	@Test
	void aRoleWhosePlannedRefreshComesTooLateIsRefreshedForThePresignerInsteadOfRefused() {
		VirtualTimeRole role = new VirtualTimeRole(PREFETCH_3M);
		PresignCredentials credentials = new PresignCredentials("app", role.provider(), Duration.ofMinutes(5),
				role.clock());
		assertThat(credentials.resolveCredentials().accessKeyId()).isEqualTo("ASIA1");
		role.advance(Duration.ofMinutes(56));
		assertThat(credentials.resolveCredentials().accessKeyId()).isEqualTo("ASIA2");
		assertThat(role.triggers()).containsExactly(Trigger.FIRST_USE, Trigger.PRESIGN);
	}

	@Test
	void aRefusalSaysWhetherTheRoleIsFailing() {
		VirtualTimeRole failing = new VirtualTimeRole(PREFETCH_3M);
		PresignCredentials credentials = new PresignCredentials("app", failing.provider(), Duration.ofMinutes(5),
				failing.clock());
		credentials.resolveCredentials();
		failing.failFetches();
		failing.advance(Duration.ofMinutes(58));
		assertThatExceptionOfType(PresignRefusedException.class).isThrownBy(credentials::resolveCredentials)
			.withMessageContaining("in 120 s")
			.withMessageEndingWith("The role's refreshes are failing: see its refresh status.");
		// Healthy, but 1-hour credentials cannot serve a minimum of 31 minutes for long.
		VirtualTimeRole healthy = new VirtualTimeRole(PREFETCH_3M);
		PresignCredentials tooLong = new PresignCredentials("app", healthy.provider(), Duration.ofMinutes(31),
				healthy.clock());
		tooLong.resolveCredentials();
		healthy.advance(Duration.ofMinutes(30));
		assertThatExceptionOfType(PresignRefusedException.class).isThrownBy(tooLong::resolveCredentials)
			.withMessageContaining("The role's refreshes are not failing")
			.withMessageContaining("aws.refresh.presign.minimum-validity");
		assertThat(healthy.fetches()).isOne();
	}

	@Test
	void credentialsWithTheMinimumLeftAreRefreshedNotRefusedAMomentLater() {
		VirtualTimeRole role = new VirtualTimeRole(PREFETCH_3M);
		// The presigner reads its clock just after the engine, within the same
		// millisecond.
		Clock presignerClock = Clock.offset(role.clock(), Duration.ofNanos(300_000));
		PresignCredentials credentials = new PresignCredentials("app", role.provider(), Duration.ofMinutes(5),
				presignerClock);
		assertThat(credentials.resolveCredentials().accessKeyId()).isEqualTo("ASIA1");
		// 1-hour credentials, a healthy role: exactly 5 minutes left.
		role.advance(Duration.ofMinutes(55));
		assertThat(credentials.resolveCredentials().accessKeyId()).isEqualTo("ASIA2");
	}

	@Test
	void credentialsThatLiveLongEnoughArePassedAsTheyAre() {
		Instant now = Instant.now();
		AwsSessionCredentials session = session("ASIAPASSED000000001", now.plus(Duration.ofMinutes(30)));
		PresignCredentials credentials = new PresignCredentials("default", StaticCredentialsProvider.create(session),
				Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));
		assertThat(credentials.resolveCredentials().accessKeyId()).isEqualTo(session.accessKeyId());
		assertThat(credentials.toString()).doesNotContain(SECRET, TOKEN);
	}

	@Test
	void credentialsWithoutExpiryArePassed() {
		AwsBasicCredentials basic = AwsBasicCredentials.create("AKIALONGLIVED000001", SECRET);
		assertThat(new PresignCredentials("default", StaticCredentialsProvider.create(basic), Duration.ofMinutes(5))
			.resolveCredentials()
			.accessKeyId()).isEqualTo(basic.accessKeyId());
	}

	@Test
	void aLinkAskedToOutliveItsCredentialsIsValidUntilTheyExpire() {
		Instant expiry = Instant.now().plus(Duration.ofMinutes(20));
		try (S3Presigner presigner = presigner(session("ASIASHORTER00000001", expiry))) {
			PresignedGetObjectRequest hour = presigner.presignGetObject((p) -> p.signatureDuration(Duration.ofHours(1))
				.getObjectRequest((g) -> g.bucket("docs").key("a.txt")));
			assertThat(hour.expiration()).isAfter(expiry);
			assertThat(PresignedUrls.validUntil(hour)).isEqualTo(expiry);
			PresignedGetObjectRequest tenMinutes = presigner
				.presignGetObject((p) -> p.signatureDuration(Duration.ofMinutes(10))
					.getObjectRequest((g) -> g.bucket("docs").key("a.txt")));
			assertThat(PresignedUrls.validUntil(tenMinutes)).isEqualTo(tenMinutes.expiration()).isBefore(expiry);
		}
	}

	@Test
	void aLinkSignedElsewhereIsValidUntilItsOwnExpiration() {
		try (S3Presigner presigner = S3Presigner.builder()
			.region(Region.US_EAST_1)
			.credentialsProvider(
					StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAELSEWHERE000001", SECRET)))
			.build()) {
			PresignedGetObjectRequest link = presigner.presignGetObject((p) -> p.signatureDuration(Duration.ofHours(1))
				.getObjectRequest((g) -> g.bucket("docs").key("a.txt")));
			assertThat(PresignedUrls.validUntil(link)).isEqualTo(link.expiration());
		}
	}

	@Test
	void theAccessKeyIdIsReadFromTheCredentialParameter() {
		assertThat(PresignedUrls.accessKeyId("https://docs.s3.amazonaws.com/a.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
				+ "&X-Amz-Credential=ASIAEXAMPLE%2F20261205%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Expires=600"))
			.isEqualTo("ASIAEXAMPLE");
		assertThat(PresignedUrls.accessKeyId("https://docs.s3.amazonaws.com/a.txt")).isNull();
		assertThat(PresignedUrls.accessKeyId("https://docs.s3.amazonaws.com/a.txt?X-Amz-Expires=600")).isNull();
	}

	private static S3Presigner presigner(AwsSessionCredentials session) {
		return S3Presigner.builder()
			.region(Region.US_EAST_1)
			.credentialsProvider(
					new PresignCredentials("default", StaticCredentialsProvider.create(session), Duration.ofMinutes(5)))
			.build();
	}

	private static AwsSessionCredentials session(String accessKeyId, Instant expiration) {
		return AwsSessionCredentials.builder()
			.accessKeyId(accessKeyId)
			.secretAccessKey(SECRET)
			.sessionToken(TOKEN)
			.expirationTime(expiration)
			.build();
	}

}
