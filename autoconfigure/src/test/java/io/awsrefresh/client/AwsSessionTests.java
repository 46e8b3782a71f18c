package io.awsrefresh.client;

import java.net.URI;
import java.time.Duration;

import io.awsrefresh.credentials.AssumeRoleSpec;
import io.awsrefresh.credentials.RefreshSettings;
import io.awsrefresh.credentials.RefreshState;
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
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A session is a view of one role and a default region: its clients are the registry's
 * for the same type, role and region, its credentials and status are the role's own, and
 * it never shows a secret. Every STS call goes to a stub HTTP client: nothing reaches
 * AWS, and roles defer their first fetch.
 */
class AwsSessionTests {

	private static final String SOURCE_SECRET = "source-secret-value";

	private final StsHttpStub http = new StsHttpStub();

	private final SharedClientResources resources = new SharedClientResources(() -> this.http, () -> null);

	private final RoleCredentialsProviders roles;

	private final AwsClientRegistry registry;

	AwsSessionTests() {
		StsEndpoint sts = new StsEndpoint(Region.EU_WEST_1, URI.create("http://127.0.0.1:9"));
		this.roles = RoleCredentialsProviders
			.builder(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSOURCE", SOURCE_SECRET)))
			.role(new RoleDefinition("default", new RoleSource.Direct(), RefreshSettings.DEFAULTS))
			.role(new RoleDefinition("orders",
					new RoleSource.AssumeRole(AssumeRoleSpec.of("arn:aws:iam::123456789012:role/orders", "test"), null,
							sts),
					RefreshSettings.DEFAULTS))
			.role(new RoleDefinition("audit",
					new RoleSource.AssumeRole(
							AssumeRoleSpec.of("arn:aws:iam::" + RoleDefinition.ACCOUNT + ":role/audit", "test"), null,
							sts),
					RefreshSettings.DEFAULTS))
			.runTimeRoles(100, Duration.ofHours(1), sts)
			.httpClient(this.http)
			.build();
		this.registry = AwsClientRegistry.builder(this.resources).roles(this.roles).region(Region.EU_WEST_1).build();
	}

	@AfterEach
	void close() {
		this.registry.close();
		this.roles.close();
		this.resources.close();
	}

	/**
	 * aws.refresh.services.s3.region moves every S3 client of a role to its region: the
	 * injected bean, client(S3Client.class, role), the presigner, and a session's too,
	 * until the session is moved with inRegion.
	 */
	@Test
	void aSessionsClientOfAServiceWithARegionOfItsOwnIsTheRoleClientOfThatService() {
		try (AwsClientRegistry registry = AwsClientRegistry.builder(this.resources)
			.roles(this.roles)
			.region(Region.EU_WEST_1)
			.service("s3", Region.US_EAST_1, null)
			.build()) {
			S3Client ordersS3 = registry.client(S3Client.class, "orders");
			assertThat(ordersS3.serviceClientConfiguration().region()).isEqualTo(Region.US_EAST_1);
			AwsSession orders = registry.session("orders");
			assertThat(orders.client(S3Client.class)).isSameAs(ordersS3);
			assertThat(orders.region()).isEqualTo(Region.EU_WEST_1);
			assertThat(orders.client(SqsClient.class)).isSameAs(registry.client(SqsClient.class, "orders"));
			assertThat(orders.client(SqsClient.class).serviceClientConfiguration().region())
				.isEqualTo(Region.EU_WEST_1);
			// Moved to a region, every client of the session is in it.
			AwsSession ireland = orders.inRegion(Region.EU_WEST_1);
			assertThat(ireland.client(S3Client.class).serviceClientConfiguration().region())
				.isEqualTo(Region.EU_WEST_1);
			assertThat(ireland.client(S3Client.class)).isNotSameAs(ordersS3)
				.isSameAs(registry.client(S3Client.class, "orders", Region.EU_WEST_1));
			// The default role's presigner is the one injected.
			assertThat(registry.session("default").client(S3Presigner.class))
				.isSameAs(registry.client(S3Presigner.class));
		}
	}

	@Test
	void aSessionsClientsAreTheRegistrysForItsRoleAndRegion() {
		AwsSession orders = this.registry.session("orders");
		S3Client s3 = orders.client(S3Client.class);
		assertThat(s3).isSameAs(this.registry.client(S3Client.class, "orders"))
			.isNotSameAs(this.registry.client(S3Client.class));
		assertThat(orders.client(SqsClient.class, Region.EU_WEST_3))
			.isSameAs(this.registry.client(SqsClient.class, "orders", Region.EU_WEST_3));
		// Sessions are views: another session of the role hands out the same clients.
		assertThat(this.registry.session("orders").client(S3Client.class)).isSameAs(s3);
		assertThat(this.registry.builds()).isEqualTo(3);
		// Building clients fetched nothing.
		assertThat(this.http.requests()).isEmpty();
	}

	@Test
	void anotherRegionsSessionKeepsTheRoleAndLeavesTheFirstSessionAsItWas() {
		AwsSession orders = this.registry.session("orders");
		AwsSession paris = orders.inRegion(Region.EU_WEST_3);
		assertThat(paris.roleName()).isEqualTo("orders");
		assertThat(paris.region()).isEqualTo(Region.EU_WEST_3);
		assertThat(orders.region()).isEqualTo(Region.EU_WEST_1);
		assertThat(paris.client(S3Client.class)).isSameAs(orders.client(S3Client.class, Region.EU_WEST_3))
			.isSameAs(this.registry.client(S3Client.class, "orders", Region.EU_WEST_3));
		assertThat(paris.credentials()).isSameAs(orders.credentials());
	}

	@Test
	void aSessionHandsOutItsRolesOwnCredentialsAndStatusWithoutFetching() {
		AwsSession orders = this.registry.session("orders");
		assertThat(orders.credentials()).isSameAs(this.roles.get("orders"));
		assertThat(orders.status().state()).isEqualTo(RefreshState.PENDING);
		assertThat(orders.expiration()).isNull();
		assertThat(this.http.requests()).isEmpty();
		assertThat(this.registry.session("default").status().state()).isEqualTo(RefreshState.SOURCE_MANAGED);
	}

	@Test
	void whoamiAsksStsThroughTheRolesOwnClientWithTheRolesCredentials() {
		AwsSession orders = this.registry.session("orders");
		assertThat(orders.whoami().account()).isEqualTo(StsHttpStub.ACCOUNT);
		assertThat(this.http.requests()).extracting(StsHttpStub.Request::action)
			.containsExactly("AssumeRole", "GetCallerIdentity");
		assertThat(this.http.requests()).extracting(StsHttpStub.Request::signedBy)
			.containsExactly("AKIDSOURCE", "ASIASTUB1");
		assertThat(this.registry.clients()).extracting(AwsClientInfo::id).contains("StsClient:orders:eu-west-1");
		// Fetched now: the session reads the role's status without calling STS again.
		assertThat(orders.status().state()).isEqualTo(RefreshState.FRESH);
		assertThat(orders.expiration()).isNotNull();
		assertThat(this.http.requests()).hasSize(2);
		// One call each time.
		orders.whoami();
		assertThat(this.http.requests()).extracting(StsHttpStub.Request::action)
			.containsExactly("AssumeRole", "GetCallerIdentity", "GetCallerIdentity");
		assertThat(this.registry.client(StsClient.class, "orders")).isSameAs(orders.client(StsClient.class));
	}

	@Test
	void aTemplatesSessionIsItsRoleInTheAccountAndItsClientsAreThatRoles() {
		AwsSession audit = this.registry.session("audit", "210987654321");
		assertThat(audit.roleName()).isEqualTo("audit@210987654321");
		assertThat(audit.credentials()).isSameAs(this.roles.forAccount("audit", "210987654321"));
		assertThat(audit.credentials().roleArn()).isEqualTo("arn:aws:iam::210987654321:role/audit");
		assertThat(audit.client(S3Client.class)).isSameAs(this.registry.client(S3Client.class, "audit@210987654321"));
		assertThat(audit.region()).isEqualTo(Region.EU_WEST_1);
	}

	@Test
	void aRoleBuiltInCodeHasASessionOfItsOwn() {
		AssumeRoleSpec spec = AssumeRoleSpec.of("arn:aws:iam::123456789012:role/app", "test");
		AwsSession app = this.registry.session(spec);
		assertThat(app.roleName()).startsWith("arn:aws:iam::123456789012:role/app#");
		assertThat(app.credentials()).isSameAs(this.roles.forRole(spec));
		assertThat(app.client(S3Client.class)).isSameAs(this.registry.session(spec).client(S3Client.class));
	}

	@Test
	void toStringNamesTheRoleAndRegionAndNoSecret() {
		AwsSession orders = this.registry.session("orders");
		orders.whoami();
		assertThat(orders).hasToString("AwsSession[role=orders, region=eu-west-1]");
		assertThat(this.registry.session("default").inRegion(Region.US_EAST_1))
			.hasToString("AwsSession[role=default, region=us-east-1]");
		assertThat(orders.toString()).doesNotContain(SOURCE_SECRET, "stub-secret", "stub-token", "AKID", "ASIA");
	}

	@Test
	void onlyAConfiguredRoleWithRoleCredentialsHasASession() {
		assertThatExceptionOfType(UnknownRoleException.class).isThrownBy(() -> this.registry.session("ordrs"));
		try (AwsClientRegistry plain = AwsClientRegistry.builder(this.resources)
			.role("default", StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPLAIN", "secret")))
			.region(Region.EU_WEST_1)
			.build()) {
			assertThatIllegalStateException().isThrownBy(() -> plain.session("default"))
				.withMessageContaining("has no RoleCredentialsProvider");
			assertThatIllegalStateException().isThrownBy(() -> plain.session("audit", "210987654321"))
				.withMessageContaining("roles(RoleCredentialsProviders)");
		}
	}

}
