package io.awsrefresh.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.awsrefresh.credentials.MfaTokenProvider;
import io.awsrefresh.credentials.RefreshStatus;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.test.Await;
import io.awsrefresh.test.emulator.AwsEmulator;
import io.awsrefresh.test.emulator.AwsEmulatorTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assumed-role credentials against a real STS emulator over HTTP.
 */
@AwsEmulatorTest
@ExtendWith(OutputCaptureExtension.class)
class RoleCredentialsEmulatorTests {

	private static final String APP_ROLE = "arn:aws:iam::123456789012:role/app";

	private static final String AUDIT_ROLE = "arn:aws:iam::123456789012:role/audit";

	private static final String CHAINED_ROLE = "arn:aws:iam::123456789012:role/chained";

	/**
	 * Credentials live 15 minutes; the prefetch window runs from 3 to 5 seconds after
	 * they are issued, so a background refresh happens 3 to 4 seconds after each fetch.
	 */
	private static final String[] FAST_REFRESH = { "aws.refresh.duration=15m", "aws.refresh.prefetch-time=897s",
			"aws.refresh.stale-time=895s" };

	/**
	 * The same with the first fetch at startup, and a window from 3 to 10 seconds: the
	 * refresh happens 3 to 6.5 seconds after each fetch.
	 */
	private static final String[] FAST_BACKGROUND_REFRESH = { "aws.refresh.duration=15m",
			"aws.refresh.prefetch-time=897s", "aws.refresh.stale-time=890s", "aws.refresh.defer-refresh=false" };

	private final AwsEmulator emulator;

	private final StsTraffic traffic = new StsTraffic();

	private final ApplicationContextRunner contextRunner;

