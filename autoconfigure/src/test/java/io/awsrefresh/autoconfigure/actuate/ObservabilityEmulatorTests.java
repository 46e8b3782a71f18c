package io.awsrefresh.autoconfigure.actuate;

import java.util.List;
import java.util.Map;

import io.awsrefresh.actuate.AwsClientsEndpoint;
import io.awsrefresh.actuate.AwsClientsEndpoint.AwsClientsDescriptor;
import io.awsrefresh.actuate.AwsClientsEndpoint.ClientDescriptor;
import io.awsrefresh.actuate.AwsClientsEndpoint.RoleIdentityDescriptor;
import io.awsrefresh.actuate.AwsCredentialsHealthIndicator;
import io.awsrefresh.autoconfigure.AwsRefreshAutoConfigurations;
import io.awsrefresh.client.AwsClientListener.EvictionCause;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.credentials.RefreshState;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.event.AwsClientCreatedEvent;
import io.awsrefresh.event.AwsClientEvictedEvent;
import io.awsrefresh.event.CredentialsRefreshEvent;
import io.awsrefresh.event.CredentialsRefreshedEvent;
import io.awsrefresh.metrics.AwsClientRegistryMetrics;
import io.awsrefresh.metrics.CredentialsRefreshMetrics;
import io.awsrefresh.test.emulator.AwsEmulator;
import io.awsrefresh.test.emulator.AwsEmulatorTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What operators see of real refreshes and real clients against an emulator: the
 * {@code awsclients} endpoint, the meters and the application events.
 */
@AwsEmulatorTest
class ObservabilityEmulatorTests {

	private static final String APP_ROLE = "arn:aws:iam::123456789012:role/app";

	private final ApplicationContextRunner contextRunner;

	private final AwsEmulator emulator;

