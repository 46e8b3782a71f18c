package io.awsrefresh.credentials;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * Creates the provider of a role, configured at startup or asked for at run time, on what
 * every role shares: the source credentials, the fetch threads and timer, the listeners,
 * and one STS client per set of calling credentials and STS endpoint. Closing it closes
 * the STS clients and the HTTP clients of the IoT roles.
 */
final class RoleFactory implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(RoleFactory.class);

	/**
	 * Well above the few seconds a healthy STS takes, so that a slow STS is still heard:
	 * only one fetch per role is ever in flight, so a long wait costs one thread, never a
	 * herd of callers.
	 */
	private static final Duration STS_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration STS_CALL_TIMEOUT = Duration.ofSeconds(60);

	/**
	 * The most fetches in flight at once to one STS endpoint, IoT credentials endpoint or
	 * custom source: what one slow endpoint can hold of the shared fetch threads, and the
	 * most connections STS holds of the shared HTTP client per endpoint.
	 */
	static final int FETCHES_PER_ENDPOINT = 4;

	/**
	 * STS's global endpoint, region {@code aws-global}'s, as {@link #origin} writes it.
	 */
	private static final String GLOBAL_STS = "https://sts.amazonaws.com:443";

	/**
	 * A region's own STS endpoint given as an override, as {@link #origin} writes it.
	 */
	private static final Pattern REGIONAL_STS = Pattern
		.compile("https://sts\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?:443");

	private final AwsCredentialsProvider sourceCredentials;

	private final @Nullable MfaTokenProvider mfaTokenProvider;

	private final List<RefreshListener> listeners;

	private final RefreshRuntime runtime;

	private final FetchLanes lanes;

	private final ScheduledExecutorService scheduler;

	private final Supplier<@Nullable SdkHttpClient> httpClient;

	private final List<StsClientCustomizer> stsClientCustomizers;

	// Guarded by itself.
	private final Map<StsClientKey, StsClient> stsClients = new LinkedHashMap<>();

	// Guarded by stsClients.
	private boolean closed;

	// Each holds its role's device key: one per role. Guarded by itself.
	private final List<IotCredentialsFetcher> iotFetchers = new ArrayList<>();

	RoleFactory(AwsCredentialsProvider sourceCredentials, @Nullable MfaTokenProvider mfaTokenProvider,
			List<RefreshListener> listeners, RefreshRuntime runtime, ScheduledExecutorService scheduler,
			Supplier<@Nullable SdkHttpClient> httpClient, List<StsClientCustomizer> stsClientCustomizers) {
		this.sourceCredentials = sourceCredentials;
		// One code of a device is sent once, whichever roles share the device.
		this.mfaTokenProvider = (mfaTokenProvider != null) ? new OneUseMfaCodes(mfaTokenProvider) : null;
		this.listeners = List.copyOf(listeners);
		this.runtime = runtime;
		this.lanes = new FetchLanes(runtime.fetches(), FETCHES_PER_ENDPOINT);
		this.scheduler = scheduler;
		this.httpClient = httpClient;
		this.stsClientCustomizers = List.copyOf(stsClientCustomizers);
	}

	/**
	 * The provider of a role; its refresh engine, if any, is not started.
	 * @param role the role
	 * @param roles finds the provider of the role's source role
	 * @return the provider
	 */
	RoleCredentialsProvider create(RoleDefinition role, Function<String, @Nullable RoleCredentialsProvider> roles) {
		CredentialsFetcher fetcher;
		if (role.source() instanceof RoleSource.AssumeRole assumeRole) {
			RoleCredentialsProvider sourceRole = sourceRole(role, assumeRole, roles);
			// Built at the first fetch: a deferred role touches no SDK client at startup.
			fetcher = new AssumeRoleFetcher(role.name(), () -> stsClient(assumeRole.sts(), sourceRole),
					assumeRole.spec(), this.mfaTokenProvider);
		}
		else if (role.source() instanceof RoleSource.IotCertificate iot) {
			IotCredentialsFetcher iotFetcher = new IotCredentialsFetcher(iot.spec());
			synchronized (this.iotFetchers) {
				this.iotFetchers.add(iotFetcher);
			}
			fetcher = iotFetcher;
		}
		else if (role.source() instanceof RoleSource.Custom custom) {
			fetcher = () -> {
				var credentials = custom.source().fetch(role.name());
				if (credentials == null) {
					throw new IllegalStateException("the custom source returned no credentials");
				}
				return credentials;
			};
		}
		else {
			return RoleCredentialsProvider.direct(role, NonClosingCredentialsProvider.of(this.sourceCredentials));
		}
		RefreshRuntime lane = this.runtime.withFetches(this.lanes.lane(laneOf(role.source())));
		RefreshEngine engine = new RefreshEngine(role.name(), role.source(), fetcher, role.refresh(), lane,
				this.listeners);
		return RoleCredentialsProvider.refreshing(role, engine);
	}

	/**
	 * STS clients built so far, at the first fetch that needs each: one per set of
	 * calling credentials and STS endpoint.
	 */
	int stsClientCount() {
		synchronized (this.stsClients) {
			return this.stsClients.size();
		}
	}

	/**
	 * Start no fetch from now on: what is queued on the lanes is dropped. Called once the
	 * engines are closed and before the fetch threads are shut down, so that nothing
	 * queued starts on them.
	 */
	void stopFetches() {
		this.lanes.stop();
	}

	@Override
	public void close() {
		List<AutoCloseable> clients;
		synchronized (this.stsClients) {
			this.closed = true;
			clients = new ArrayList<>(this.stsClients.values());
			this.stsClients.clear();
		}
		synchronized (this.iotFetchers) {
			clients.addAll(this.iotFetchers);
			this.iotFetchers.clear();
		}
		for (AutoCloseable client : clients) {
			try {
				client.close();
			}
			catch (Exception ex) {
				logger.warn(
						"Failed to close "
								+ ((client instanceof StsClient) ? "an STS client" : "the HTTP client of an IoT role"),
						ex);
			}
		}
	}

	/**
	 * Where a role's fetches go, as the fetch lanes key them: the endpoint its STS calls
	 * reach (a region's own, however it is written, or an override's scheme, host and
	 * port, which serves every region it is given), its IoT credentials endpoint, or its
	 * custom source by bean name (a prototype bean is one source).
	 */
	static Object laneOf(RoleSource source) {
		if (source instanceof RoleSource.AssumeRole assumeRole) {
			URI override = assumeRole.sts().endpoint();
			if (override == null) {
				return "sts " + assumeRole.sts().region().id();
			}
			String origin = origin(override);
			if (GLOBAL_STS.equals(origin)) {
				// Where the SDK sends region aws-global.
				return "sts " + Region.AWS_GLOBAL.id();
			}
			Matcher regional = REGIONAL_STS.matcher(origin);
			return regional.matches() ? "sts " + regional.group(1) : origin;
		}
		if (source instanceof RoleSource.IotCertificate iot) {
			return origin(iot.spec().endpoint());
		}
		return (source instanceof RoleSource.Custom custom) ? "custom " + custom.name() : source;
	}

	/**
	 * An URI's scheme, host and port, in lower case and with the scheme's default port
	 * written out, so that one endpoint written two ways is one.
	 */
	private static String origin(URI uri) {
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "https";
		String host = (uri.getHost() != null) ? host(uri.getHost()) : String.valueOf(uri);
		int port = (uri.getPort() != -1) ? uri.getPort() : ("http".equals(scheme) ? 80 : 443);
		return scheme + "://" + host + ":" + port;
	}

	/**
	 * A host in lower case, an IPv6 literal in its one written form ({@code [::1]} and
	 * {@code [0:0:0:0:0:0:0:1]} are one host). A literal is parsed, never looked up.
	 */
	private static String host(String host) {
		if (host.startsWith("[") && host.endsWith("]")) {
			try {
				return "[" + InetAddress.getByName(host.substring(1, host.length() - 1)).getHostAddress() + "]";
			}
			catch (UnknownHostException ex) {
				// Not a literal after all: kept as written.
			}
		}
		return host.toLowerCase(Locale.ROOT);
	}

	private static @Nullable RoleCredentialsProvider sourceRole(RoleDefinition role, RoleSource.AssumeRole assumeRole,
			Function<String, @Nullable RoleCredentialsProvider> roles) {
		String sourceRole = assumeRole.sourceRole();
		if (sourceRole == null) {
			return null;
		}
		RoleCredentialsProvider source = roles.apply(sourceRole);
		if (source == null) {
			throw new IllegalArgumentException(
					"Role '" + role.name() + "' names source role '" + sourceRole + "', which must be added before it");
		}
		return source;
	}

	private StsClient stsClient(StsEndpoint endpoint, @Nullable RoleCredentialsProvider sourceRole) {
		StsClientKey key = new StsClientKey((sourceRole != null) ? sourceRole.roleName() : null, endpoint);
		synchronized (this.stsClients) {
			if (this.closed) {
				// A fetch that starts as the application shuts down must not leave a
				// client.
				throw new IllegalStateException("The application is shutting down");
			}
			return this.stsClients.computeIfAbsent(key, (k) -> buildStsClient(endpoint, sourceRole));
		}
	}

	private StsClient buildStsClient(StsEndpoint endpoint, @Nullable RoleCredentialsProvider sourceRole) {
		AwsCredentialsProvider credentials = (sourceRole != null) ? sourceRole
				: NonClosingCredentialsProvider.of(this.sourceCredentials);
		StsClientBuilder builder = StsClient.builder()
			.region(endpoint.region())
			.credentialsProvider(credentials)
			.overrideConfiguration(ClientOverrideConfiguration.builder()
				.apiCallAttemptTimeout(STS_ATTEMPT_TIMEOUT)
				.apiCallTimeout(STS_CALL_TIMEOUT)
				// Up to three attempts absorb a dropped connection; the refresh engine's
				// backoff handles anything longer.
				.retryStrategy(RetryMode.STANDARD)
				.scheduledExecutorService(this.scheduler)
				.build());
		if (endpoint.endpoint() != null) {
			builder.endpointOverride(endpoint.endpoint());
		}
		SdkHttpClient httpClient = this.httpClient.get();
		if (httpClient != null) {
			builder.httpClient(httpClient);
		}
		String callingRole = (sourceRole != null) ? sourceRole.roleName() : null;
		this.stsClientCustomizers
			.forEach((customizer) -> customizer.customize(builder, callingRole, endpoint.region()));
		// After the customizers, which may replace the whole override configuration: the
		// timeouts must never start a scheduler per client, and a chained role's STS
		// client must tell its source role about expired credentials.
		ClientOverrideConfiguration.Builder override = builder.overrideConfiguration().toBuilder();
		if (override.scheduledExecutorService() == null) {
			override.scheduledExecutorService(this.scheduler);
		}
		if (sourceRole != null) {
			override.addExecutionInterceptor(new ExpiredCredentialsInterceptor(sourceRole));
		}
		builder.overrideConfiguration(override.build());
		return builder.build();
	}

	private record StsClientKey(@Nullable String sourceRole, StsEndpoint endpoint) {

	}

}
