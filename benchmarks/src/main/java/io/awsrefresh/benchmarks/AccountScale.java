package io.awsrefresh.benchmarks;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.awsrefresh.client.AwsClientInfo;
import io.awsrefresh.client.AwsClientListener;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.client.AwsSession;
import io.awsrefresh.client.SharedClientResources;
import io.awsrefresh.credentials.AssumeRoleSpec;
import io.awsrefresh.credentials.RefreshAttempt;
import io.awsrefresh.credentials.RefreshListener;
import io.awsrefresh.credentials.RefreshSettings;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleDefinition;
import io.awsrefresh.credentials.RoleSource;
import io.awsrefresh.credentials.StsEndpoint;
import io.awsrefresh.test.emulator.AwsEmulator;
import io.awsrefresh.test.emulator.AwsEmulators;
import io.awsrefresh.test.sts.StsStub;
import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Roles at account scale, without Spring: one role template used in 1,000 accounts, each
 * in 3 regions with an S3 and an SQS client that has made a call (6,000 clients); then
 * 10,000 run-time roles churned through a cache of 200. STS is the loopback stub (its
 * credentials live 120 s, so that every role is refreshed during the run), S3 and SQS are
 * a local emulator. Reports live threads, retained heap per role and per client,
 * AssumeRole calls against roles used, STS clients, how background refreshes spread over
 * the prefetch window, and what the churn leaves behind.
 * <p>
 * Run with {@code java -Xmx4g -cp ... io.awsrefresh.benchmarks.AccountScale [accounts]
 * [churn] [cacheSize]}.
 */
public final class AccountScale {

	private static final Region[] REGIONS = { Region.US_EAST_1, Region.EU_WEST_1, Region.AP_SOUTHEAST_2 };

	private static final Duration LIFETIME = Duration.ofSeconds(120);

	private static final Duration PREFETCH = Duration.ofSeconds(60);

	private AccountScale() {
	}

	public static void main(String[] args) throws Exception {
		System.setProperty("aws.disableEc2Metadata", "true");
		int accounts = (args.length > 0) ? Integer.parseInt(args[0]) : 1000;
		int churn = (args.length > 1) ? Integer.parseInt(args[1]) : 10_000;
		int cacheSize = (args.length > 2) ? Integer.parseInt(args[2]) : 200;
		try (AwsEmulator emulator = AwsEmulators.start(); StsStub sts = StsStub.start()) {
			sts.credentialsLifetime(LIFETIME);
			System.out.printf("Machine: %d cores, %s %s, %s %s, max heap %d MiB; %s; emulator: %s%n%n",
					Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
					System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"),
					Runtime.getRuntime().maxMemory() / (1024 * 1024), LocalDate.now(), emulator.name());
			accounts(emulator.endpoint(), sts, accounts);
			churn(emulator.endpoint(), sts, churn, cacheSize);
		}
	}

	private static void accounts(URI endpoint, StsStub sts, int accounts) throws Exception {
		long heap0 = settledHeap();
		int threads0 = liveThreads();
		ConcurrentLinkedQueue<RefreshAttempt> attempts = new ConcurrentLinkedQueue<>();
		try (Stack stack = new Stack(endpoint, sts, accounts * 2, attempts::add, null)) {
			sts.resetCounts();
			List<AwsSession> sessions = new ArrayList<>();
			for (int i = 0; i < accounts; i++) {
				AwsSession session = stack.registry.session("scanner", account(i));
				session.credentials().resolveCredentials();
				sessions.add(session);
			}
			long heapRoles = settledHeap();
			int assumeRoles = sts.assumeRoleRequests();
			for (AwsSession session : sessions) {
				for (Region region : REGIONS) {
					session.client(S3Client.class, region).listBuckets();
					session.client(SqsClient.class, region).listQueues();
				}
			}
			long heapClients = settledHeap();
			int threads = liveThreads();
			System.out.printf("### %,d accounts x %d regions x 2 services%n%n", accounts, REGIONS.length);
			System.out.println("| figure | value |");
			System.out.println("|---|---:|");
			System.out.printf("| run-time roles / clients held | %,d / %,d |%n", stack.roles.runTimeRoleCount(),
					stack.registry.size());
			System.out.printf("| AssumeRole calls to obtain them | %,d |%n", assumeRoles);
			System.out.printf("| STS clients | %d |%n", stack.roles.stsClientCount());
			System.out.printf("| live threads before / after | %d / %d |%n", threads0, threads);
			System.out.printf("| retained heap per role (credentials fetched) | %.1f KiB |%n",
					(heapRoles - heap0) / 1024.0 / accounts);
			System.out.printf("| retained heap per client (one call made) | %.1f KiB |%n",
					(heapClients - heapRoles) / 1024.0 / (accounts * REGIONS.length * 2));
			// Every role fetched within seconds of the others; each is refreshed once in
			// the first half of its prefetch window, at a random time.
			Instant deadline = Instant.now().plus(LIFETIME);
			while (scheduled(attempts) < accounts && Instant.now().isBefore(deadline)) {
				Thread.sleep(500);
			}
			spread(attempts, accounts);
		}
	}

