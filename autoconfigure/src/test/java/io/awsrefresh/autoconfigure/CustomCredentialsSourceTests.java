package io.awsrefresh.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.awsrefresh.credentials.CustomCredentialsSource;
import io.awsrefresh.credentials.RefreshAttempt;
import io.awsrefresh.credentials.RefreshAttempt.Trigger;
import io.awsrefresh.credentials.RefreshListener;
import io.awsrefresh.credentials.RefreshState;
import io.awsrefresh.credentials.RoleCredentialsException;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A role whose credentials come from an application's {@link CustomCredentialsSource}
 * bean, refreshed by the same engine as assumed roles. No STS is involved.
 */
class CustomCredentialsSourceTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AwsRefreshAutoConfigurations.CREDENTIALS)
		.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
				"aws.refresh.source.secret-access-key=source-secret");

	@Test
	void shortLivedCustomCredentialsAreRefreshedInTheBackgroundAndNeverFailACaller() {
		this.contextRunner.withUserConfiguration(Vault.class)
			.withPropertyValues("aws.refresh.roles.vault.custom-source=vaultCredentials")
			.run((context) -> {
				RoleCredentialsProvider vault = context.getBean(RoleCredentialsProviders.class).get("vault");
				Set<String> seen = ConcurrentHashMap.newKeySet();
				long end = System.nanoTime() + Duration.ofSeconds(7).toNanos();
				while (System.nanoTime() < end) {
					seen.add(vault.resolveCredentials().accessKeyId());
					Thread.sleep(10);
				}
				Vault source = context.getBean(Vault.class);
				// Credentials live 3 seconds and are refreshed from half their lifetime.
				assertThat(seen).hasSizeGreaterThanOrEqualTo(3);
				assertThat(source.attempts).allSatisfy((attempt) -> {
					assertThat(attempt.sourceKind()).isEqualTo(RoleSource.Kind.CUSTOM);
					assertThat(attempt.succeeded()).isTrue();
				});
				assertThat(source.attempts).extracting(RefreshAttempt::trigger)
					.startsWith(Trigger.FIRST_USE, Trigger.SCHEDULED);
				assertThat(source.roleNames).containsOnly("vault");
				// A scheduled refresh may be in flight.
				assertThat(vault.status().state()).isIn(RefreshState.FRESH, RefreshState.REFRESHING);
				assertThat(vault.status().roleArn()).isNull();
				assertThat(vault.toString())
					.isEqualTo("RoleCredentialsProvider[role=vault, customSource=vaultCredentials]");
			});
	}

	@Test
	void customSourceMayBeTheDefaultRoleAndTheSourceOfAChainedRole() {
		// Whether the custom credentials are an assumed role's (so that STS limits the
		// chained session to 1h) is for STS to say: 2h is not refused at startup.
		this.contextRunner.withUserConfiguration(Vault.class)
			.withPropertyValues("aws.refresh.custom-source=vaultCredentials",
					"aws.refresh.roles.audit.role-arn=arn:aws:iam::210987654321:role/audit",
					"aws.refresh.roles.audit.source-role=default", "aws.refresh.roles.audit.duration=2h")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(RoleCredentialsProvider.class).resolveCredentials().accessKeyId())
					.startsWith("ASIAVAULT");
				assertThat(context.getBean(RoleCredentialsProviders.class).get("audit").roleArn())
					.isEqualTo("arn:aws:iam::210987654321:role/audit");
			});
	}

	@Test
	void eagerCustomSourceThatFailsStopsStartupNamingTheKey() {
		this.contextRunner.withBean("broker", CustomCredentialsSource.class, () -> (role) -> {
			throw new IllegalStateException("broker unreachable");
		})
			.withPropertyValues("aws.refresh.roles.broker.custom-source=broker",
					"aws.refresh.roles.broker.defer-refresh=false")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new RoleCredentialsFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Role 'broker'")
					.contains("custom source")
					.contains("IllegalStateException: broker unreachable");
				assertThat(analysis.getAction()).contains("'aws.refresh.roles.broker.custom-source'")
					.contains("aws.refresh.roles.broker.defer-refresh=true");
			});
	}

	@Test
	void customSourceWithRoleArnFailsStartupNamingTheKey() {
		this.contextRunner.withUserConfiguration(Vault.class)
			.withPropertyValues("aws.refresh.roles.vault.custom-source=vaultCredentials",
					"aws.refresh.roles.vault.role-arn=arn:aws:iam::210987654321:role/vault")
			.run((context) -> {
				FailureAnalysis analysis = new InvalidAwsRefreshPropertiesFailureAnalyzer(new StandardEnvironment())
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Property: aws.refresh.roles.vault.custom-source\n")
					.contains("not both");
			});
	}

	@Test
	void assumeRoleKeysOnACustomSourceRoleFailStartupNamingThem() {
		this.contextRunner.withUserConfiguration(Vault.class)
			.withPropertyValues("aws.refresh.roles.vault.custom-source=vaultCredentials",
					"aws.refresh.roles.vault.external-id=partner-42", "aws.refresh.roles.vault.tags.team=payments")
			.run((context) -> {
				FailureAnalysis analysis = new InvalidAwsRefreshPropertiesFailureAnalyzer(new StandardEnvironment())
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Property: aws.refresh.roles.vault.external-id\n")
					.contains("remove aws.refresh.roles.vault.external-id, aws.refresh.roles.vault.tags")
					.doesNotContain("partner-42");
			});
	}

	@Test
	void unknownCustomSourceFailsStartupListingTheBeans() {
		this.contextRunner.withUserConfiguration(Vault.class)
			.withPropertyValues("aws.refresh.roles.vault.custom-source=vault")
			.run((context) -> {
				FailureAnalysis analysis = new InvalidAwsRefreshPropertiesFailureAnalyzer(new StandardEnvironment())
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription())
					.contains("Property: aws.refresh.roles.vault.custom-source\n    Value: \"vault\"")
					.contains("[vaultCredentials]");
				assertThat(analysis.getAction()).contains("aws.refresh.roles.vault.custom-source=vaultCredentials");
			});
	}

	@Test
	void customCredentialsWithoutExpiryAreRejectedNamingTheRole() {
		this.contextRunner
			.withBean("static", CustomCredentialsSource.class,
					() -> (role) -> AwsSessionCredentials.create("ASIA", "secret-value", "token-value"))
			.withPropertyValues("aws.refresh.roles.fixed.custom-source=static")
			.run((context) -> {
				RoleCredentialsProvider fixed = context.getBean(RoleCredentialsProviders.class).get("fixed");
				org.assertj.core.api.Assertions.assertThatExceptionOfType(RoleCredentialsException.class)
					.isThrownBy(fixed::resolveCredentials)
					.withMessageContaining("role 'fixed' (custom source 'static')")
					.withMessageContaining("no expiration time")
					.withMessageNotContaining("secret-value");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class Vault implements RefreshListener {

		final List<RefreshAttempt> attempts = new CopyOnWriteArrayList<>();

		final Set<String> roleNames = ConcurrentHashMap.newKeySet();

		private final AtomicInteger issued = new AtomicInteger();

		@Bean
		CustomCredentialsSource vaultCredentials() {
			return (role) -> {
				this.roleNames.add(role);
				int n = this.issued.incrementAndGet();
				return AwsSessionCredentials.builder()
					.accessKeyId("ASIAVAULT" + n)
					.secretAccessKey("vault-secret-" + n)
					.sessionToken("vault-token-" + n)
					.expirationTime(Instant.now().plusSeconds(3))
					.build();
			};
		}

		@Override
		public void onAttempt(RefreshAttempt attempt) {
			this.attempts.add(attempt);
		}

	}

}
