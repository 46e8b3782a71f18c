package io.awsrefresh.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.awsrefresh.credentials.ExpiredCredentialsInterceptor;
import io.awsrefresh.credentials.RefreshSettings;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleDefinition;
import io.awsrefresh.credentials.RoleSource;
import io.awsrefresh.credentials.StsHttpStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sts.StsAsyncClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What a built client is given: the key's region, endpoint and S3 addressing, the role's
 * credentials in a form the client cannot close, the shared HTTP clients, scheduler and
 * completion executor, the customizers that accept its builder in order, and after them
 * the shared scheduler and the expired-credentials interceptor they cannot undo. Every
 * call goes to a stub HTTP client: nothing reaches AWS.
 */
class ClientFactoryTests {

	private static final URI EMULATOR = URI.create("http://127.0.0.1:4566");

	private final StsHttpStub http = new StsHttpStub();

	private final HeldAsyncHttpClient asyncHttp = new HeldAsyncHttpClient();

	private final SharedClientResources resources = new SharedClientResources(() -> this.http, () -> this.asyncHttp, 2);

	private final Map<String, AwsCredentialsProvider> roles = new HashMap<>(
			Map.of("default", credentials("AKIDDEFAULT"), "audit", credentials("AKIDAUDIT")));

	private final List<String> credentialsAskedFor = new CopyOnWriteArrayList<>();

	private final List<SdkAutoCloseable> closeables = new ArrayList<>();

	@AfterEach
	void close() {
		this.closeables.forEach(SdkAutoCloseable::close);
		this.resources.close();
	}

	@Test
	void aClientGoesToTheKeysRegionAndEndpointSignedWithItsRolesCredentials() {
		StsClient sts = build(factory(), new ClientKey(StsClient.class, "audit", Region.EU_WEST_2, EMULATOR, false));
		assertThat(this.credentialsAskedFor).containsExactly("audit");
		assertThat(sts.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_2);
		assertThat(sts.serviceClientConfiguration().endpointOverride()).hasValue(EMULATOR);
		assertThat(sts.getCallerIdentity().account()).isEqualTo(StsHttpStub.ACCOUNT);
		StsHttpStub.Request request = this.http.requests().get(0);
		assertThat(request.http().getUri()).hasHost("127.0.0.1").hasPort(4566);
		assertThat(request.signedBy()).isEqualTo("AKIDAUDIT");
		assertThat(request.signedForRegion()).isEqualTo("eu-west-2");
	}

	@Test
	void withoutAnEndpointAClientGoesToAwsOwnEndpointOfItsRegion() {
		StsClient sts = build(factory(), new ClientKey(StsClient.class, "default", Region.AP_SOUTH_1, null, false));
		assertThat(sts.serviceClientConfiguration().endpointOverride()).isEmpty();
		sts.getCallerIdentity();
		assertThat(this.http.requests().get(0).http().getUri()).hasHost("sts.ap-south-1.amazonaws.com");
		assertThat(this.http.requests().get(0).signedBy()).isEqualTo("AKIDDEFAULT");
	}

	@Test
	void pathStyleAccessIsForcedOnS3ClientsOnlyWhenTheKeySaysSo() {
		ClientFactory factory = factory();
		S3Client pathStyle = build(factory, new ClientKey(S3Client.class, "default", Region.EU_WEST_1, null, true));
		S3Client virtualHosted = build(factory,
				new ClientKey(S3Client.class, "default", Region.EU_WEST_1, null, false));
		S3Client emulator = build(factory, new ClientKey(S3Client.class, "default", Region.EU_WEST_1, EMULATOR, true));
		assertThat(pathStyle.utilities().getUrl((url) -> url.bucket("bucket").key("key")))
			.hasToString("https://s3.eu-west-1.amazonaws.com/bucket/key");
		assertThat(virtualHosted.utilities().getUrl((url) -> url.bucket("bucket").key("key")))
			.hasToString("https://bucket.s3.eu-west-1.amazonaws.com/key");
		assertThat(emulator.utilities().getUrl((url) -> url.bucket("bucket").key("key")))
			.hasToString("http://127.0.0.1:4566/bucket/key");
	}

