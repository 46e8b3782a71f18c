package io.awsrefresh.credentials;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.TlsKeyManagersProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Which provider each kind of role source makes, none of them started; how an assumed
 * role finds the role whose credentials call STS for it; and the STS clients the factory
 * owns: built at the first fetch that needs one, one per calling role and STS endpoint,
 * and closed with the factory. STS answers through a stub HTTP client, so nothing reaches
 * AWS.
 */
class RoleFactoryTests {

	private static final StsEndpoint IRELAND = new StsEndpoint(Region.EU_WEST_1, URI.create("http://127.0.0.1:9"));

	private static final StsEndpoint LONDON = new StsEndpoint(Region.EU_WEST_2, URI.create("http://127.0.0.1:9"));

	private final StsHttpStub http = new StsHttpStub();

	private final VirtualTime timer = new VirtualTime();

	private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

	private final RefreshRuntime runtime = new RefreshRuntime(Clock.systemUTC(), this.timer, Runnable::run,
			Backoff.DEFAULT, Duration.ofSeconds(30), Duration.ofMinutes(5), () -> 0.5);

	private final ClosingCredentials source = new ClosingCredentials("AKIDSOURCE");

	private final List<String> stsClientsBuilt = new CopyOnWriteArrayList<>();

	private final List<RefreshAttempt> attempts = new CopyOnWriteArrayList<>();

	private final RoleFactory factory = new RoleFactory(this.source, null, List.of(this.attempts::add), this.runtime,
			this.scheduler, () -> this.http, List.of((builder, callingRole, region) -> this.stsClientsBuilt
				.add(((callingRole != null) ? callingRole : "source") + " " + region)));

	private final Map<String, RoleCredentialsProvider> roles = new HashMap<>();

	@AfterEach
	void close() {
		this.roles.values().forEach((role) -> {
			if (role.engine() != null) {
				role.engine().close();
			}
		});
		this.factory.close();
		this.scheduler.shutdownNow();
	}

	@Test
	void theSourceCredentialsAsTheyAreMakeARoleWithoutAnEngineThatTheFactoryNeverCloses() {
		RoleCredentialsProvider role = create(
				new RoleDefinition("default", new RoleSource.Direct(), RefreshSettings.DEFAULTS));
		assertThat(role.engine()).isNull();
		assertThat(role.sourceKind()).isEqualTo(RoleSource.Kind.SOURCE_CREDENTIALS);
		assertThat(role.status().state()).isEqualTo(RefreshState.SOURCE_MANAGED);
		assertThat(role.resolveCredentials().accessKeyId()).isEqualTo("AKIDSOURCE");
		assertThat(role.roleArn()).isNull();
		this.factory.close();
		// The source credentials belong to whoever made the factory.
		assertThat(this.source.closes).hasValue(0);
		assertThat(role.resolveCredentials().accessKeyId()).isEqualTo("AKIDSOURCE");
		assertThat(this.http.requests()).isEmpty();
	}

	@Test
	void aCustomSourceIsAskedForTheRoleByNameOnFirstUseAndKeptFreshByAnEngine() {
		List<String> asked = new CopyOnWriteArrayList<>();
		RoleCredentialsProvider role = create(new RoleDefinition("vault", new RoleSource.Custom("broker", (name) -> {
			asked.add(name);
			return AwsSessionCredentials.builder()
				.accessKeyId("ASIAVAULT")
				.secretAccessKey("vault-secret")
				.sessionToken("vault-token")
				.expirationTime(Instant.now().plus(Duration.ofHours(1)))
				.build();
		}), RefreshSettings.DEFAULTS));
		assertThat(role.engine()).isNotNull();
		assertThat(role.sourceKind()).isEqualTo(RoleSource.Kind.CUSTOM);
		assertThat(role.status().state()).isEqualTo(RefreshState.PENDING);
		assertThat(asked).isEmpty();
		assertThat(role.resolveCredentials().accessKeyId()).isEqualTo("ASIAVAULT");
		assertThat(asked).containsExactly("vault");
		assertThat(role.status().state()).isEqualTo(RefreshState.FRESH);
		assertThat(this.attempts).singleElement().satisfies((attempt) -> assertThat(attempt.succeeded()).isTrue());
		assertThat(this.factory.stsClientCount()).isZero();
	}

