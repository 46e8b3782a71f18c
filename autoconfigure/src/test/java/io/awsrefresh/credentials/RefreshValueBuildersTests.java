package io.awsrefresh.credentials;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;

import io.awsrefresh.credentials.RefreshAttempt.Outcome;
import io.awsrefresh.credentials.RefreshAttempt.Trigger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The builders of {@link RefreshStatus} and {@link RefreshAttempt} can set every
 * component: a component added to either record without a builder method fails here.
 */
class RefreshValueBuildersTests {

	private static final Instant T = Instant.parse("2026-12-04T12:00:00Z");

	@Test
	void aStatusBuilderSetsEveryComponent() throws Exception {
		RefreshStatus status = RefreshStatus.builder("audit", RoleSource.Kind.ASSUME_ROLE, RefreshState.STALE)
			.roleArn("arn:aws:iam::210987654321:role/audit")
			.credentials(T.plusSeconds(60), T.plusSeconds(45))
			.lastSuccess(T.minusSeconds(3600))
			.lastFailure(T, "STS answered Throttling", "Throttling")
			.failing(3, T.minusSeconds(600))
			.nextAttempt(T.plusSeconds(30))
			.counts(12, 3)
			.build();
		assertEveryComponentSet(status);
		assertThat(status.servedUntil()).isEqualTo(T.plusSeconds(45));
		assertThat(status.consecutiveFailures()).isEqualTo(3);
	}

	@Test
	void aStatusBuilderLeavesWhatIsNotSetUnknown() {
		RefreshStatus status = RefreshStatus
			.builder("default", RoleSource.Kind.SOURCE_CREDENTIALS, RefreshState.SOURCE_MANAGED)
			.build();
		assertThat(status.expiration()).isNull();
		assertThat(status.consecutiveFailures()).isZero();
		assertThat(status.refreshes()).isZero();
	}

	@Test
	void anAttemptBuilderSetsEveryComponent() throws Exception {
		RefreshAttempt attempt = RefreshAttempt
			.builder("audit", RoleSource.Kind.ASSUME_ROLE, Trigger.RETRY, Outcome.FAILURE)
			.attempt(4)
			.timing(T, Duration.ofMillis(120))
			.expiration(T.plusSeconds(600))
			.error("STS answered Throttling", "Throttling")
			.nextAttempt(T.plusSeconds(8))
			.build();
		assertEveryComponentSet(attempt);
		assertThat(attempt.recovered()).isFalse();
	}

	@Test
	void anAttemptNeedsItsTimingAndNextAttempt() {
		assertThatIllegalStateException()
			.isThrownBy(
					() -> RefreshAttempt.builder("audit", RoleSource.Kind.CUSTOM, Trigger.SCHEDULED, Outcome.SUCCESS)
						.nextAttempt(T)
						.build())
			.withMessageContaining("timing");
	}

	private static void assertEveryComponentSet(Record value) throws Exception {
		for (RecordComponent component : value.getClass().getRecordComponents()) {
			assertThat(component.getAccessor().invoke(value)).as(component.getName()).isNotNull();
		}
	}

}
