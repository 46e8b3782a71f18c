package io.awsrefresh.credentials;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.awsrefresh.test.sts.StsStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chains of roles across two STS endpoints that both answer at once, on the real fetch
 * lanes and threads: two loopback STS stubs stand for two regions' STS.
 */
class ChainedRoleLaneTests {

	private StsStub ireland;

	private StsStub london;

	private SdkHttpClient http;

	@BeforeEach
	void start() throws IOException {
		this.ireland = StsStub.start();
		this.london = StsStub.start();
		this.http = Apache5HttpClient.builder().maxConnections(50).build();
	}

	@AfterEach
	void stop() {
		this.ireland.close();
		this.london.close();
		this.http.close();
	}

	/**
	 * A chain that leaves an endpoint and comes back to it: tenant roles on Ireland's STS
	 * assumed with a hub role's credentials, the hub on London's STS assumed with a base
	 * role's, the base on Ireland's again. Four tenants fetched at once (their first use,
	 * as a multi-tenant service starts) hold Ireland's four places while they wait for
	 * the hub, on another lane, so they do not run its fetch themselves; the hub's fetch
	 * waits for the base, on another lane, whose fetch is queued behind the four tenants.
	 * No fetch can move until the tenants give up after 10 s: every tenant's attempt
	 * fails although both endpoints answer at once. (The MFA code, asked for before the
	 * STS call, only makes sure that the four hold their places before the chain starts.)
	 */
	@Test
	void rolesChainedAcrossTwoEndpointsAndBackGetCredentialsWhileBothEndpointsAnswer() {
		StsEndpoint irelandSts = new StsEndpoint(Region.EU_WEST_1, this.ireland.endpoint());
		StsEndpoint londonSts = new StsEndpoint(Region.EU_WEST_2, this.london.endpoint());
		CountDownLatch tenantsInPlace = new CountDownLatch(RoleFactory.FETCHES_PER_ENDPOINT);
		MfaTokenProvider codes = (serialNumber) -> {
			tenantsInPlace.countDown();
			try {
				assertThat(tenantsInPlace.await(30, TimeUnit.SECONDS)).isTrue();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return "123456";
		};
		RoleCredentialsProviders.Builder builder = RoleCredentialsProviders
			.builder(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSOURCE", "source-secret")))
			.httpClient(this.http)
			.mfaTokenProvider(codes)
			.withoutRunTimeRoles();
		builder.role(role("base", null, irelandSts, null));
		builder.role(role("hub", "base", londonSts, null));
		for (int i = 1; i <= RoleFactory.FETCHES_PER_ENDPOINT; i++) {
			builder.role(role("tenant-" + i, "hub", irelandSts, "arn:aws:iam::123456789012:mfa/tenant-" + i));
		}
		try (RoleCredentialsProviders roles = builder.build()) {
			List<CompletableFuture<?>> tenants = new ArrayList<>();
			for (int i = 1; i <= RoleFactory.FETCHES_PER_ENDPOINT; i++) {
				tenants.add(roles.get("tenant-" + i).engine().startInitialFetch());
			}
			for (int i = 1; i <= RoleFactory.FETCHES_PER_ENDPOINT; i++) {
				roles.get("tenant-" + i).engine().awaitInitialFetch(tenants.get(i - 1), Duration.ofSeconds(30));
			}
			assertThat(this.london.assumeRoleRequests()).isOne();
		}
	}

	private static RoleDefinition role(String name, String sourceRole, StsEndpoint sts, String serialNumber) {
		AssumeRoleSpec spec = AssumeRoleSpec.of("arn:aws:iam::123456789012:role/" + name, name)
			.withSerialNumber(serialNumber);
		return new RoleDefinition(name, new RoleSource.AssumeRole(spec, sourceRole, sts), RefreshSettings.DEFAULTS);
	}

}
