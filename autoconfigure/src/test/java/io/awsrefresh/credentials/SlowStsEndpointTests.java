package io.awsrefresh.credentials;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.awsrefresh.test.Await;
import io.awsrefresh.test.sts.StsStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One STS endpoint that hangs does not hold up the roles of another. Two loopback STS
 * stubs stand for two endpoints (two regions, or a VPC endpoint and the public one): one
 * answers AssumeRole only after a minute, the other at once. Six roles on the slow one
 * start fetching; a role on the healthy one is then used for the first time.
 */
class SlowStsEndpointTests {

	private static final int SLOW_ROLES = 6;

	private StsStub slow;

	private StsStub healthy;

	private SdkHttpClient http;

	@BeforeEach
	void start() throws IOException {
		this.slow = StsStub.start();
		this.slow.delay(Duration.ofMinutes(1));
		this.healthy = StsStub.start();
		this.http = Apache5HttpClient.builder().maxConnections(50).build();
	}

	@AfterEach
	void stop() {
		// The slow stub first: closing it ends the calls it holds.
		this.slow.close();
		this.healthy.close();
		this.http.close();
	}

	@Test
	void aRoleOnAHealthyEndpointGetsItsFirstCredentialsWhileAnotherEndpointHoldsItsFetches() {
		StsEndpoint slowEndpoint = new StsEndpoint(Region.EU_WEST_1, this.slow.endpoint());
		StsEndpoint healthyEndpoint = new StsEndpoint(Region.EU_WEST_1, this.healthy.endpoint());
		RoleCredentialsProviders.Builder builder = RoleCredentialsProviders
			.builder(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSOURCE", "source-secret")))
			.httpClient(this.http)
			.withoutRunTimeRoles();
		for (int i = 1; i <= SLOW_ROLES; i++) {
			builder.role(role("slow-" + i, slowEndpoint));
		}
		builder.role(role("healthy", healthyEndpoint));
		try (RoleCredentialsProviders roles = builder.build()) {
			List<CompletableFuture<?>> slowFetches = new ArrayList<>();
			for (int i = 1; i <= SLOW_ROLES; i++) {
				slowFetches.add(roles.get("slow-" + i).engine().startInitialFetch());
			}
			Await.until(() -> this.slow.assumeRoleRequests() == RoleFactory.FETCHES_PER_ENDPOINT);

			AwsSessionCredentials credentials = (AwsSessionCredentials) roles.get("healthy").resolveCredentials();

			assertThat(credentials.accessKeyId()).isEqualTo(this.healthy.issuedAccessKeyIds().get(0));
			assertThat(this.healthy.assumeRoleRequests()).isOne();
			// The slow endpoint never had more than its share, and the rest wait their
			// turn.
			assertThat(this.slow.maxInFlight()).isEqualTo(RoleFactory.FETCHES_PER_ENDPOINT);
			assertThat(this.slow.assumeRoleRequests()).isEqualTo(RoleFactory.FETCHES_PER_ENDPOINT);
			assertThat(slowFetches).noneMatch(CompletableFuture::isDone);
			// Ends the calls it holds, so that the fetch threads stop at once.
			this.slow.close();
		}
	}

	/**
	 * A chained role's fetch thread runs its source role's queued fetch itself only when
	 * both are on one lane (where it may hold the place the source role waits for); on
	 * another lane it waits for it, so the source role's endpoint never gets more than
	 * its share: four chained roles on the healthy endpoint whose source roles are on the
	 * slow one, while four other roles hold the slow one's lane. The chained roles'
	 * attempts end when their wait for the source roles does, after 10 s.
	 */
	@Test
	void aChainedRoleCallsItsSourceRolesEndpointOnlyOnItsOwnThread() {
		StsEndpoint slowEndpoint = new StsEndpoint(Region.EU_WEST_1, this.slow.endpoint());
		StsEndpoint healthyEndpoint = new StsEndpoint(Region.EU_WEST_1, this.healthy.endpoint());
		AtomicInteger chainedAttempts = new AtomicInteger();
		RoleCredentialsProviders.Builder builder = RoleCredentialsProviders
			.builder(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSOURCE", "source-secret")))
			.httpClient(this.http)
			.listener((attempt) -> {
				if (attempt.roleName().startsWith("chained")) {
					chainedAttempts.incrementAndGet();
				}
			})
			.withoutRunTimeRoles();
		for (int i = 1; i <= RoleFactory.FETCHES_PER_ENDPOINT; i++) {
			builder.role(role("busy-" + i, slowEndpoint));
			builder.role(role("source-" + i, slowEndpoint));
			builder.role(chained("chained-" + i, "source-" + i, healthyEndpoint));
		}
		try (RoleCredentialsProviders roles = builder.build()) {
			for (int i = 1; i <= RoleFactory.FETCHES_PER_ENDPOINT; i++) {
				roles.get("busy-" + i).engine().startInitialFetch();
			}
			Await.until(() -> this.slow.assumeRoleRequests() == RoleFactory.FETCHES_PER_ENDPOINT);

			for (int i = 1; i <= RoleFactory.FETCHES_PER_ENDPOINT; i++) {
				roles.get("chained-" + i).engine().startInitialFetch();
			}
			Await.until(() -> this.slow.assumeRoleRequests() == 2 * RoleFactory.FETCHES_PER_ENDPOINT);

			assertThat(this.slow.maxInFlight()).as("AssumeRole calls in flight at once on the slow endpoint")
				.isEqualTo(2 * RoleFactory.FETCHES_PER_ENDPOINT);
			assertThat(this.healthy.assumeRoleRequests()).isZero();
			this.slow.close();
		}
	}

	private static RoleDefinition chained(String name, String sourceRole, StsEndpoint sts) {
		AssumeRoleSpec spec = AssumeRoleSpec.of("arn:aws:iam::123456789012:role/" + name, name);
		return new RoleDefinition(name, new RoleSource.AssumeRole(spec, sourceRole, sts), RefreshSettings.DEFAULTS);
	}

	private static RoleDefinition role(String name, StsEndpoint sts) {
		AssumeRoleSpec spec = AssumeRoleSpec.of("arn:aws:iam::123456789012:role/" + name, name);
		return new RoleDefinition(name, new RoleSource.AssumeRole(spec, null, sts), RefreshSettings.DEFAULTS);
	}

}