	@Test
	void pathStyleAccessOnAnotherServiceFailsNamingTheType() {
		assertThatIllegalStateException()
			.isThrownBy(() -> factory().build(new ClientKey(SqsClient.class, "default", Region.EU_WEST_1, null, true)))
			.withMessage("path-style-access is only supported by S3 clients, not " + SqsClient.class.getName());
	}

	@Test
	void syncClientsShareTheHttpClientAndClosingOneClosesNeitherItNorTheRolesCredentials() {
		ClosingCredentials closeable = new ClosingCredentials("AKIDCLOSEABLE");
		this.roles.put("closeable", closeable);
		ClientFactory factory = factory();
		StsClient first = (StsClient) factory
			.build(new ClientKey(StsClient.class, "closeable", Region.EU_WEST_1, null, false));
		StsClient second = build(factory, new ClientKey(StsClient.class, "closeable", Region.EU_WEST_2, null, false));
		first.getCallerIdentity();
		second.getCallerIdentity();
		first.close();
		assertThat(this.http.requests()).extracting(StsHttpStub.Request::signedBy)
			.containsExactly("AKIDCLOSEABLE", "AKIDCLOSEABLE");
		assertThat(this.http.closes()).isZero();
		assertThat(closeable.closes).hasValue(0);
		// The other client still works on the shared HTTP client.
		assertThat(second.getCallerIdentity().account()).isEqualTo(StsHttpStub.ACCOUNT);
	}

	@Test
	void asyncClientsUseTheSharedAsyncHttpClientAndCompleteOnTheSharedCompletionThreads() throws Exception {
		StsAsyncClient sts = build(factory(),
				new ClientKey(StsAsyncClient.class, "default", Region.EU_WEST_1, null, false));
		CompletableFuture<Thread> completedOn = sts.getCallerIdentity().thenApply((response) -> Thread.currentThread());
		this.asyncHttp.answer(
				"<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
						+ "<Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>");
		Thread thread = completedOn.get(30, TimeUnit.SECONDS);
		assertThat(thread.getName()).startsWith("aws-refresh-async-");
		assertThat(thread.isDaemon()).isTrue();
		assertThat(this.http.requests()).isEmpty();
	}

	@Test
	void timedTasksRunOnTheSharedSchedulerEvenWhenACustomizerReplacesTheOverrideConfiguration() throws Exception {
		AwsClientCustomizer<AwsClientBuilder<?, ?>> replacing = (builder, role, region) -> builder
			.overrideConfiguration(ClientOverrideConfiguration.builder().build());
		ClientFactory factory = new ClientFactory(this.roles::get, this.resources, List.of(replacing),
				AwsClientRegistry.DEFAULT_PRESIGN_MINIMUM_VALIDITY);
		StsClient sts = build(factory, new ClientKey(StsClient.class, "default", Region.EU_WEST_1, null, false));
		ScheduledExecutorService scheduler = sts.serviceClientConfiguration()
			.overrideConfiguration()
			.scheduledExecutorService()
			.orElseThrow();
		Thread thread = scheduler.schedule(Thread::currentThread, 1, TimeUnit.MILLISECONDS).get(30, TimeUnit.SECONDS);
		assertThat(thread.getName()).startsWith("aws-refresh-scheduler-");
	}