	private static void spread(ConcurrentLinkedQueue<RefreshAttempt> attempts, int accounts) {
		Map<Long, Integer> perSecond = new TreeMap<>();
		Instant first = null;
		Instant last = null;
		for (RefreshAttempt attempt : attempts) {
			if (attempt.trigger() != RefreshAttempt.Trigger.SCHEDULED) {
				continue;
			}
			Instant at = attempt.startedAt();
			perSecond.merge(at.getEpochSecond(), 1, Integer::sum);
			first = (first == null || at.isBefore(first)) ? at : first;
			last = (last == null || at.isAfter(last)) ? at : last;
		}
		int peak = perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0);
		System.out.printf("| background refreshes in the run | %,d of %,d roles |%n", scheduled(attempts), accounts);
		System.out.printf("| spread of those refreshes | %d s (half the %d s prefetch window: %d s) |%n",
				(first != null) ? Duration.between(first, last).toSeconds() : 0, PREFETCH.toSeconds(),
				PREFETCH.toSeconds() / 2);
		System.out.printf("| busiest second of refreshes | %d (all at once would be %,d) |%n%n", peak, accounts);
	}

	private static long scheduled(ConcurrentLinkedQueue<RefreshAttempt> attempts) {
		return attempts.stream().filter((attempt) -> attempt.trigger() == RefreshAttempt.Trigger.SCHEDULED).count();
	}

	private static void churn(URI endpoint, StsStub sts, int roles, int cacheSize) throws Exception {
		AtomicInteger clientsClosed = new AtomicInteger();
		AwsClientListener closed = new AwsClientListener() {

			@Override
			public void onEvicted(AwsClientInfo client, EvictionCause cause) {
				clientsClosed.incrementAndGet();
			}

		};
		try (Stack stack = new Stack(endpoint, sts, cacheSize, (attempt) -> {
		}, closed)) {
			AtomicInteger rolesRemoved = new AtomicInteger();
			stack.roles.onRunTimeRoleRemoved((name) -> rolesRemoved.incrementAndGet());
			System.out.printf("### %,d run-time roles through a cache of %d%n%n", roles, cacheSize);
			System.out.println("| roles so far | roles held | clients held | live threads | retained heap |");
			System.out.println("|---:|---:|---:|---:|---:|");
			long heap0 = settledHeap();
			for (int i = 0; i < roles; i++) {
				AssumeRoleSpec spec = AssumeRoleSpec.of("arn:aws:iam::" + account(i) + ":role/Tenant", "tenant-" + i);
				AwsSession session = stack.registry.session(spec);
				session.client(S3Client.class).listBuckets();
				if ((i + 1) % (roles / 4) == 0) {
					System.out.printf("| %,d | %d | %d | %d | %.1f MiB |%n", i + 1, stack.roles.runTimeRoleCount(),
							stack.registry.size(), liveThreads(), (settledHeap() - heap0) / (1024.0 * 1024.0));
				}
			}
			System.out.printf("%nRoles evicted: %,d (each stopped and its clients closed: %,d clients closed)%n%n",
					rolesRemoved.get(), clientsClosed.get());
		}
	}

	private static String account(int i) {
		return String.format("%012d", 100_000_000_000L + i);
	}

	private static int liveThreads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	private static long settledHeap() throws InterruptedException {
		for (int i = 0; i < 4; i++) {
			System.gc();
			Thread.sleep(200);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/**
	 * Roles and a registry wired as the auto-configuration wires them.
	 */
	private static final class Stack implements AutoCloseable {

		final SdkHttpClient httpClient = Apache5HttpClient.builder().maxConnections(50).build();

		final SharedClientResources resources = new SharedClientResources(() -> this.httpClient, () -> null);

		final RoleCredentialsProviders roles;

		final AwsClientRegistry registry;

		Stack(URI endpoint, StsStub sts, int maxRoles, RefreshListener listener, @Nullable AwsClientListener clients) {
			StsEndpoint stsEndpoint = new StsEndpoint(Region.US_EAST_1, sts.endpoint());
			RoleDefinition template = new RoleDefinition("scanner",
					new RoleSource.AssumeRole(AssumeRoleSpec.of("arn:aws:iam::{account}:role/SecurityAudit", "scanner"),
							null, stsEndpoint),
					new RefreshSettings(true, PREFETCH, Duration.ofSeconds(10)));
			this.roles = RoleCredentialsProviders.builder(Registries.CREDENTIALS)
				.role(new RoleDefinition("default", new RoleSource.Direct(), RefreshSettings.DEFAULTS))
				.role(template)
				.listener(listener)
				.httpClient(this.httpClient)
				.scheduler(this.resources.scheduler())
				.runTimeRoles(maxRoles, Duration.ofHours(1), stsEndpoint)
				.build();
			AwsClientRegistry.Builder registry = AwsClientRegistry.builder(this.resources)
				.roles(this.roles)
				.region(Region.US_EAST_1)
				.endpoint(endpoint)
				.s3PathStyleAccess(true)
				.cache(100_000, Duration.ofHours(1));
			if (clients != null) {
				registry.listeners(List.of(clients));
			}
			this.registry = registry.build();
		}

		@Override
		public void close() {
			this.registry.close();
			this.roles.close();
			this.resources.close();
			this.httpClient.close();
		}

	}

}