	ObservabilityEmulatorTests(AwsEmulator emulator) {
		this.emulator = emulator;
		this.contextRunner = new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withConfiguration(AutoConfigurations.of(AwsClientsEndpointAutoConfiguration.class,
					AwsRefreshMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues("aws.refresh.region=" + emulator.region(),
					"aws.refresh.endpoint=" + emulator.endpoint(),
					"aws.refresh.source.access-key-id=" + emulator.accessKeyId(),
					"aws.refresh.source.secret-access-key=" + emulator.secretAccessKey(),
					"aws.refresh.role-arn=" + APP_ROLE, "aws.refresh.defer-refresh=false",
					"aws.refresh.roles.audit.role-arn=arn:aws:iam::210987654321:role/audit",
					"aws.refresh.roles.audit.defer-refresh=true",
					"management.endpoints.web.exposure.include=awsclients",
					"aws.refresh.services.s3.path-style-access=true")
			.withUserConfiguration(RecordedEvents.class);
	}

	@Test
	void endpointListsRolesAndClientsTellsWhoARoleIsAndEvicts() {
		this.contextRunner.run((context) -> {
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			registry.client(SqsClient.class).listQueues();
			registry.client(S3Client.class, "audit", Region.AP_SOUTH_1);
			registry.client(S3Client.class, "default", Region.EU_WEST_3);
			AwsClientsEndpoint endpoint = context.getBean(AwsClientsEndpoint.class);

			AwsClientsDescriptor clients = endpoint.clients();
			assertThat(clients.roles()).extracting((role) -> role.name() + " " + role.state())
				.containsExactly("default FRESH", "audit PENDING");
			assertThat(clients.clients()).extracting(ClientDescriptor::id, ClientDescriptor::pinned)
				.containsExactlyInAnyOrder(tuple("SqsClient:default:" + this.emulator.region(), true),
						tuple("S3Client:audit:ap-south-1", false), tuple("S3Client:default:eu-west-3", false));
			assertThat(clients.builds()).isEqualTo(3);
			assertThat(clients.clients())
				.allSatisfy((client) -> assertThat(client.endpoint()).isEqualTo(this.emulator.endpoint().toString()));

			// The identity AWS sees: an assumed-role session of the role's ARN.
			RoleIdentityDescriptor audit = endpoint.role("audit");
			assertThat(audit.error()).isNull();
			assertThat(audit.account()).isEqualTo("210987654321");
			assertThat(audit.arn()).contains("assumed-role/audit/");
			assertThat(endpoint.role("nobody")).isNull();

			assertThat(endpoint.evict("S3Client:default:eu-west-3").evicted()).isEqualTo(1);
			assertThat(endpoint.evict("SqsClient:default:" + this.emulator.region()).evicted())
				.as("pinned clients stay")
				.isZero();
			assertThat(endpoint.evictAll().evicted()).isEqualTo(1);
			assertThat(endpoint.clients().clients()).extracting(ClientDescriptor::id)
				.containsExactlyInAnyOrder("SqsClient:default:" + this.emulator.region(),
						"StsClient:audit:" + this.emulator.region());
			assertThat(endpoint.clients().evictions()).isEqualTo(2);

			RecordedEvents events = context.getBean(RecordedEvents.class);
			assertThat(events.clients).filteredOn(AwsClientEvictedEvent.class::isInstance)
				.extracting((event) -> ((AwsClientEvictedEvent) event).getCause())
				.containsExactly(EvictionCause.REQUESTED, EvictionCause.REQUESTED);
			assertThat(events.clients).filteredOn(AwsClientCreatedEvent.class::isInstance).hasSize(4);
		});
	}

	@Test
	void endpointListsAndEvictsPresignersAndTransferManagersBesideClients() {
		this.contextRunner.run((context) -> {
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			registry.client(S3Presigner.class, "audit");
			registry.client(S3TransferManager.class, "default", Region.EU_WEST_3);
			AwsClientsEndpoint endpoint = context.getBean(AwsClientsEndpoint.class);
			assertThat(endpoint.clients().clients())
				.extracting(ClientDescriptor::id, ClientDescriptor::type, ClientDescriptor::pinned)
				.containsExactlyInAnyOrder(tuple("S3Presigner:audit:" + this.emulator.region(), "S3Presigner", true),
						tuple("S3TransferManager:default:eu-west-3", "S3TransferManager", false));
			assertThat(endpoint.evict("S3TransferManager:default:eu-west-3").evicted()).isEqualTo(1);
			assertThat(endpoint.clients().clients()).extracting(ClientDescriptor::id)
				.containsExactly("S3Presigner:audit:" + this.emulator.region());
		});
	}

	@Test
	void runTimeRolesShowInHealthAndInMetersUnderTheirTemplate() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(AwsCredentialsHealthAutoConfiguration.class))
			.withPropertyValues("aws.refresh.roles.tenant.role-arn=arn:aws:iam::{account}:role/tenant")
			.run((context) -> {
				RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
				for (String account : List.of("111111111111", "222222222222", "333333333333")) {
					roles.forAccount("tenant", account).resolveCredentials();
				}
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("aws.refresh.credentials.refreshes")
					.tags("role", "tenant", "outcome", "success")
					.functionCounter()
					.count()).isEqualTo(3);
				assertThat(meters.get("aws.refresh.credentials.run-time-roles").tag("state", "FRESH").gauge().value())
					.isEqualTo(3);
				assertThat(meters.getMeters()).extracting((meter) -> meter.getId().getTag("role"))
					.noneMatch((role) -> role != null && role.contains("@"));
				Health health = context.getBean(AwsCredentialsHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails().get("runTimeRoles"))
					.isEqualTo(Map.of("held", 3, "states", Map.of(RefreshState.FRESH, 3), "failingCount", 0));
			});
	}

	@Test
	void metersCountRealRefreshesAndTheRegistry() {
		this.contextRunner.run((context) -> {
			RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
			roles.get("audit").resolveCredentials();
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			registry.client(SqsClient.class).listQueues();
			registry.client(SqsClient.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);

			// The default role fetched at startup, before any meter registry existed.
			assertThat(meters.get("aws.refresh.credentials.refreshes")
				.tags("role", "default", "outcome", "success")
				.functionCounter()
				.count()).isEqualTo(1);
			assertThat(meters.get("aws.refresh.credentials.refreshes")
				.tags("role", "audit", "outcome", "success")
				.functionCounter()
				.count()).isEqualTo(1);
			assertThat(meters.get("aws.refresh.credentials.refreshes")
				.tags("role", "audit", "outcome", "failure")
				.functionCounter()
				.count()).isZero();
			assertThat(meters.get("aws.refresh.credentials.refresh.duration")
				.tags("role", "default")
				.functionTimer()
				.count()).isEqualTo(1);
			// moto issues credentials for an hour.
			assertThat(meters.get("aws.refresh.credentials.expiry").tags("role", "default").gauge().value())
				.isBetween(3000.0, 3600.0);
			assertThat(meters.get("aws.refresh.clients.size").gauge().value()).isEqualTo(1);
			assertThat(meters.get("aws.refresh.clients.builds").functionCounter().count()).isEqualTo(1);
			assertThat(meters.get("aws.refresh.clients.requests").tags("result", "miss").functionCounter().count())
				.isEqualTo(1);
			assertThat(meters.get("aws.refresh.clients.requests").tags("result", "hit").functionCounter().count())
				.isEqualTo(1);

			RecordedEvents events = context.getBean(RecordedEvents.class);
			assertThat(events.refreshes)
				.allSatisfy((event) -> assertThat(event).isInstanceOf(CredentialsRefreshedEvent.class))
				.extracting(CredentialsRefreshEvent::getRoleName)
				.containsExactly("default", "audit");
			assertThat(roles.defaultRole().status().state()).isEqualTo(RefreshState.FRESH);
		});
	}

	@Test
	void metersBackOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(CredentialsRefreshMetrics.class)
				.doesNotHaveBean(AwsClientRegistryMetrics.class));
	}

	@Test
	void endpointBacksOffWithoutActuatorOrWhenDisabled() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AwsClientsEndpoint.class));
		this.contextRunner.withPropertyValues("management.endpoint.awsclients.access=NONE")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AwsClientsEndpoint.class));
	}

}