	@Test
	void aSchedulerACustomizerSetsIsKept() throws Exception {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("own-scheduler-");
		ScheduledExecutorService own = Executors.newSingleThreadScheduledExecutor(threads);
		try {
			AwsClientCustomizer<AwsClientBuilder<?, ?>> ownScheduler = (builder, role, region) -> builder
				.overrideConfiguration(
						builder.overrideConfiguration().toBuilder().scheduledExecutorService(own).build());
			ClientFactory factory = new ClientFactory(this.roles::get, this.resources, List.of(ownScheduler),
					AwsClientRegistry.DEFAULT_PRESIGN_MINIMUM_VALIDITY);
			StsClient sts = build(factory, new ClientKey(StsClient.class, "default", Region.EU_WEST_1, null, false));
			Thread thread = sts.serviceClientConfiguration()
				.overrideConfiguration()
				.scheduledExecutorService()
				.orElseThrow()
				.schedule(Thread::currentThread, 1, TimeUnit.MILLISECONDS)
				.get(30, TimeUnit.SECONDS);
			assertThat(thread.getName()).startsWith("own-scheduler-");
		}
		finally {
			own.shutdownNow();
		}
	}

	@Test
	void customizersRunInOrderOnTheBuildersTheyAcceptWithTheKeysRoleAndRegion() {
		List<String> calls = new CopyOnWriteArrayList<>();
		AwsClientCustomizer<AwsClientBuilder<?, ?>> first = (builder, role, region) -> calls
			.add("first " + role + " " + region);
		AwsClientCustomizer<SqsClientBuilder> sqsLambda = (builder, role, region) -> calls
			.add("sqs lambda " + role + " " + region);
		AwsClientCustomizer<AwsClientBuilder<?, ?>> last = (builder, role, region) -> calls
			.add("last " + role + " " + region);
		ClientFactory factory = new ClientFactory(this.roles::get, this.resources,
				List.of(first, new S3Customizer(calls), sqsLambda, last),
				AwsClientRegistry.DEFAULT_PRESIGN_MINIMUM_VALIDITY);
		build(factory, new ClientKey(S3Client.class, "audit", Region.EU_WEST_3, null, false));
		build(factory, new ClientKey(SqsClient.class, "default", Region.EU_WEST_1, null, false));
		build(factory, new ClientKey(StsClient.class, "default", Region.US_EAST_1, null, false));
		assertThat(calls).containsExactly("first audit eu-west-3", "s3 class audit eu-west-3", "last audit eu-west-3",
				"first default eu-west-1", "sqs lambda default eu-west-1", "last default eu-west-1",
				"first default us-east-1", "last default us-east-1");
	}

	@Test
	void aRolesClientsTellItAboutExpiredCredentialsAndOtherClientsCarryNoSuchInterceptor() {
		try (RoleCredentialsProviders providers = RoleCredentialsProviders.builder(credentials("AKIDSOURCE"))
			.role(new RoleDefinition("default", new RoleSource.Direct(), RefreshSettings.DEFAULTS))
			.withoutRunTimeRoles()
			.build()) {
			RoleCredentialsProvider role = providers.defaultRole();
			this.roles.put("role", role);
			// A customizer that replaces the override configuration cannot drop it.
			AwsClientCustomizer<AwsClientBuilder<?, ?>> replacing = (builder, name, region) -> builder
				.overrideConfiguration(ClientOverrideConfiguration.builder().build());
			ClientFactory factory = new ClientFactory(this.roles::get, this.resources, List.of(replacing),
					AwsClientRegistry.DEFAULT_PRESIGN_MINIMUM_VALIDITY);
			StsClient roleClient = build(factory,
					new ClientKey(StsClient.class, "role", Region.EU_WEST_1, null, false));
			StsClient staticClient = build(factory,
					new ClientKey(StsClient.class, "default", Region.EU_WEST_1, null, false));
			assertThat(roleClient.serviceClientConfiguration().overrideConfiguration().executionInterceptors())
				.filteredOn(ExpiredCredentialsInterceptor.class::isInstance)
				.singleElement()
				.hasToString("ExpiredCredentialsInterceptor[role=default]");
			assertThat(staticClient.serviceClientConfiguration().overrideConfiguration().executionInterceptors())
				.noneMatch(ExpiredCredentialsInterceptor.class::isInstance);
			roleClient.getCallerIdentity();
			assertThat(this.http.requests().get(0).signedBy()).isEqualTo("AKIDSOURCE");
		}
	}

