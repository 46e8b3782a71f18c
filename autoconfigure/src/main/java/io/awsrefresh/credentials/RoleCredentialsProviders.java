package io.awsrefresh.credentials;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * The credentials of every configured role, by name, and the owner of everything behind
 * them: the source credentials, the STS clients, the threads that fetch credentials and
 * each role's refresh engine. {@link #close()} releases all of it.
 * <p>
 * Assumed and custom roles are kept fresh by a {@link RefreshEngine} each. Fetches run on
 * a few shared threads, so at most that many STS calls are ever in flight and STS can
 * never take more than that many connections of a shared HTTP client. Roles that call STS
 * with the same credentials at the same endpoint share one STS client.
 *
 * @since 0.1.0
 */
public final class RoleCredentialsProviders implements AutoCloseable {

	/**
	 * Name of the default role.
	 */
	public static final String DEFAULT_ROLE = "default";

	private static final Log logger = LogFactory.getLog(RoleCredentialsProviders.class);

	/**
	 * Threads that fetch credentials, shared by all roles: the most STS calls in flight
	 * at once.
	 */
	private static final int FETCH_THREADS = 4;

	/**
	 * Well above the few seconds a healthy STS takes, so that a slow STS is still heard:
	 * only one fetch per role is ever in flight, so a long wait costs one thread, never a
	 * herd of callers.
	 */
	private static final Duration STS_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration STS_CALL_TIMEOUT = Duration.ofSeconds(60);

	/**
	 * How long startup waits for the credentials of roles fetched at startup: beyond the
	 * STS call timeout, for custom sources that do not bound their calls.
	 */
	private static final Duration STARTUP_WAIT = Duration.ofSeconds(90);

	private final Map<String, RoleCredentialsProvider> providers;

	private final Deque<AutoCloseable> resources;

	private RoleCredentialsProviders(Map<String, RoleCredentialsProvider> providers, Deque<AutoCloseable> resources) {
		this.providers = Collections.unmodifiableMap(providers);
		this.resources = resources;
	}

	/**
	 * Start building the providers.
	 * @param sourceCredentials credentials that call STS for roles without a source role;
	 * closed by {@link #close()} when closeable
	 * @return a builder
	 */
	public static Builder builder(AwsCredentialsProvider sourceCredentials) {
		return new Builder(sourceCredentials);
	}

	/**
	 * Credentials of the default role.
	 * @return the default role's provider
	 */
	public RoleCredentialsProvider defaultRole() {
		return get(DEFAULT_ROLE);
	}

	/**
	 * Credentials of a role.
	 * @param roleName the role name
	 * @return the role's provider
	 * @throws UnknownRoleException if no such role is configured
	 */
	public RoleCredentialsProvider get(String roleName) {
		RoleCredentialsProvider provider = this.providers.get(roleName);
		if (provider == null) {
			throw new UnknownRoleException(roleName, roleNames());
		}
		return provider;
	}

	/**
	 * Names of the configured roles, the default role first.
	 * @return the role names
	 */
	public Set<String> roleNames() {
		return this.providers.keySet();
	}

	/**
	 * Status of every role. Never calls STS.
	 * @return one status per role, the default role first
	 */
	public List<RefreshStatus> status() {
		return this.providers.values().stream().map(RoleCredentialsProvider::status).toList();
	}

	/**
	 * Stop every refresh, then close the fetch threads, the STS clients, the source
	 * credentials and the scheduler if it was not given.
	 */
	@Override
	public void close() {
		closeAll(this.resources);
	}

	private static void closeAll(Deque<AutoCloseable> resources) {
		AutoCloseable resource;
		while ((resource = resources.pollFirst()) != null) {
			try {
				resource.close();
			}
			catch (Exception ex) {
				logger.warn("Failed to close " + resource, ex);
			}
		}
	}

	/**
	 * Builds {@link RoleCredentialsProviders}; anything built before a failure is closed
	 * again.
	 */
	public static final class Builder {

		private final AwsCredentialsProvider sourceCredentials;

		private final List<RoleDefinition> roles = new ArrayList<>();

		private final List<RefreshListener> listeners = new ArrayList<>();

		private @Nullable MfaTokenProvider mfaTokenProvider;

		private @Nullable SdkHttpClient httpClient;

		private @Nullable ScheduledExecutorService scheduler;

		private final List<StsClientCustomizer> stsClientCustomizers = new ArrayList<>();

		private Builder(AwsCredentialsProvider sourceCredentials) {
			this.sourceCredentials = sourceCredentials;
		}

