package io.awsrefresh.credentials;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.awsrefresh.test.Await;
import io.awsrefresh.test.sts.StsStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run-time role let go of by its cache while a caller is using it, against a loopback
 * STS stub: the cache holds one run-time role, so asking for a second lets the first go.
 */
class RunTimeRoleEvictionTests {

	private static final String FIRST = "111111111111";

	private static final String SECOND = "222222222222";

	private StsStub sts;

	private SdkHttpClient http;

	private RoleCredentialsProviders roles;

	@BeforeEach
	void start() throws IOException {
		this.sts = StsStub.start();
		this.http = Apache5HttpClient.builder().build();
		StsEndpoint endpoint = new StsEndpoint(Region.EU_WEST_1, this.sts.endpoint());
		this.roles = RoleCredentialsProviders
			.builder(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSOURCE", "source-secret")))
			.httpClient(this.http)
			.role(new RoleDefinition("audit",
					new RoleSource.AssumeRole(
							AssumeRoleSpec.of("arn:aws:iam::" + RoleDefinition.ACCOUNT + ":role/audit", "audit"), null,
							endpoint),
					RefreshSettings.DEFAULTS))
			.runTimeRoles(1, Duration.ofHours(1), endpoint)
			.build();
	}

	@AfterEach
	void stop() {
		this.roles.close();
		this.sts.close();
		this.http.close();
	}

	/**
	 * A caller (an SDK call on a session's client, say) waits for the first credentials
	 * of its account's role while another account's role takes the cache's place. The
	 * eviction closes the role (CaffeineRunTimeRoles.onRemoval, RefreshEngine.close),
	 * which fails the fetch the caller waits on: the caller's request fails with "it was
	 * removed from the run-time roles", although STS answers, and the credentials STS
	 * then issues for it are thrown away, so the role made again calls STS again.
	 */
	@Test
	void aCallerWaitingOnTheFirstFetchOfARoleLetGoOfMeanwhileGetsCredentials() throws Exception {
		// Long enough for the eviction to happen while the first fetch is in flight.
		this.sts.delay(Duration.ofSeconds(2));
		RoleCredentialsProvider first = this.roles.forAccount("audit", FIRST);
		CompletableFuture<AwsCredentials> caller = CompletableFuture.supplyAsync(first::resolveCredentials);
		Await.until(() -> this.sts.assumeRoleRequests() == 1, Duration.ofSeconds(10));
		this.roles.forAccount("audit", SECOND);
		assertThat(this.roles.find("audit@" + FIRST)).as("the first account's role was let go of").isNull();
		assertThat(caller).as("the caller that was using it").succeedsWithin(10, TimeUnit.SECONDS);
	}

}