	@Test
	void serviceSettingsApplyToTheirOwnServiceOnlyAndS3PathStyleKeepsTheRegionAndEndpointSetBefore() {
		ClientDefaults defaults = new ClientDefaults(Region.EU_WEST_1, EMULATOR,
				Map.of("sqs", new ServiceSettings(Region.EU_WEST_2, URI.create("http://127.0.0.1:9324"), false)));
		assertThat(defaults.service("sqs"))
			.isEqualTo(new ServiceSettings(Region.EU_WEST_2, URI.create("http://127.0.0.1:9324"), false));
		assertThat(defaults.service("s3")).isSameAs(ServiceSettings.NONE);
		try (AwsClientRegistry registry = AwsClientRegistry.builder(this.resources)
			.role("default", credentials("AKIDDEFAULT"))
			.region(Region.EU_WEST_1)
			.endpoint(EMULATOR)
			.service("s3", Region.EU_CENTRAL_1, URI.create("http://127.0.0.1:9000"))
			.s3PathStyleAccess(true)
			.service("sqs", Region.EU_WEST_2, null)
			.build()) {
			S3Client s3 = registry.client(S3Client.class);
			assertThat(s3.serviceClientConfiguration().region()).isEqualTo(Region.EU_CENTRAL_1);
			assertThat(s3.utilities().getUrl((url) -> url.bucket("bucket").key("key")))
				.hasToString("http://127.0.0.1:9000/bucket/key");
			SqsClient sqs = registry.client(SqsClient.class);
			assertThat(sqs.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_2);
			// A service without an endpoint of its own goes to the default one.
			assertThat(sqs.serviceClientConfiguration().endpointOverride()).hasValue(EMULATOR);
			StsClient sts = registry.client(StsClient.class);
			assertThat(sts.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
			assertThat(sts.serviceClientConfiguration().endpointOverride()).hasValue(EMULATOR);
		}
	}

	private ClientFactory factory() {
		return new ClientFactory((role) -> {
			this.credentialsAskedFor.add(role);
			return this.roles.get(role);
		}, this.resources, List.of(), AwsClientRegistry.DEFAULT_PRESIGN_MINIMUM_VALIDITY);
	}

	@SuppressWarnings("unchecked")
	private <T extends SdkClient> T build(ClientFactory factory, ClientKey key) {
		SdkClient client = factory.build(key);
		this.closeables.add(client);
		return (T) client;
	}

	private static StaticCredentialsProvider credentials(String accessKeyId) {
		return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "not-a-secret"));
	}

	/**
	 * A customizer whose type argument is read from its class.
	 */
	private static final class S3Customizer implements AwsClientCustomizer<S3ClientBuilder> {

		private final List<String> calls;

		S3Customizer(List<String> calls) {
			this.calls = calls;
		}

		@Override
		public void customize(S3ClientBuilder builder, String role, Region region) {
			this.calls.add("s3 class " + role + " " + region);
		}

	}

	/**
	 * Credentials that a client would close, if it were given them as they are.
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

	/**
	 * An async HTTP client that holds each request until the test answers it, on the
	 * test's thread.
	 */
	private static final class HeldAsyncHttpClient implements SdkAsyncHttpClient {

		private final BlockingQueue<Held> held = new LinkedBlockingQueue<>();

		@Override
		public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
			CompletableFuture<Void> done = new CompletableFuture<>();
			this.held.add(new Held(request, done));
			return done;
		}

		void answer(String body) throws InterruptedException {
			Held request = this.held.poll(30, TimeUnit.SECONDS);
			assertThat(request).as("a request reached the async HTTP client").isNotNull();
			request.request()
				.responseHandler()
				.onHeaders(SdkHttpResponse.builder().statusCode(200).putHeader("Content-Type", "text/xml").build());
			request.request().responseHandler().onStream(AsyncRequestBody.fromString(body));
			request.done().complete(null);
		}

		@Override
		public void close() {
		}

		private record Held(AsyncExecuteRequest request, CompletableFuture<Void> done) {

		}

	}

}
