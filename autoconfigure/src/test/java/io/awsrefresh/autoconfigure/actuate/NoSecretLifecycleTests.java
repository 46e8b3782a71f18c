package io.awsrefresh.autoconfigure.actuate;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.awsrefresh.actuate.AwsClientsEndpoint;
import io.awsrefresh.actuate.AwsCredentialsHealthIndicator;
import io.awsrefresh.autoconfigure.AwsRefreshAutoConfigurations;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.credentials.RoleCredentialsException;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.event.CredentialsRecoveredEvent;
import io.awsrefresh.event.CredentialsRefreshFailedEvent;
import io.awsrefresh.test.Await;
import io.awsrefresh.test.sts.StsStub;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole lifecycle with {@code io.awsrefresh} logging at TRACE: startup, background
 * refreshes, a failing STS, recovery, on-demand clients and their eviction, every
 * Actuator read and every event. No secret handed out by STS, nor the source secret, nor
 * an external id, may appear in any of it.
 */
@ExtendWith(OutputCaptureExtension.class)
class NoSecretLifecycleTests {

	private static final String SOURCE_SECRET = "source-s3cr3t-value";

	private static final String EXTERNAL_ID = "partner-external-id-77";

	private final LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());

	private final JsonMapper json = JsonMapper.builder().build();

	private StsStub sts;

	@BeforeEach
	void start() throws IOException {
		this.sts = StsStub.start();
		this.logging.setLogLevel("io.awsrefresh", LogLevel.TRACE);
	}

	@AfterEach
	void stop() {
		this.logging.setLogLevel("io.awsrefresh", null);
		this.sts.close();
	}

	@Test
	void noSecretReachesLogsActuatorEventsOrExceptions(CapturedOutput output) {
		// Credentials that live 10 s, refreshed in the background 2 to 6 s after each
		// fetch.
		this.sts.credentialsLifetime(Duration.ofSeconds(10));
		List<String> seen = new ArrayList<>();
		new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withConfiguration(AutoConfigurations.of(AwsCredentialsHealthAutoConfiguration.class,
					AwsClientsEndpointAutoConfiguration.class, AwsRefreshMetricsAutoConfiguration.class,
					AwsRefreshSanitizingAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					EndpointAutoConfiguration.class, ConfigurationPropertiesReportEndpointAutoConfiguration.class,
					EnvironmentEndpointAutoConfiguration.class))
			.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.endpoint=" + this.sts.endpoint(),
					"aws.refresh.source.access-key-id=AKIDSOURCE",
					"aws.refresh.source.secret-access-key=" + SOURCE_SECRET,
					"aws.refresh.role-arn=arn:aws:iam::123456789012:role/app", "aws.refresh.defer-refresh=false",
					"aws.refresh.prefetch-time=8s", "aws.refresh.stale-time=3s",
					"aws.refresh.external-id=" + EXTERNAL_ID,
					"aws.refresh.roles.audit.role-arn=arn:aws:iam::210987654321:role/audit",
					"management.endpoints.web.exposure.include=*", "management.endpoint.configprops.show-values=always",
					"management.endpoint.env.show-values=always")
			.withUserConfiguration(RecordedEvents.class)
			.run((context) -> {
				RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
				RoleCredentialsProvider role = roles.defaultRole();
				AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
				AwsClientsEndpoint endpoint = context.getBean(AwsClientsEndpoint.class);
				AwsCredentialsHealthIndicator health = context.getBean(AwsCredentialsHealthIndicator.class);
				RecordedEvents events = context.getBean(RecordedEvents.class);
				List<String> exceptions = new ArrayList<>();

				Await.until(() -> role.status().refreshes() >= 2);
				roles.get("audit").resolveCredentials();
				registry.client(StsClient.class, "audit", Region.EU_WEST_3).getCallerIdentity();
				seen.add(this.json.writeValueAsString(endpoint.clients()));
				seen.add(this.json.writeValueAsString(endpoint.role("audit")));

				this.sts.fail();
				Await.until(() -> role.status().consecutiveFailures() >= 2);
				try {
					// Stale by now, or soon: whatever the role answers must not leak.
					Await.until(() -> role.status().expiration() == null
							|| role.status().expiration().isBefore(Instant.now()));
					role.resolveCredentials();
				}
				catch (RoleCredentialsException ex) {
					exceptions.add(String.valueOf(ex));
					exceptions.add(String.valueOf(ex.getCause()));
				}
				assertThat(exceptions).isNotEmpty();
				seen.add(this.json.writeValueAsString(health.health()));
				seen.add(this.json.writeValueAsString(endpoint.clients()));
				seen.add(this.json.writeValueAsString(endpoint.role("default")));

				this.sts.issueCredentials();
				Await.until(() -> events.refreshes.stream().anyMatch(CredentialsRecoveredEvent.class::isInstance));
				assertThat(endpoint.evictAll().evicted()).isEqualTo(1);

				seen.add(this.json.writeValueAsString(health.health()));
				seen.add(this.json.writeValueAsString(endpoint.clients()));
				seen.add(this.json.writeValueAsString(
						context.getBean(ConfigurationPropertiesReportEndpoint.class).configurationProperties()));
				seen.add(this.json.writeValueAsString(context.getBean(EnvironmentEndpoint.class).environment(null)));
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				meters.getMeters()
					.forEach((meter) -> seen.add(meter.getId() + " " + meter.measure().iterator().next()));
				assertThat(events.refreshes).hasAtLeastOneElementOfType(CredentialsRefreshFailedEvent.class);
				assertThat(events.clients).hasSizeGreaterThanOrEqualTo(3);
				events.refreshes.forEach((event) -> seen.add(event.toString()));
				events.clients.forEach((event) -> seen.add(event.toString()));
				roles.status().forEach((status) -> seen.add(status.toString()));
				seen.addAll(exceptions);
			});
		seen.add(output.getAll());
		List<String> secrets = new ArrayList<>(this.sts.secrets());
		secrets.add(SOURCE_SECRET);
		secrets.add(EXTERNAL_ID);
		// The lifecycle did hand out secrets, and did say things about them.
		assertThat(this.sts.secrets()).hasSizeGreaterThanOrEqualTo(8);
		assertThat(output.getAll()).contains("DEBUG", "Refreshed credentials", "STS answered");
		for (String text : seen) {
			for (String secret : secrets) {
				assertThat(text).doesNotContain(secret);
			}
		}
	}

}
