package io.awsrefresh.metrics;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.awsrefresh.credentials.AssumeRoleSpec;
import io.awsrefresh.credentials.RefreshState;
import io.awsrefresh.credentials.RoleCredentialsException;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RunTimeRoleFixture;
import io.awsrefresh.credentials.StsHttpStub;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Run-time roles (a template's role in many accounts, roles built in code) assuming their
 * role through STS's wire format: their attempts are counted under the template's name or
 * {@code built-in-code}, never one meter per account, and a gauge counts those held in
 * each state. One account refuses the role, as one that never trusted it would.
 */
class RunTimeRoleMetricsTests {

	private static final String REFUSING_ACCOUNT = "222222222222";

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final StsHttpStub sts = StsHttpStub
		.refusingAssumeRole((request) -> request.parameter("RoleArn").contains(REFUSING_ACCOUNT)
				? "User is not authorized to perform sts:AssumeRole" : null);

	// Held on a task of the test's, so that no retry adds an attempt while the test
	// counts: what it counts is what the callers below caused.
	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final CountDownLatch release = new CountDownLatch(1);

	private CredentialsRefreshMetrics metrics;

	private RunTimeRoleFixture fixture;

	private RoleCredentialsProviders roles;

	@BeforeEach
	void build() {
		this.scheduler.execute(this::awaitRelease);
		this.metrics = new CredentialsRefreshMetrics(() -> this.roles, Clock.systemUTC());
		this.fixture = new RunTimeRoleFixture(
				(builder) -> builder.httpClient(this.sts).scheduler(this.scheduler).listener(this.metrics));
		this.roles = this.fixture.providers();
		this.metrics.bindTo(this.meters);
	}

	@AfterEach
	void close() {
		this.release.countDown();
		this.fixture.close();
		this.scheduler.shutdownNow();
	}

	@Test
	void noRunTimeRoleNoRunTimeMeter() {
		assertThat(this.meters.find("aws.refresh.credentials.run-time-roles").gauges()).isEmpty();
		assertThat(this.meters.getMeters()).extracting((meter) -> meter.getId().getTag("role"))
			.filteredOn(Objects::nonNull)
			.containsOnly("orders");
	}

	@Test
	void attemptsAreCountedUnderTheTemplateOrBuiltInCodeWhateverTheAccount() {
		for (String account : List.of("111111111111", REFUSING_ACCOUNT, "333333333333")) {
			if (account.equals(REFUSING_ACCOUNT)) {
				assertThatExceptionOfType(RoleCredentialsException.class)
					.isThrownBy(() -> this.roles.forAccount("audit", account).resolveCredentials());
			}
			else {
				assertThat(this.roles.forAccount("audit", account).resolveCredentials()).isNotNull();
			}
		}
		assertThat(this.roles.forRole(AssumeRoleSpec.of("arn:aws:iam::444444444444:role/partner", "test"))
			.resolveCredentials()).isNotNull();
		assertThat(this.sts.requests()).filteredOn((request) -> request.action().equals("AssumeRole")).hasSize(4);
		assertThat(refreshes("audit", "success")).isEqualTo(2);
		assertThat(refreshes("audit", "failure")).isEqualTo(1);
		assertThat(refreshes("built-in-code", "success")).isEqualTo(1);
		assertThat(refreshes("built-in-code", "failure")).isZero();
		assertThat(this.meters.get("aws.refresh.credentials.refresh.duration")
			.tag("role", "audit")
			.functionTimer()
			.count()).isEqualTo(3);
		// Tags stay bounded: no account and no ARN is one.
		assertThat(this.meters.getMeters()).extracting((meter) -> meter.getId().getTag("role"))
			.filteredOn(Objects::nonNull)
			.containsOnly("orders", "audit", "built-in-code");
		assertThat(held(RefreshState.FRESH)).isEqualTo(3);
		assertThat(held(RefreshState.EXPIRED)).isEqualTo(1);
		assertThat(held(RefreshState.BACKING_OFF)).isZero();
		assertThat(this.meters.find("aws.refresh.credentials.run-time-roles").gauges())
			.hasSize(RefreshState.values().length);
	}

	@Test
	void countsOutliveTheRolesTheyCount() {
		assertThat(this.roles.forAccount("audit", "111111111111").resolveCredentials()).isNotNull();
		this.roles.close();
		assertThat(this.roles.runTimeRoles()).isEmpty();
		assertThat(held(RefreshState.FRESH)).isZero();
		assertThat(refreshes("audit", "success")).isEqualTo(1);
	}

	@Test
	void aRegistryBoundLaterGetsTheRunTimeMetersAlready() {
		assertThat(this.roles.forAccount("audit", "111111111111").resolveCredentials()).isNotNull();
		SimpleMeterRegistry later = new SimpleMeterRegistry();
		this.metrics.bindTo(later);
		assertThat(later.get("aws.refresh.credentials.refreshes")
			.tags("role", "audit", "outcome", "success")
			.functionCounter()
			.count()).isEqualTo(1);
		assertThat(later.get("aws.refresh.credentials.run-time-roles").tag("state", "FRESH").gauge().value())
			.isEqualTo(1);
	}

	private double refreshes(String role, String outcome) {
		return this.meters.get("aws.refresh.credentials.refreshes")
			.tags("role", role, "outcome", outcome)
			.functionCounter()
			.count();
	}

	private double held(RefreshState state) {
		return this.meters.get("aws.refresh.credentials.run-time-roles").tag("state", state.name()).gauge().value();
	}

	private void awaitRelease() {
		try {
			this.release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