	@Test
	void aCustomSourceThatReturnsNoCredentialsFailsTheFetchSayingSo() {
		RoleCredentialsProvider role = create(
				new RoleDefinition("vault", new RoleSource.Custom("broker", (name) -> null), RefreshSettings.DEFAULTS));
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(role::resolveCredentials)
			.withMessageContaining("the custom source returned no credentials");
		assertThat(this.attempts).singleElement().satisfies((attempt) -> assertThat(attempt.succeeded()).isFalse());
	}

	@Test
	void anIotCertificateRoleIsKeptFreshByAnEngineAndFetchesNothingUntilUsed() {
		IotCredentialsSpec spec = new IotCredentialsSpec(
				URI.create("https://c2abcdefgh1234.credentials.iot.eu-west-1.amazonaws.com"), "sensors", null,
				TlsKeyManagersProvider.noneProvider(), null);
		RoleCredentialsProvider role = create(
				new RoleDefinition("device", new RoleSource.IotCertificate(spec), RefreshSettings.DEFAULTS));
		assertThat(role.engine()).isNotNull();
		assertThat(role.sourceKind()).isEqualTo(RoleSource.Kind.IOT_CERTIFICATE);
		assertThat(role.status().state()).isEqualTo(RefreshState.PENDING);
		assertThat(role).hasToString("RoleCredentialsProvider[role=device, iotRoleAlias=sensors]");
		assertThat(this.attempts).isEmpty();
	}

