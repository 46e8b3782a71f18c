package io.awsrefresh.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.awsrefresh.credentials.AssumeRoleSpec;
import io.awsrefresh.credentials.RefreshSettings;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleDefinition;
import io.awsrefresh.credentials.RoleSource;
import io.awsrefresh.credentials.StsEndpoint;
import io.awsrefresh.credentials.StsHttpStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;

/**
 * Run-time roles let go of while a client of theirs is being built, as happens when more
 * template roles are in use than {@code aws.refresh.run-time-roles.max-size} holds: the
 * client handed out always carries credentials that still refresh, and a session asking
 * for a role that was let go of gets it made again instead of an unknown role. STS is a
 * stub HTTP client: nothing reaches AWS.
 */
class RunTimeRoleChurnTests {

	private static final String FIRST = "111111111111";

	private static final String SECOND = "222222222222";

	private final StsHttpStub http = new StsHttpStub();

	private final SharedClientResources resources = new SharedClientResources(() -> this.http, () -> null);

	private final CountDownLatch building = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	private final RoleCredentialsProviders roles;

	private final AwsClientRegistry registry;

	RunTimeRoleChurnTests() {
		StsEndpoint sts = new StsEndpoint(Region.EU_WEST_1, URI.create("http://127.0.0.1:9"));
		this.roles = RoleCredentialsProviders
			.builder(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSOURCE", "source-secret")))
			.role(new RoleDefinition("default", new RoleSource.Direct(), RefreshSettings.DEFAULTS))
			.role(new RoleDefinition("audit",
					new RoleSource.AssumeRole(
							AssumeRoleSpec.of("arn:aws:iam::" + RoleDefinition.ACCOUNT + ":role/audit", "test"), null,
							sts),
					RefreshSettings.DEFAULTS))
			// One run-time role at a time: asking for another lets the first go.
			.runTimeRoles(1, Duration.ofHours(1), sts)
			.httpClient(this.http)
			.build();
		AwsClientCustomizer<SqsClientBuilder> holdFirstBuild = (builder, role, region) -> {
			if (role.endsWith(FIRST) && this.building.getCount() > 0) {
				this.building.countDown();
				await(this.release);
			}
		};
		this.registry = AwsClientRegistry.builder(this.resources)
			.roles(this.roles)
			.region(Region.EU_WEST_1)
			.customizers(List.of(holdFirstBuild))
			.build();
	}

	@AfterEach
	void close() {
		this.release.countDown();
		this.registry.close();
		this.roles.close();
		this.resources.close();
	}

	@Test
	void aClientBuiltWhileItsRoleWasLetGoOfIsNotKeptAndTheSessionGetsOneOnTheRoleMadeAgain() throws Exception {
		AwsSession first = this.registry.session("audit", FIRST);
		RoleCredentialsProvider before = first.credentials();
		CompletableFuture<SqsClient> client = CompletableFuture.supplyAsync(() -> first.client(SqsClient.class));
		assertThat(this.building.await(30, TimeUnit.SECONDS)).isTrue();
		// While the first account's client is being built, the second account's role
		// takes the only place: the first's role stops refreshing and its clients close.
		this.roles.forAccount("audit", SECOND);
		assertThat(this.roles.find("audit@" + FIRST)).isNull();
		this.release.countDown();
		SqsClient sqs = client.get(30, TimeUnit.SECONDS);
		// Built again on the role made again, whose credentials refresh.
		RoleCredentialsProvider after = (RoleCredentialsProvider) this.roles.find("audit@" + FIRST);
		assertThat(after).isNotNull().isNotSameAs(before);
		assertThat(sqs.serviceClientConfiguration().credentialsProvider().resolveIdentity().join().accessKeyId())
			.startsWith("ASIASTUB");
		assertThat(this.registry.client(SqsClient.class, "audit@" + FIRST)).isSameAs(sqs);
		assertThat(this.registry.clients()).filteredOn((info) -> info.role().equals("audit@" + FIRST)).hasSize(1);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A run-time role is read three times while its client is built: checkRole, then
	 * runTimeRole(role) in build(key), then the credentials in ClientFactory. When the
	 * role is let go of (another account takes the last place of
	 * aws.refresh.run-time-roles.max-size) just before the second read and made again (a
	 * session used on another thread) just before the third, the client is built on the
	 * credentials of the role made again but recorded as a configured role's
	 * (Built.runTimeRole == null). isCurrent is then always true for it: when that role
	 * is let go of in turn, evictRole does not close the client, and it is handed out,
	 * pinned, for every later incarnation of the role, on credentials that no longer
	 * refresh.
	 * <p>
	 * There is no hook between the reads, so the other threads' actions are run at the
	 * exact points they can happen, from a spy of RoleCredentialsProviders.find that
	 * otherwise answers as the real one.
	 */
	@Test
	void aClientBuiltAsItsRunTimeRoleIsLetGoOfAndMadeAgainIsClosedWhenThatRoleIsLetGoOf() {
		String role = "audit@" + FIRST;
		{
			// A spy shares the real providers' state and answers as they do.
			RoleCredentialsProviders roles = Mockito.spy(this.roles);
			AtomicInteger reads = new AtomicInteger(-1);
			doAnswer((invocation) -> {
				if (role.equals(invocation.getArgument(0)) && reads.get() >= 0) {
					int read = reads.incrementAndGet();
					if (read == 2) {
						// runTimeRole(role) in build(key): another account takes the only
						// place, and this account's role is let go of.
						roles.forAccount("audit", SECOND);
					}
					else if (read == 3) {
						// The credentials in ClientFactory: a session of this account,
						// used on another thread, has made the role again.
						roles.forAccount("audit", FIRST);
					}
				}
				return invocation.callRealMethod();
			}).when(roles).find(anyString());
			try (AwsClientRegistry registry = AwsClientRegistry.builder(this.resources)
				.roles(roles)
				.region(Region.EU_WEST_1)
				.build()) {
				RoleCredentialsProvider original = roles.forAccount("audit", FIRST);
				reads.set(0);
				SqsClient built = registry.client(SqsClient.class, role);
				reads.set(-1);
				RoleCredentialsProvider madeAgain = (RoleCredentialsProvider) roles.find(role);
				assertThat(madeAgain).as("the role made again while the client was built")
					.isNotNull()
					.isNotSameAs(original);
				// The role made again is let go of in turn, then made once more.
				roles.forAccount("audit", SECOND);
				assertThat(roles.find(role)).isNull();
				RoleCredentialsProvider third = roles.forAccount("audit", FIRST);
				assertThat(third).isNotSameAs(madeAgain);
				assertThat(registry.client(SqsClient.class, role))
					.as("client of %s after the role it was built on was let go of and the role made again", role)
					.isNotSameAs(built);
			}
		}
	}

}