		/**
		 * Add a role. A role's source role must have been added before it.
		 * @param role the role
		 * @return this builder
		 */
		public Builder role(RoleDefinition role) {
			this.roles.add(role);
			return this;
		}

		/**
		 * Add a listener told about every fetch attempt of every role, after the
		 * starter's own logging.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(RefreshListener listener) {
			this.listeners.add(listener);
			return this;
		}

		/**
		 * Set the provider of MFA token codes, required by roles with a serial number.
		 * @param mfaTokenProvider the provider
		 * @return this builder
		 */
		public Builder mfaTokenProvider(@Nullable MfaTokenProvider mfaTokenProvider) {
			this.mfaTokenProvider = mfaTokenProvider;
			return this;
		}

		/**
		 * Set the HTTP client every STS client shares; its owner closes it. Without one,
		 * each STS client builds (and closes) the SDK's default.
		 * @param httpClient the shared HTTP client
		 * @return this builder
		 */
		public Builder httpClient(@Nullable SdkHttpClient httpClient) {
			this.httpClient = httpClient;
			return this;
		}

		/**
		 * Set the scheduler for background refreshes, retries and the STS clients'
		 * timeouts; its owner closes it. Without one, a scheduler of one daemon thread is
		 * created and closed with the providers.
		 * @param scheduler the shared scheduler
		 * @return this builder
		 */
		public Builder scheduler(@Nullable ScheduledExecutorService scheduler) {
			this.scheduler = scheduler;
			return this;
		}

		/**
		 * Add a callback applied to the builder of every STS client, after the ones added
		 * before it.
		 * @param customizer the callback
		 * @return this builder
		 */
		public Builder stsClientCustomizer(StsClientCustomizer customizer) {
			this.stsClientCustomizers.add(customizer);
			return this;
		}

		/**
		 * Build every role's provider; roles without deferred refresh fetch their first
		 * credentials now, all at once.
		 * @return the providers
		 * @throws RoleCredentialsException if a role without deferred refresh cannot
		 * obtain credentials
		 */
		public RoleCredentialsProviders build() {
			Deque<AutoCloseable> resources = new ArrayDeque<>();
			try {
				return build(resources);
			}
			catch (RuntimeException ex) {
				closeAll(resources);
				throw ex;
			}
		}

		private RoleCredentialsProviders build(Deque<AutoCloseable> resources) {
			if (this.sourceCredentials instanceof AutoCloseable closeable) {
				resources.push(closeable);
			}
			ScheduledExecutorService scheduler = this.scheduler;
			if (scheduler == null) {
				ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1,
						daemonThreads("aws-refresh-credentials-timer-"));
				own.setRemoveOnCancelPolicy(true);
				resources.push(own::shutdownNow);
				scheduler = own;
			}
			ThreadPoolExecutor fetches = new ThreadPoolExecutor(FETCH_THREADS, FETCH_THREADS, 30, TimeUnit.SECONDS,
					new LinkedBlockingQueue<>(), daemonThreads("aws-refresh-credentials-"));
			fetches.allowCoreThreadTimeOut(true);
			resources.push(() -> shutDown(fetches));
			RefreshRuntime runtime = new RefreshRuntime(Clock.systemUTC(), RefreshTimer.on(scheduler), fetches,
					Backoff.DEFAULT, RefreshRuntime.DEFAULT_MAX_WAIT, RefreshRuntime.DEFAULT_WARN_INTERVAL,
					() -> ThreadLocalRandom.current().nextDouble());
			StsClients stsClients = new StsClients(scheduler, resources);
			Map<String, RoleCredentialsProvider> providers = new LinkedHashMap<>();
			List<RefreshEngine> engines = new ArrayList<>();
			for (RoleDefinition role : this.roles) {
				RoleCredentialsProvider provider = create(role, providers, stsClients, runtime);
				providers.put(role.name(), provider);
				RefreshEngine engine = provider.engine();
				if (engine != null) {
					engines.add(engine);
				}
			}
			// Pushed last, so closed first: no refresh starts once clients close.
			resources.push(() -> engines.forEach(RefreshEngine::close));
			List<RefreshEngine> eager = this.roles.stream()
				.filter((role) -> !role.refresh().deferRefresh())
				.map((role) -> providers.get(role.name()).engine())
				.filter((engine) -> engine != null)
				.toList();
			Map<RefreshEngine, CompletableFuture<?>> initial = new LinkedHashMap<>();
			eager.forEach((engine) -> initial.put(engine, engine.startInitialFetch()));
			initial.forEach((engine, fetch) -> engine.awaitInitialFetch(fetch, STARTUP_WAIT));
			return new RoleCredentialsProviders(providers, resources);
		}

