package io.awsrefresh.client;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.awsrefresh.credentials.AssumeRoleSpec;
import io.awsrefresh.credentials.RefreshSettings;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleDefinition;
import io.awsrefresh.credentials.RoleSource;
import io.awsrefresh.credentials.StsEndpoint;
import io.awsrefresh.credentials.StsHttpStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * A run-time role let go of and made again under the same name before the registry's
 * removal listener has closed its clients: a client asked for in that window is built for
 * the role made again, not handed out from the one let go of, whose credentials never
 * come again; in the default region and in another.
 */
class RunTimeRoleMadeAgainTests {

	private static final String FIRST = "111111111111";

	private static final String SECOND = "222222222222";

	private final StsHttpStub http = new StsHttpStub();

	private final SharedClientResources resources = new SharedClientResources(() -> this.http, () -> null);

	private final RoleCredentialsProviders roles;

	private final AwsClientRegistry registry;

	private final AtomicReference<CompletableFuture<SqsClient>> askedInTheWindow = new AtomicReference<>();

	private volatile Region askedFor = Region.EU_WEST_1;

	RunTimeRoleMadeAgainTests() {
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
		// Told before the registry: in the window between the first account's role
		// leaving the cache and the registry closing its clients, a session of that
		// account is used on another thread. The session asks for its role again (so it
		// is made again, a new provider under the same name) and then for its client.
		this.roles.onRunTimeRoleRemoved((role) -> {
			if (role.equals("audit@" + FIRST) && this.askedInTheWindow.get() == null) {
				CompletableFuture<SqsClient> asked = CompletableFuture
					.supplyAsync(() -> registry().session("audit", FIRST).client(SqsClient.class, this.askedFor));
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

	@Test
	void aSessionUsedAsItsRoleIsLetGoOfGetsAClientOnTheRoleMadeAgain() {
		SqsClient before = this.registry.session("audit", FIRST).client(SqsClient.class);
		this.roles.forAccount("audit", SECOND);
		CompletableFuture<SqsClient> asked = this.askedInTheWindow.get();
		assertThat(asked).as("asked in the window").isNotNull().isDone();
		SqsClient client = asked.join();
		// The role was made again under its name: the client must carry that role's
		// credentials, not those of the provider let go of.
		assertThatNoException()
			.isThrownBy(() -> client.serviceClientConfiguration().credentialsProvider().resolveIdentity().join());
		assertThat(client).as("the client built on the role let go of").isNotSameAs(before);
	}

	@Test
	void onDemandASessionUsedAsItsRoleIsLetGoOfGetsAClientOnTheRoleMadeAgain() {
		this.askedFor = Region.EU_WEST_2;
		SqsClient before = this.registry.session("audit", FIRST).client(SqsClient.class, Region.EU_WEST_2);
		this.roles.forAccount("audit", SECOND);
		CompletableFuture<SqsClient> asked = this.askedInTheWindow.get();
		assertThat(asked).as("asked in the window").isNotNull().isDone();
		SqsClient client = asked.join();
		assertThatNoException()
			.isThrownBy(() -> client.serviceClientConfiguration().credentialsProvider().resolveIdentity().join());
		assertThat(client).as("the client built on the role let go of").isNotSameAs(before);
	}

}