	@Test
	void anAssumedRoleBuildsNoStsClientUntilItsFirstFetchThenCallsStsWithTheSourceCredentials() {
		RoleCredentialsProvider orders = create(assumed("orders", null, IRELAND));
		assertThat(orders.engine()).isNotNull();
		assertThat(orders.sourceKind()).isEqualTo(RoleSource.Kind.ASSUME_ROLE);
		assertThat(orders.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/orders");
		assertThat(orders.status().state()).isEqualTo(RefreshState.PENDING);
		assertThat(this.factory.stsClientCount()).isZero();
		assertThat(this.stsClientsBuilt).isEmpty();
		assertThat(orders.resolveCredentials().accessKeyId()).isEqualTo("ASIASTUB1");
		assertThat(this.factory.stsClientCount()).isOne();
		assertThat(this.stsClientsBuilt).containsExactly("source eu-west-1");
		assertThat(this.http.requests()).singleElement().satisfies((request) -> {
			assertThat(request.action()).isEqualTo("AssumeRole");
			assertThat(request.signedBy()).isEqualTo("AKIDSOURCE");
			assertThat(request.signedForRegion()).isEqualTo("eu-west-1");
			assertThat(request.http().getUri()).hasHost("127.0.0.1").hasPort(9);
			assertThat(request.body()).contains("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Forders");
		});
	}

	@Test
	void rolesCallingStsWithTheSameCredentialsAtTheSameEndpointShareOneClient() {
		create(assumed("orders", null, IRELAND)).resolveCredentials();
		create(assumed("billing", null, IRELAND)).resolveCredentials();
		assertThat(this.factory.stsClientCount()).isOne();
		create(assumed("reports", null, LONDON)).resolveCredentials();
		assertThat(this.factory.stsClientCount()).isEqualTo(2);
		assertThat(this.stsClientsBuilt).containsExactly("source eu-west-1", "source eu-west-2");
		assertThat(this.http.requests()).extracting(StsHttpStub.Request::signedForRegion)
			.containsExactly("eu-west-1", "eu-west-1", "eu-west-2");
	}

	@Test
	void aChainedRoleCallsStsWithItsSourceRolesCredentialsThroughAClientOfItsOwn() {
		RoleCredentialsProvider base = create(assumed("base", null, IRELAND));
		RoleCredentialsProvider chained = create(assumed("chained", "base", IRELAND));
		assertThat(chained.resolveCredentials().accessKeyId()).isEqualTo("ASIASTUB2");
		assertThat(this.http.requests()).extracting(StsHttpStub.Request::signedBy)
			.containsExactly("AKIDSOURCE", "ASIASTUB1");
		assertThat(base.resolveCredentials().accessKeyId()).isEqualTo("ASIASTUB1");
		assertThat(this.factory.stsClientCount()).isEqualTo(2);
		assertThat(this.stsClientsBuilt).containsExactlyInAnyOrder("base eu-west-1", "source eu-west-1");
	}

	@Test
	void aSourceRoleMustBeMadeBeforeTheRoleThatNamesIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> create(assumed("chained", "base", IRELAND)))
			.withMessage("Role 'chained' names source role 'base', which must be added before it");
	}

	@Test
	void closingTheFactoryClosesItsStsClientsButNotTheSharedHttpClientAndLaterFetchesFail() {
		List<ClosingCredentials> stsCredentials = new CopyOnWriteArrayList<>();
		RoleFactory tracking = new RoleFactory(this.source, null, List.of(), this.runtime, this.scheduler,
				() -> this.http, List.of((builder, callingRole, region) -> {
					// A client closes the credentials provider its builder holds: a
					// closeable one shows when the factory closes the client.
					ClosingCredentials credentials = new ClosingCredentials("AKIDSTS" + stsCredentials.size());
					stsCredentials.add(credentials);
					builder.credentialsProvider(credentials);
				}));
		RoleCredentialsProvider ireland = tracking.create(assumed("orders", null, IRELAND), this.roles::get);
		RoleCredentialsProvider london = tracking.create(assumed("reports", null, LONDON), this.roles::get);
		RoleCredentialsProvider late = tracking.create(assumed("late", null, IRELAND), this.roles::get);
		this.roles.put("orders", ireland);
		this.roles.put("reports", london);
		this.roles.put("late", late);
		ireland.resolveCredentials();
		london.resolveCredentials();
		assertThat(stsCredentials).hasSize(2).allSatisfy((credentials) -> assertThat(credentials.closes).hasValue(0));
		tracking.close();
		assertThat(tracking.stsClientCount()).isZero();
		// The SDK closes a client's credentials provider more than once: closed at all is
		// what counts.
		assertThat(stsCredentials).allSatisfy((credentials) -> assertThat(credentials.closes.get()).isPositive());
		assertThat(this.http.closes()).isZero();
		assertThat(this.source.closes).hasValue(0);
		// A fetch that starts as the application shuts down leaves no client behind.
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(late::resolveCredentials)
			.withMessageContaining("shutting down");
		assertThat(tracking.stsClientCount()).isZero();
		assertThat(stsCredentials).hasSize(2);
		assertThat(this.http.requests()).hasSize(2);
	}

	@Test
	void anStsEndpointOverrideWithItsDefaultPortSpelledOutIsTheSameEndpointsLane() {
		StsEndpoint plain = new StsEndpoint(Region.EU_WEST_1, URI.create("https://sts.eu-west-1.amazonaws.com"));
		StsEndpoint withPort = new StsEndpoint(Region.EU_WEST_1, URI.create("https://sts.eu-west-1.amazonaws.com:443"));
		assertThat(fetchesHandedToTheThreads(plain, plain)).isEqualTo(RoleFactory.FETCHES_PER_ENDPOINT);
		assertThat(fetchesHandedToTheThreads(plain, withPort)).as("fetches running at once on %s", withPort.endpoint())
			.isEqualTo(RoleFactory.FETCHES_PER_ENDPOINT);
	}

	@Test
	void anStsEndpointOverrideWhoseHostIsWrittenInCapitalsIsTheSameEndpointsLane() {
		StsEndpoint lower = new StsEndpoint(Region.EU_WEST_1, URI.create("https://sts.eu-west-1.amazonaws.com"));
		StsEndpoint upper = new StsEndpoint(Region.EU_WEST_1, URI.create("https://STS.EU-WEST-1.AMAZONAWS.COM"));
		assertThat(fetchesHandedToTheThreads(lower, upper)).as("fetches running at once on %s", upper.endpoint())
			.isEqualTo(RoleFactory.FETCHES_PER_ENDPOINT);
	}

	@Test
	void anOverrideNamingARegionsOwnStsEndpointIsThatRegionsLane() {
		StsEndpoint region = new StsEndpoint(Region.EU_WEST_1, null);
		StsEndpoint override = new StsEndpoint(Region.EU_WEST_1, URI.create("https://sts.eu-west-1.amazonaws.com"));
		assertThat(fetchesHandedToTheThreads(region, region)).isEqualTo(RoleFactory.FETCHES_PER_ENDPOINT);
		assertThat(fetchesHandedToTheThreads(region, override)).as("fetches running at once on %s", override.endpoint())
			.isEqualTo(RoleFactory.FETCHES_PER_ENDPOINT);
	}

	@Test
	void theGlobalStsEndpointAsAnOverrideIsRegionAwsGlobalsLane() {
		// The SDK sends aws-global to https://sts.amazonaws.com.
		StsEndpoint region = new StsEndpoint(Region.AWS_GLOBAL, null);
		StsEndpoint override = new StsEndpoint(Region.US_EAST_1, URI.create("https://sts.amazonaws.com"));
		assertThat(fetchesHandedToTheThreads(region, override)).as("fetches running at once on %s", override.endpoint())
			.isEqualTo(RoleFactory.FETCHES_PER_ENDPOINT);
	}

	/**
	 * An IPv6 literal has many spellings (zeros compressed or not), as a port may be
	 * written out or not: the lane keys the host as written, so one endpoint written two
	 * ways gets two lanes and twice its share of calls in flight.
	 */
	@Test
	void anStsEndpointOverrideOnAnIpv6HostWrittenTwoWaysIsTheSameEndpointsLane() {
		StsEndpoint compressed = new StsEndpoint(Region.EU_WEST_1, URI.create("http://[::1]:4566"));
		StsEndpoint full = new StsEndpoint(Region.EU_WEST_1, URI.create("http://[0:0:0:0:0:0:0:1]:4566"));
		assertThat(fetchesHandedToTheThreads(compressed, compressed)).isEqualTo(RoleFactory.FETCHES_PER_ENDPOINT);
		assertThat(fetchesHandedToTheThreads(compressed, full)).as("fetches running at once on %s", full.endpoint())
			.isEqualTo(RoleFactory.FETCHES_PER_ENDPOINT);
	}

	/**
	 * The first fetches of four roles on one endpoint, then of a fifth on another: how
	 * many the lanes hand to the fetch threads, which here only collect them (nothing
	 * runs, nothing reaches STS). On one lane the fifth queues: four.
	 */
	private int fetchesHandedToTheThreads(StsEndpoint four, StsEndpoint fifth) {
		List<Runnable> handed = new CopyOnWriteArrayList<>();
		RefreshRuntime collecting = new RefreshRuntime(Clock.systemUTC(), this.timer, handed::add, Backoff.DEFAULT,
				Duration.ofSeconds(30), Duration.ofMinutes(5), () -> 0.5);
		List<RefreshEngine> engines = new ArrayList<>();
		try (RoleFactory lanes = new RoleFactory(this.source, null, List.of(), collecting, this.scheduler,
				() -> this.http, List.of())) {
			for (int i = 1; i <= RoleFactory.FETCHES_PER_ENDPOINT + 1; i++) {
				StsEndpoint sts = (i <= RoleFactory.FETCHES_PER_ENDPOINT) ? four : fifth;
				RefreshEngine engine = lanes.create(assumed("role-" + i, null, sts), this.roles::get).engine();
				engines.add(engine);
				engine.startInitialFetch();
			}
		}
		finally {
			engines.forEach(RefreshEngine::close);
		}
		return handed.size();
	}

	private RoleCredentialsProvider create(RoleDefinition definition) {
		RoleCredentialsProvider role = this.factory.create(definition, this.roles::get);
		this.roles.put(definition.name(), role);
		return role;
	}

	private static RoleDefinition assumed(String name, String sourceRole, StsEndpoint sts) {
		return new RoleDefinition(name,
				new RoleSource.AssumeRole(AssumeRoleSpec.of("arn:aws:iam::123456789012:role/" + name, "test"),
						sourceRole, sts),
				RefreshSettings.DEFAULTS);
	}

	/**
	 * Credentials that count how often they are closed.
	 */
	private static final class ClosingCredentials implements AwsCredentialsProvider, SdkAutoCloseable {

		private final AwsCredentials credentials;

		private final AtomicInteger closes = new AtomicInteger();

		ClosingCredentials(String accessKeyId) {
			this.credentials = AwsBasicCredentials.create(accessKeyId, "not-a-secret");
		}

		@Override
		public AwsCredentials resolveCredentials() {
			return this.credentials;
		}

		@Override
		public void close() {
			this.closes.incrementAndGet();
		}

	}

}