		private RoleCredentialsProvider create(RoleDefinition role, Map<String, RoleCredentialsProvider> built,
				StsClients stsClients, RefreshRuntime runtime) {
			CredentialsFetcher fetcher;
			if (role.source() instanceof RoleSource.AssumeRole assumeRole) {
				RoleCredentialsProvider sourceRole = sourceRole(role, assumeRole, built);
				StsClient sts = stsClients.get(assumeRole.sts(), sourceRole);
				fetcher = new AssumeRoleFetcher(role.name(), sts, assumeRole.spec(), this.mfaTokenProvider);
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
				return RoleCredentialsProvider.direct(role.name(),
						NonClosingCredentialsProvider.of(this.sourceCredentials));
			}
			RefreshEngine engine = new RefreshEngine(role.name(), role.source(), fetcher, role.refresh(), runtime,
					this.listeners);
			return RoleCredentialsProvider.refreshing(role.name(), role.source(), engine);
		}

		private @Nullable RoleCredentialsProvider sourceRole(RoleDefinition role, RoleSource.AssumeRole assumeRole,
				Map<String, RoleCredentialsProvider> built) {
			String sourceRole = assumeRole.sourceRole();
			if (sourceRole == null) {
				return null;
			}
			RoleCredentialsProvider source = built.get(sourceRole);
			if (source == null) {
				throw new IllegalArgumentException("Role '" + role.name() + "' names source role '" + sourceRole
						+ "', which must be added before it");
			}
			return source;
		}

		private static void shutDown(ThreadPoolExecutor executor) throws InterruptedException {
			// A fetch still in flight fails against its closed STS client at once.
			executor.shutdownNow();
			executor.awaitTermination(5, TimeUnit.SECONDS);
		}

		private static CustomizableThreadFactory daemonThreads(String prefix) {
			CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
			threads.setDaemon(true);
			return threads;
		}

		/**
		 * One STS client per set of calling credentials and endpoint: every role assumed
		 * with the source credentials in a region shares one.
		 */
		private final class StsClients {

			private final ScheduledExecutorService scheduler;

			private final Deque<AutoCloseable> resources;

			private final Map<StsClientKey, StsClient> clients = new LinkedHashMap<>();

			StsClients(ScheduledExecutorService scheduler, Deque<AutoCloseable> resources) {
				this.scheduler = scheduler;
				this.resources = resources;
			}

			StsClient get(StsEndpoint endpoint, @Nullable RoleCredentialsProvider sourceRole) {
				StsClientKey key = new StsClientKey((sourceRole != null) ? sourceRole.roleName() : null, endpoint);
				return this.clients.computeIfAbsent(key, (k) -> {
					StsClient client = build(endpoint, sourceRole);
					this.resources.push(client);
					return client;
				});
			}

			private StsClient build(StsEndpoint endpoint, @Nullable RoleCredentialsProvider sourceRole) {
				AwsCredentialsProvider credentials = (sourceRole != null) ? sourceRole
						: NonClosingCredentialsProvider.of(Builder.this.sourceCredentials);
				StsClientBuilder builder = StsClient.builder()
					.region(endpoint.region())
					.credentialsProvider(credentials)
					.overrideConfiguration(ClientOverrideConfiguration.builder()
						.apiCallAttemptTimeout(STS_ATTEMPT_TIMEOUT)
						.apiCallTimeout(STS_CALL_TIMEOUT)
						// Up to three attempts absorb a dropped connection; the refresh
						// engine's backoff handles anything longer.
						.retryStrategy(RetryMode.STANDARD)
						.scheduledExecutorService(this.scheduler)
						.build());
				if (endpoint.endpoint() != null) {
					builder.endpointOverride(endpoint.endpoint());
				}
				if (Builder.this.httpClient != null) {
					builder.httpClient(Builder.this.httpClient);
				}
				String callingRole = (sourceRole != null) ? sourceRole.roleName() : null;
				Builder.this.stsClientCustomizers
					.forEach((customizer) -> customizer.customize(builder, callingRole, endpoint.region()));
				// After the customizers, which may replace the whole override
				// configuration: the timeouts must never start a scheduler per client,
				// and
				// a chained role's STS client must tell its source role about expired
				// credentials.
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

		}

		private record StsClientKey(@Nullable String sourceRole, StsEndpoint endpoint) {

		}

	}

}
