package io.awsrefresh.client;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.awsrefresh.credentials.AssumeRoleSpec;
import io.awsrefresh.credentials.RefreshSettings;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleDefinition;
import io.awsrefresh.credentials.RoleSource;
import io.awsrefresh.credentials.StsEndpoint;
import io.awsrefresh.credentials.StsHttpStub;
import io.awsrefresh.credentials.UnknownRoleException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The window between a run-time role leaving its cache and the registry closing its
 * clients (AwsClientRegistry.evictRole, a removal listener): a caller asking the registry
 * for the role's client in that window, by its name or through a session, which makes the
 * role again under the same name. The cache holds one run-time role, so asking for a
 * second lets the first go; STS is a stub HTTP client.
 */
class RunTimeRoleRemovalWindowTests {

	private static final String FIRST = "111111111111";

	private static final String SECOND = "222222222222";

	private final StsHttpStub http = new StsHttpStub();

	private final SharedClientResources resources = new SharedClientResources(() -> this.http, () -> null);

	private final RoleCredentialsProviders roles;

	private final AwsClientRegistry registry;

	private final AtomicReference<CompletableFuture<SqsClient>> askedInTheWindow = new AtomicReference<>();

	/**
	 * What the other thread asks for in the window: by default the role's client by the
	 * role's name.
	 */
	private volatile Function<AwsClientRegistry, SqsClient> askInTheWindow = (registry) -> registry
		.client(SqsClient.class, "audit@" + FIRST);

	RunTimeRoleRemovalWindowTests() {
		StsEndpoint sts = new StsEndpoint(Region.EU_WEST_1, URI.create("http://127.0.0.1:9"));
		this.roles = RoleCredentialsProviders
			.builder(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSOURCE", "source-secret")))
			.role(new RoleDefinition("default", new RoleSource.Direct(), RefreshSettings.DEFAULTS))
			.role(new RoleDefinition("audit",
					new RoleSource.AssumeRole(
							AssumeRoleSpec.of("arn:aws:iam::" + RoleDefinition.ACCOUNT + ":role/audit", "test"), null,
							sts),
					RefreshSettings.DEFAULTS))
			.runTimeRoles(1, Duration.ofHours(1), sts)
			.httpClient(this.http)
			.build();
		// Told before the registry (listeners run in the order they were added): another
		// thread asks for the first account's client after its role has left the cache
		// and before the registry has closed that role's clients.
		this.roles.onRunTimeRoleRemoved((role) -> {
			// Once: not again when the roles close.
			if (role.equals("audit@" + FIRST) && this.askedInTheWindow.get() == null) {
				CompletableFuture<SqsClient> asked = CompletableFuture
					.supplyAsync(() -> this.askInTheWindow.apply(registry()));
				asked.handle((client, failure) -> null).join();
				this.askedInTheWindow.set(asked);
			}
		});
		this.registry = AwsClientRegistry.builder(this.resources).roles(this.roles).region(Region.EU_WEST_1).build();
	}

	private AwsClientRegistry registry() {
		return this.registry;
	}

	@AfterEach
	void close() {
		this.registry.close();
		this.roles.close();
		this.resources.close();
	}

	/**
	 * The registry's hot path (client(type, role): TypeSettings.byRole, then
	 * defaultRegionClients) answers from what it holds without asking whether the role is
	 * still held: in the window it hands out the client of the role just let go of, whose
	 * engine is closed, and the registry closes that client right after. A caller keeps a
	 * closed client whose credentials never come (or stop at their stale time), instead
	 * of UnknownRoleException, which AwsSession would answer by making the role again.
	 */
	@Test
	void aClientHandedOutAsItsRoleIsLetGoOfCarriesCredentialsThatStillCome() {
		SqsClient before = this.registry.session("audit", FIRST).client(SqsClient.class);
		this.roles.forAccount("audit", SECOND);
		assertThat(this.roles.find("audit@" + FIRST)).as("the first account's role was let go of").isNull();
		CompletableFuture<SqsClient> asked = this.askedInTheWindow.get();
		assertThat(asked).as("asked in the window").isNotNull().isDone();
		// Either refused as a role no longer held, or a client whose credentials come.
		assertThat(asked).satisfiesAnyOf(
				(answer) -> assertThat(answer).failsWithin(Duration.ZERO)
					.withThrowableThat()
					.havingCause()
					.isInstanceOf(UnknownRoleException.class),
				(answer) -> assertThat(answer.join()).isNotSameAs(before)
					.satisfies((client) -> assertThatNoException().isThrownBy(
							() -> client.serviceClientConfiguration().credentialsProvider().resolveIdentity().join())));
	}

	/**
	 * A session asks for its role again, so that the role is made again under its name (a
	 * new provider), and then for its client: the client is built for the role made
	 * again, not handed out from the one let go of, whose credentials never come again.
	 */
	@Test
	void aSessionUsedAsItsRoleIsLetGoOfGetsAClientOnTheRoleMadeAgain() {
		this.askInTheWindow = (registry) -> registry.session("audit", FIRST).client(SqsClient.class);
		SqsClient before = this.registry.session("audit", FIRST).client(SqsClient.class);
		this.roles.forAccount("audit", SECOND);
		assertThat(askedInTheWindow()).isNotSameAs(before)
			.satisfies((client) -> assertThatNoException()
				.isThrownBy(() -> client.serviceClientConfiguration().credentialsProvider().resolveIdentity().join()));
	}

	@Test
	void onDemandASessionUsedAsItsRoleIsLetGoOfGetsAClientOnTheRoleMadeAgain() {
		this.askInTheWindow = (registry) -> registry.session("audit", FIRST).client(SqsClient.class, Region.EU_WEST_2);
		SqsClient before = this.registry.session("audit", FIRST).client(SqsClient.class, Region.EU_WEST_2);
		this.roles.forAccount("audit", SECOND);
		assertThat(askedInTheWindow()).isNotSameAs(before)
			.satisfies((client) -> assertThatNoException()
				.isThrownBy(() -> client.serviceClientConfiguration().credentialsProvider().resolveIdentity().join()));
	}

	private SqsClient askedInTheWindow() {
		CompletableFuture<SqsClient> asked = this.askedInTheWindow.get();
		assertThat(asked).as("asked in the window").isNotNull().isDone();
		return asked.join();
	}

}
