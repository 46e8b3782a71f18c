package io.awsrefresh.autoconfigure;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.awsrefresh.client.AwsClientInfo;
import io.awsrefresh.client.AwsClientListener;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.client.AwsSession;
import io.awsrefresh.credentials.AssumeRoleSpec;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.StsClientCustomizer;
import io.awsrefresh.credentials.UnknownRoleException;
import io.awsrefresh.test.Await;
import io.awsrefresh.test.emulator.AwsEmulator;
import io.awsrefresh.test.emulator.AwsEmulatorTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Role templates, roles built in code and their sessions, against an emulator that issues
 * credentials for the account in the role ARN.
 */
@AwsEmulatorTest
class RunTimeRolesEmulatorTests {

	private final ApplicationContextRunner contextRunner;

	RunTimeRolesEmulatorTests(AwsEmulator emulator) {
		this.contextRunner = new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withPropertyValues("aws.refresh.region=" + emulator.region(),
					"aws.refresh.endpoint=" + emulator.endpoint(),
					"aws.refresh.source.access-key-id=" + emulator.accessKeyId(),
					"aws.refresh.source.secret-access-key=" + emulator.secretAccessKey(),
					"aws.refresh.role-arn=arn:aws:iam::123456789012:role/app",
					"aws.refresh.roles.scanner.role-arn=arn:aws:iam::{account}:role/SecurityAudit",
					"aws.refresh.roles.scanner.role-session-name=scanner-{account}",
					"aws.refresh.roles.scanner.external-id=scan-{account}");
	}

	@Test
	void aTemplateIsTheSameRoleInEveryAccount() {
		// Every type's bean of the default role at startup, to see that the template has
		// none.
		this.contextRunner.withPropertyValues("aws.refresh.client-beans=all")
			.withBean(StsBuilds.class, StsBuilds::new)
			.run((context) -> {
				AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
				RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
				// A template is no injectable role: it has no account.
				assertThat(roles.roleNames()).containsExactly("default");
				assertThat(roles.templateNames()).containsExactly("scanner");
				assertThat(context.getBeanNamesForType(SqsClient.class))
					.containsExactly("awsRefresh.SqsClient.default");

				AwsSession first = registry.session("scanner", "111111111111");
				AwsSession second = registry.session("scanner", "222222222222");
				GetCallerIdentityResponse one = first.whoami();
				assertThat(one.account()).isEqualTo("111111111111");
				assertThat(one.arn())
					.isEqualTo("arn:aws:sts::111111111111:assumed-role/SecurityAudit/scanner-111111111111");
				assertThat(second.whoami().account()).isEqualTo("222222222222");
				assertThat(first.roleName()).isEqualTo("scanner@111111111111");
				assertThat(first.expiration()).isAfter(Instant.now());

				// Same inputs, same instances.
				assertThat(registry.session("scanner", "111111111111").client(SqsClient.class))
					.isSameAs(first.client(SqsClient.class));
				assertThat(roles.forAccount("scanner", "111111111111")).isSameAs(first.credentials());
				assertThat(first.inRegion(Region.EU_WEST_3).client(SqsClient.class))
					.isNotSameAs(first.client(SqsClient.class));
				assertThat(roles.runTimeRoleCount()).isEqualTo(2);
				// Every role assumed with the source credentials shares one STS client.
				assertThat(roles.stsClientCount()).isEqualTo(1);
				assertThat(context.getBean(StsBuilds.class).builds).hasSize(1);
			});
	}

	@Test
	void aRoleBuiltInCodeIsHeldLikeATemplatesRole() {
		this.contextRunner.run((context) -> {
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			AssumeRoleSpec spec = AssumeRoleSpec.of("arn:aws:iam::333333333333:role/Partner", "partner-session")
				.withExternalId("partner-42")
				.withTags(Map.of("tenant", "acme"));
			AwsSession partner = registry.session(spec);
			assertThat(partner.whoami().arn())
				.isEqualTo("arn:aws:sts::333333333333:assumed-role/Partner/partner-session");
			assertThat(registry.session(spec).roleName()).isEqualTo(partner.roleName())
				.startsWith("arn:aws:iam::333333333333:role/Partner#");
		});
	}

	@Test
	void anUnusedRunTimeRoleStopsAndTakesItsClientsWithIt() {
		this.contextRunner.withPropertyValues("aws.refresh.run-time-roles.expire-after-access=1s")
			.withBean(Removals.class, Removals::new)
			.run((context) -> {
				AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
				RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
				AwsSession session = registry.session("scanner", "111111111111");
				SqsClient sqs = session.client(SqsClient.class);
				sqs.listQueues();
				session.client(SqsClient.class, Region.EU_WEST_3);
				RoleCredentialsProvider evicted = session.credentials();

				// The role leaves the cache before its clients are closed and reported:
				// wait for the report, which comes last. On a busy machine the role may
				// also have expired between the calls above and been made again: its
				// clients are reported then too.
				List<String> both = List.of("SqsClient:scanner@111111111111:" + session.region().id(),
						"SqsClient:scanner@111111111111:eu-west-3");
				Await.until(() -> roles.runTimeRoleCount() == 0 && context.getBean(Removals.class).clients.stream()
					.map(AwsClientInfo::id)
					.toList()
					.containsAll(both));
				assertThat(roles.find("scanner@111111111111")).isNull();
				assertThat(context.getBean(Removals.class).clients).extracting(AwsClientInfo::id)
					.containsAll(both)
					.allMatch(both::contains);
				// The session's default-region client was pinned; the other was not.
				assertThat(context.getBean(Removals.class).clients)
					.allMatch((client) -> client.pinned() == client.id().equals(both.get(0)));
				assertThat(registry.clients()).noneMatch((client) -> client.role().equals("scanner@111111111111"));
				assertThat(evicted.status().nextAttempt()).as("no refresh scheduled").isNull();

				// The session asks for its role again: a new one, refreshed anew.
				assertThat(session.whoami().account()).isEqualTo("111111111111");
				assertThat(session.credentials()).isNotSameAs(evicted);
			});
	}

	@Test
	void runTimeRolesAreBoundedBySize() {
		// Under the deprecated name, which still binds.
		this.contextRunner.withPropertyValues("aws.refresh.sessions.max-size=2").run((context) -> {
			RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
			for (int account = 0; account < 20; account++) {
				roles.forAccount("scanner", String.format("%012d", account));
			}
			assertThat(roles.runTimeRoleCount()).isEqualTo(2);
		});
	}

	@Test
	void badAccountsAndTemplatesAreClearErrors() {
		this.contextRunner.run((context) -> {
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			assertThatIllegalArgumentException().isThrownBy(() -> registry.session("scanner", "1234"))
				.withMessageContaining("'1234' is not an AWS account id (12 digits)")
				.withMessageContaining("'scanner'");
			assertThatExceptionOfType(UnknownRoleException.class)
				.isThrownBy(() -> registry.session("scaner", "111111111111"))
				.withMessageContaining("scanner");
		});
	}

	static class StsBuilds implements StsClientCustomizer {

		final List<String> builds = new CopyOnWriteArrayList<>();

		@Override
		public void customize(StsClientBuilder builder, @Nullable String callingRole, Region region) {
			this.builds.add(callingRole + " " + region);
		}

	}

	static class Removals implements AwsClientListener {

		final List<AwsClientInfo> clients = new CopyOnWriteArrayList<>();

		@Override
		public void onEvicted(AwsClientInfo client, EvictionCause cause) {
			if (cause == EvictionCause.ROLE_REMOVED) {
				this.clients.add(client);
			}
		}

	}

}