	RoleCredentialsEmulatorTests(AwsEmulator emulator) {
		this.emulator = emulator;
		this.contextRunner = new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CREDENTIALS)
			.withBean(StsTraffic.class, () -> this.traffic)
			.withPropertyValues("spring.application.name=orders-service", "aws.refresh.region=" + emulator.region(),
					"aws.refresh.endpoint=" + emulator.endpoint(),
					"aws.refresh.source.access-key-id=" + emulator.accessKeyId(),
					"aws.refresh.source.secret-access-key=" + emulator.secretAccessKey(),
					"aws.refresh.role-arn=" + APP_ROLE, "aws.refresh.roles.audit.role-arn=" + AUDIT_ROLE);
	}

	@Test
	void defaultAndNamedRolesCallAsTheirRoles() {
		this.contextRunner.run((context) -> {
			RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
			assertThat(callerArn(context.getBean(AwsCredentialsProvider.class)))
				.isEqualTo("arn:aws:sts::123456789012:assumed-role/app/orders-service");
			assertThat(callerArn(roles.get("audit")))
				.isEqualTo("arn:aws:sts::123456789012:assumed-role/audit/orders-service");
			assertThat(roles.roleNames()).containsExactly("default", "audit");
		});
	}

	@Test
	void theHttpClientOfAFetchAtStartupIsBuiltByTheStartingThread(CapturedOutput output) {
		// The first fetch runs on a fetch thread while the starting thread, creating the
		// providers under Spring's singleton lock, waits for it: the HTTP client bean its
		// STS client needs is built before, not by the fetch thread beside the lock.
		Set<String> builtBy = ConcurrentHashMap.newKeySet();
		this.contextRunner.withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withBean(HttpClientThreads.class, () -> new HttpClientThreads(builtBy))
			.withPropertyValues("aws.refresh.defer-refresh=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(this.traffic.assumeRoleCalls(APP_ROLE)).isOne();
				assertThat(builtBy).containsExactly(Thread.currentThread().getName());
				assertThat(output).doesNotContain("while other thread holds singleton lock");
			});
	}

	@Test
	void deferredRolesMakeNoStsCallUntilFirstUse() {
		this.contextRunner.run((context) -> {
			assertThat(this.traffic.assumeRoleCalls(APP_ROLE)).isZero();
			context.getBean(AwsCredentialsProvider.class).resolveCredentials();
			assertThat(this.traffic.assumeRoleCalls(APP_ROLE)).isOne();
			assertThat(this.traffic.assumeRoleCalls(AUDIT_ROLE)).isZero();
		});
	}

	@Test
	void chainedRoleIsAssumedWithItsSourceRolesCredentials() {
		this.contextRunner
			.withPropertyValues("aws.refresh.roles.chained.role-arn=" + CHAINED_ROLE,
					"aws.refresh.roles.chained.source-role=audit", "aws.refresh.roles.chained.role-session-name=chain")
			.run((context) -> {
				RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
				assertThat(callerArn(roles.get("chained")))
					.isEqualTo("arn:aws:sts::123456789012:assumed-role/chained/chain");
				String auditKey = roles.get("audit").resolveCredentials().accessKeyId();
				assertThat(this.traffic.signingKeys(CHAINED_ROLE)).containsExactly(auditKey);
				assertThat(this.traffic.signingKeys(AUDIT_ROLE)).containsExactly(this.emulator.accessKeyId());
			});
	}

	@Test
	void credentialsAreRefreshedBeforeTheyExpire() {
		this.contextRunner.withPropertyValues(FAST_REFRESH).run((context) -> {
			AwsCredentialsProvider provider = context.getBean(AwsCredentialsProvider.class);
			Set<String> accessKeyIds = new java.util.LinkedHashSet<>();
			Await.until(() -> {
				AwsCredentials credentials = provider.resolveCredentials();
				accessKeyIds.add(credentials.accessKeyId());
				assertThat(((AwsSessionCredentials) credentials).expirationTime()).get()
					.matches((expiry) -> expiry.isAfter(java.time.Instant.now().plus(Duration.ofMinutes(14))));
				return accessKeyIds.size() >= 3;
			}, Duration.ofSeconds(20));
			assertThat(accessKeyIds).hasSize(3);
			assertThat(this.traffic.assumeRoleCalls(APP_ROLE)).isEqualTo(3);
			RefreshStatus status = ((RoleCredentialsProvider) provider).status();
			assertThat(status.refreshes()).isEqualTo(3);
			assertThat(status.failures()).isZero();
			assertThat(status.expiration()).isNotNull();
		});
	}

	@Test
	void concurrentCallersMakeOneAssumeRoleCallPerRefreshPerRole() {
		this.contextRunner.withPropertyValues(FAST_REFRESH)
			.withPropertyValues("aws.refresh.roles.audit.prefetch-time=897s", "aws.refresh.roles.audit.stale-time=895s")
			.run((context) -> {
				RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
				List<RoleCredentialsProvider> providers = List.of(roles.defaultRole(), roles.get("audit"));
				List<Set<String>> seen = List.of(ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet());
				AtomicInteger failures = new AtomicInteger();
				ExecutorService threads = Executors.newFixedThreadPool(32);
				CountDownLatch start = new CountDownLatch(1);
				long runFor = Duration.ofSeconds(10).toNanos();
				List<Future<?>> futures = new ArrayList<>();
				for (int i = 0; i < 32; i++) {
					int role = i % 2;
					futures.add(threads.submit(() -> {
						start.await();
						long end = System.nanoTime() + runFor;
						while (System.nanoTime() < end) {
							try {
								seen.get(role).add(providers.get(role).resolveCredentials().accessKeyId());
							}
							catch (RuntimeException ex) {
								failures.incrementAndGet();
							}
						}
						return null;
					}));
				}
				start.countDown();
				for (Future<?> future : futures) {
					future.get(60, TimeUnit.SECONDS);
				}
				threads.shutdown();
				assertThat(failures).hasValue(0);
				// A refresh is due every 3 seconds: over 10 seconds that is the first
				// fetch and 3 refreshes, each made by exactly one of 16 threads.
				for (int role = 0; role < 2; role++) {
					String arn = (role == 0) ? APP_ROLE : AUDIT_ROLE;
					int calls = this.traffic.assumeRoleCalls(arn);
					assertThat(calls).as("AssumeRole calls for %s", arn).isBetween(3, 4);
					// Every call's credentials reached callers, but for a background
					// refresh that ends after the callers stopped.
					assertThat(seen.get(role)).as("credentials seen for %s", arn).hasSizeBetween(calls - 1, calls);
					// One call per refresh: a second caller refreshing the same
					// credentials would show as two calls close together.
					assertThat(this.traffic.shortestGap(arn)).as("shortest gap between calls for %s", arn)
						.isGreaterThan(Duration.ofMillis(2500));
				}
			});
	}

	@Test
	void eagerRoleIsAssumedAtStartupAndRefreshedInTheBackground() {
		this.contextRunner.withPropertyValues(FAST_BACKGROUND_REFRESH).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(this.traffic.assumeRoleCalls(APP_ROLE)).isOne();
			// The named role inherits defer-refresh=false from the default role.
			assertThat(this.traffic.assumeRoleCalls(AUDIT_ROLE)).isOne();
			// Nobody asks for credentials; the refresh engine refreshes them in the
			// prefetch window.
			Await.until(() -> this.traffic.assumeRoleCalls(APP_ROLE) >= 3, Duration.ofSeconds(15));
			assertThat(this.traffic.assumeRoleCalls(APP_ROLE)).isGreaterThanOrEqualTo(3);
		});
	}

	@Test
	void deferredRoleIsRefreshedInTheBackgroundAfterItsFirstUse() {
		this.contextRunner.withPropertyValues(FAST_REFRESH).run((context) -> {
			context.getBean(AwsCredentialsProvider.class).resolveCredentials();
			Await.until(() -> this.traffic.assumeRoleCalls(APP_ROLE) >= 2, Duration.ofSeconds(10));
			assertThat(this.traffic.assumeRoleCalls(APP_ROLE)).isEqualTo(2);
			assertThat(this.traffic.assumeRoleCalls(AUDIT_ROLE)).isZero();
		});
	}

	@Test
	void backgroundRefreshStopsWhenTheContextCloses() {
		this.contextRunner.withPropertyValues(FAST_BACKGROUND_REFRESH)
			.run((context) -> assertThat(this.traffic.assumeRoleCalls(APP_ROLE)).isOne());
		// Longer than the refresh interval the context was given: nothing may come.
		assertThat(Await.atMost(Duration.ofSeconds(5), () -> this.traffic.assumeRoleCalls(APP_ROLE) > 1)).isFalse();
	}

	@Test
	void closingTheContextClosesEveryStsClientTheStarterBuilt() {
		this.contextRunner
			.withPropertyValues("aws.refresh.roles.chained.role-arn=" + CHAINED_ROLE,
					"aws.refresh.roles.chained.source-role=default")
			.run((context) -> {
				RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
				assertThat(callerArn(roles.get("audit"))).contains("assumed-role/audit/");
				assertThat(callerArn(roles.get("chained"))).contains("assumed-role/chained/");
				// The default and audit roles call STS with the source credentials and
				// share a client; the chained role calls it with the default role's.
				assertThat(this.traffic.httpClients).hasSize(2).noneMatch((client) -> client.closed);
			});
		assertThat(this.traffic.httpClients).hasSize(2).allMatch((client) -> client.closed);
	}

	@Test
	void mfaTokenCodeIsAskedForOnEveryRefreshAndNeverLogged(CapturedOutput output) {
		AtomicInteger codes = new AtomicInteger(424240);
		MfaTokenProvider mfa = (serialNumber) -> String.valueOf(codes.incrementAndGet());
		// The context runner applies no logging.level.* properties: set DEBUG directly,
		// so that the refresh log lines are really written and checked.
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel("io.awsrefresh", LogLevel.DEBUG);
		this.contextRunner.withPropertyValues(FAST_REFRESH)
			.withPropertyValues("aws.refresh.serial-number=arn:aws:iam::123456789012:mfa/jane")
			.withBean(MfaTokenProvider.class, () -> mfa)
			.run((context) -> {
				AwsCredentialsProvider provider = context.getBean(AwsCredentialsProvider.class);
				AwsSessionCredentials first = (AwsSessionCredentials) provider.resolveCredentials();
				RoleCredentialsProvider role = (RoleCredentialsProvider) provider;
				// The refresh is counted before it is logged: wait for the log line.
				Await.until(
						() -> role.status().refreshes() >= 2
								&& output.toString().contains("Refreshed credentials of role 'default'"),
						Duration.ofSeconds(10));
				AwsSessionCredentials second = (AwsSessionCredentials) provider.resolveCredentials();
				assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
				assertThat(this.traffic.tokenCodes).containsExactly("424241", "424242");
				assertThat(output).contains("Assumed role 'default'", "Refreshed credentials of role 'default'")
					.doesNotContain("424241", "424242", first.secretAccessKey(), first.sessionToken(),
							second.secretAccessKey());
				assertThat(provider.toString()).doesNotContain(first.secretAccessKey());
			});
		logging.setLogLevel("io.awsrefresh", null);
	}

	private String callerArn(AwsCredentialsProvider credentials) {
		try (StsClient sts = StsClient.builder()
			.region(Region.of(this.emulator.region()))
			.endpointOverride(this.emulator.endpoint())
			.credentialsProvider(credentials)
			.build()) {
			return sts.getCallerIdentity().arn();
		}
	}

	/**
	 * Records the threads that build an SDK HTTP client bean.
	 */
	static final class HttpClientThreads implements BeanPostProcessor {

		private final Set<String> threads;

		HttpClientThreads(Set<String> threads) {
			this.threads = threads;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof SdkHttpClient) {
				this.threads.add(Thread.currentThread().getName());
			}
			return bean;
		}

	}

}
