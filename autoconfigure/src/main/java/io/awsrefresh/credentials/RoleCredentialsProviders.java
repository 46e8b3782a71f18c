package io.awsrefresh.credentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.ClassUtils;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The credentials of every configured role, by name, of the roles asked for at run time
 * (a role template in an account, a role built in code; held in a bounded cache), and the
 * owner of everything behind them: the source credentials, the STS clients, the threads
 * that fetch credentials and each role's refresh engine. {@link #close()} releases all of
 * it.
 * <p>
 * Assumed and custom roles are kept fresh by a {@link RefreshEngine} each. Fetches run in
 * a lane per endpoint (a region's STS, an endpoint override, an IoT credentials endpoint,
 * a custom source), at most four at once each, so that one endpoint that hangs holds up
 * no other. Roles that call STS with the same credentials at the same endpoint share one
 * STS client.
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
	 * How long startup waits for the credentials of roles fetched at startup: beyond the
	 * STS call timeout, for custom sources that do not bound their calls.
	 */
	private static final Duration STARTUP_WAIT = Duration.ofSeconds(90);

	private final Map<String, RoleCredentialsProvider> providers;

	private final Map<String, RoleDefinition> templates;

	private final RoleFactory factory;

	private final RunTimeRoles runTimeRoles;

	private final @Nullable StsEndpoint runTimeSts;

	private final Deque<AutoCloseable> resources;

	private RoleCredentialsProviders(Map<String, RoleCredentialsProvider> providers,
			Map<String, RoleDefinition> templates, RoleFactory factory, RunTimeRoles runTimeRoles,
			@Nullable StsEndpoint runTimeSts, Deque<AutoCloseable> resources) {
		this.providers = Collections.unmodifiableMap(providers);
		this.templates = Collections.unmodifiableMap(templates);
		this.factory = factory;
		this.runTimeRoles = runTimeRoles;
		this.runTimeSts = runTimeSts;
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
		RoleCredentialsProvider provider = find(roleName);
		if (provider == null) {
			throw new UnknownRoleException(roleName, roleNames());
		}
		return provider;
	}

	/**
	 * Credentials of a configured role, or of a run-time role still held.
	 * @param roleName the role name
	 * @return the role's provider, or {@code null}
	 */
	public @Nullable RoleCredentialsProvider find(String roleName) {
		RoleCredentialsProvider provider = this.providers.get(roleName);
		return (provider != null) ? provider : this.runTimeRoles.getIfPresent(roleName);
	}

	/**
	 * Credentials of a role template's role in one account, named
	 * {@code template@account}: created on first use, then held in the bounded cache of
	 * run-time roles and refreshed like any other role until it is evicted.
	 * @param template the template's name ({@code aws.refresh.roles.<template>})
	 * @param accountId a 12-digit AWS account id
	 * @return the role's provider; the same one for the same inputs while it is held
	 * @throws UnknownRoleException if no template has that name
	 * @throws IllegalArgumentException if the account id is not 12 digits
	 * @throws IllegalStateException if Caffeine, which holds run-time roles, is missing
	 */
	public RoleCredentialsProvider forAccount(String template, String accountId) {
		RoleDefinition definition = this.templates.get(template);
		if (definition == null) {
			throw new UnknownRoleException(template, this.templates.keySet());
		}
		RoleDefinition role = definition.forAccount(accountId);
		return this.runTimeRoles.get(role.name(), () -> this.factory.create(role, this::find));
	}

	/**
	 * Credentials of a role built in code, assumed with the source credentials through
	 * the default role's STS endpoint: created on first use, then held in the bounded
	 * cache of run-time roles. The role is named after its ARN and a digest of the rest
	 * of the request, so that the same request is the same role.
	 * @param spec the AssumeRole request
	 * @return the role's provider; the same one for the same request while it is held
	 * @throws IllegalStateException if no STS endpoint is known for roles built in code,
	 * or Caffeine, which holds run-time roles, is missing
	 */
	public RoleCredentialsProvider forRole(AssumeRoleSpec spec) {
		StsEndpoint sts = this.runTimeSts;
		if (sts == null) {
			throw new IllegalStateException("Roles built in code need an STS endpoint: set one with "
					+ "RoleCredentialsProviders.Builder.runTimeRoles(...)");
		}
		String name = spec.roleArn() + "#" + digest(spec);
		RoleDefinition role = new RoleDefinition(name, new RoleSource.AssumeRole(spec, null, sts),
				RefreshSettings.DEFAULTS, RoleDefinition.BUILT_IN_CODE);
		return this.runTimeRoles.get(name, () -> this.factory.create(role, this::find));
	}

	/**
	 * A role's name in meter and observation tags, as the role was made
	 * ({@link RoleDefinition#tagName()}): the template's name for a template's role in an
	 * account, {@value RoleDefinition#BUILT_IN_CODE} for a role built in code, else the
	 * name itself.
	 * @param roleName the name of a configured role or a run-time role still held
	 * @return the name to tag with; for a role no longer held, read from its name
	 */
	@SuppressWarnings("deprecation")
	public String tagNameOf(String roleName) {
		// Asking a role's tag name is not using it: a run-time role is only looked at.
		RoleCredentialsProvider provider = this.providers.get(roleName);
		if (provider == null) {
			provider = this.runTimeRoles.peek(roleName);
		}
		return (provider != null) ? provider.tagName() : tagName(roleName);
	}

	/**
	 * A role's name for low-cardinality tags, read back from the role name.
	 * @param roleName a role name
	 * @return the name to tag with
	 * @deprecated since 0.1.0, the tag is carried by the role rather than parsed from its
	 * name: use {@link #tagNameOf(String)} or {@link RoleCredentialsProvider#tagName()}
	 */
	@Deprecated(since = "0.1.0")
	public static String tagName(String roleName) {
		// A role built in code is named after its ARN, which may hold '@' (IAM allows it
		// in role names): its digest says what it is before any '@' does.
		if (RoleDefinition.BUILT_IN_CODE_NAME.matcher(roleName).matches()) {
			return RoleDefinition.BUILT_IN_CODE;
		}
		int account = roleName.lastIndexOf('@');
		if (account > 0) {
			return roleName.substring(0, account);
		}
		return roleName.contains("#") ? RoleDefinition.BUILT_IN_CODE : roleName;
	}

	/**
	 * A digest of the AssumeRole request a spec makes, field by field as the SDK lists
	 * them: two specs that differ in anything STS is told (a session policy, an external
	 * id) are two roles, and a field added to the spec or the request needs no change
	 * here. A 32-bit hash code could make two such requests share one role's credentials.
	 */
	private static String digest(AssumeRoleSpec spec) {
		StringBuilder canonical = new StringBuilder();
		appendFields(canonical, spec.toRequest(null));
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256")
				.digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	private static void appendFields(StringBuilder canonical, SdkPojo pojo) {
		canonical.append('{');
		for (SdkField<?> field : pojo.sdkFields()) {
			canonical.append(field.memberName()).append('=');
			appendValue(canonical, field.getValueOrDefault(pojo));
			canonical.append('\u0000');
		}
		canonical.append('}');
	}

	private static void appendValue(StringBuilder canonical, @Nullable Object value) {
		if (value instanceof SdkPojo pojo) {
			appendFields(canonical, pojo);
		}
		else if (value instanceof Collection<?> values) {
			canonical.append('[');
			values.forEach((element) -> {
				appendValue(canonical, element);
				canonical.append('\u0001');
			});
			canonical.append(']');
		}
		else {
			canonical.append(value);
		}
	}

	/**
	 * Names of the role templates, whose role ARN holds {@code {account}}.
	 * @return the template names
	 */
	public Set<String> templateNames() {
		return this.templates.keySet();
	}

	/**
	 * Run-time roles held now.
	 * @return the count
	 */
	public long runTimeRoleCount() {
		return this.runTimeRoles.size();
	}

	/**
	 * The run-time roles held now (a template's role in an account, roles built in code),
	 * for reading their status and tag name: reading them keeps none from expiring for
	 * disuse ({@code aws.refresh.run-time-roles.expire-after-access}).
	 * @return the roles, in no particular order
	 */
	public List<RoleCredentialsProvider> runTimeRoles() {
		return this.runTimeRoles.held();
	}

	/**
	 * STS clients built so far: one per set of calling credentials and STS endpoint,
	 * however many roles use them.
	 * @return the count
	 */
	public int stsClientCount() {
		return this.factory.stsClientCount();
	}

	/**
	 * Be told, with its name, when a run-time role is evicted and stops refreshing.
	 * @param listener the listener
	 */
	public void onRunTimeRoleRemoved(Consumer<String> listener) {
		this.runTimeRoles.onRemoved(listener);
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
	 * Stop every refresh (run-time roles first), then close the STS clients, the fetch
	 * threads, the source credentials and the scheduler if it was not given.
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

		private Supplier<@Nullable SdkHttpClient> httpClient = () -> null;

		private @Nullable ScheduledExecutorService scheduler;

		private final List<StsClientCustomizer> stsClientCustomizers = new ArrayList<>();

		private long runTimeRolesMaxSize = 1000;

		private Duration runTimeRolesExpireAfterAccess = Duration.ofHours(1);

		private @Nullable StsEndpoint runTimeSts;

		private boolean runTimeRolesAvailable = ClassUtils.isPresent(RunTimeRoles.CACHE_CLASS,
				RoleCredentialsProviders.class.getClassLoader());

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
			this.httpClient = () -> httpClient;
			return this;
		}

		/**
		 * Set where the HTTP client every STS client shares comes from, asked for when
		 * the first STS client is built (at the first fetch of an assumed role), so that
		 * nothing of it is created while no role needs STS; its owner closes it. A
		 * supplier that returns {@code null} lets each STS client build (and close) the
		 * SDK's default.
		 * @param httpClient supplies the shared HTTP client
		 * @return this builder
		 */
		public Builder httpClient(Supplier<@Nullable SdkHttpClient> httpClient) {
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
		 * Bound the roles asked for at run time (templates for an account, roles built in
		 * code): beyond the size, or unused for the time, a role stops refreshing and is
		 * forgotten.
		 * @param maxSize most run-time roles held
		 * @param expireAfterAccess how long an unused run-time role is held
		 * @param sts where roles built in code call STS
		 * @return this builder
		 */
		public Builder runTimeRoles(long maxSize, Duration expireAfterAccess, StsEndpoint sts) {
			this.runTimeRolesMaxSize = maxSize;
			this.runTimeRolesExpireAfterAccess = expireAfterAccess;
			this.runTimeSts = sts;
			return this;
		}

		/**
		 * Hold no run-time roles: {@link RoleCredentialsProviders#forAccount} and
		 * {@link RoleCredentialsProviders#forRole} fail, saying why. What happens anyway
		 * when Caffeine, whose cache holds them, is not on the class path; the
		 * auto-configuration calls it when Caffeine is missing from the application's
		 * class loader.
		 * @return this builder
		 */
		public Builder withoutRunTimeRoles() {
			this.runTimeRolesAvailable = false;
			return this;
		}

		/**
		 * Build every role's provider; roles without deferred refresh fetch their first
		 * credentials now, all at once.
		 * @return the providers
		 * @throws RoleCredentialsException if a role without deferred refresh cannot
		 * obtain credentials
		 * @throws IllegalArgumentException if a role is named
		 * {@value RoleDefinition#BUILT_IN_CODE}
		 */
		public RoleCredentialsProviders build() {
			for (RoleDefinition role : this.roles) {
				if (RoleDefinition.isRunTimeRoleName(role.name())) {
					throw new IllegalArgumentException("A role cannot be named '" + role.name()
							+ "': it is the name of a role made at run time (a template's role in an account, "
							+ "template@account-id, or a role built in code) and would share its clients");
				}
				if (role.name().equals(RoleDefinition.BUILT_IN_CODE)) {
					// Its meters and observations would be those of every role built in
					// code.
					throw new IllegalArgumentException("A role cannot be named '" + RoleDefinition.BUILT_IN_CODE
							+ "': it is the name meters and observations give every role built in code");
				}
			}
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
			// Bounded by the fetch lanes, each endpoint's to at most four: a pool bounded
			// as a whole would let a few hanging endpoints hold every thread.
			ThreadPoolExecutor fetches = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
					new SynchronousQueue<>(), daemonThreads("aws-refresh-credentials-"));
			resources.push(() -> shutDown(fetches));
			RefreshRuntime runtime = new RefreshRuntime(Clock.systemUTC(), RefreshTimer.on(scheduler), fetches,
					Backoff.DEFAULT, RefreshRuntime.DEFAULT_MAX_WAIT, RefreshRuntime.DEFAULT_WARN_INTERVAL,
					() -> ThreadLocalRandom.current().nextDouble());
			// Closed after the engines, before the scheduler that would have told it.
			resources.push(runtime.logLimit()::reportHeld);
			RoleFactory factory = new RoleFactory(this.sourceCredentials, this.mfaTokenProvider, this.listeners,
					runtime, scheduler, this.httpClient, this.stsClientCustomizers);
			resources.push(factory);
			// Closed before the factory and the threads: nothing queued starts after.
			resources.push(factory::stopFetches);
			Map<String, RoleCredentialsProvider> providers = new LinkedHashMap<>();
			Map<String, RoleDefinition> templates = new LinkedHashMap<>();
			List<RefreshEngine> engines = new ArrayList<>();
			for (RoleDefinition role : this.roles) {
				if (role.isTemplate()) {
					templates.put(role.name(), role);
					continue;
				}
				RoleCredentialsProvider provider = factory.create(role, providers::get);
				providers.put(role.name(), provider);
				RefreshEngine engine = provider.engine();
				if (engine != null) {
					engines.add(engine);
				}
			}
			// Pushed last, so closed first: no refresh starts once clients close.
			resources.push(() -> engines.forEach(RefreshEngine::close));
			RunTimeRoles runTimeRoles = RunTimeRoles.create(this.runTimeRolesAvailable, this.runTimeRolesMaxSize,
					this.runTimeRolesExpireAfterAccess);
			resources.push(runTimeRoles);
			List<RoleDefinition> eagerRoles = this.roles.stream()
				.filter((role) -> !role.isTemplate() && !role.refresh().deferRefresh())
				.toList();
			if (eagerRoles.stream().anyMatch((role) -> role.source() instanceof RoleSource.AssumeRole)) {
				// The fetch threads build their STS clients on it while this thread,
				// maybe creating a bean under Spring's singleton lock, waits for them:
				// a lazily created HTTP client bean is created here instead.
				this.httpClient.get();
			}
			List<RefreshEngine> eager = eagerRoles.stream()
				.map((role) -> providers.get(role.name()).engine())
				.filter((engine) -> engine != null)
				.toList();
			Map<RefreshEngine, CompletableFuture<?>> initial = new LinkedHashMap<>();
			eager.forEach((engine) -> initial.put(engine, engine.startInitialFetch()));
			initial.forEach((engine, fetch) -> engine.awaitInitialFetch(fetch, STARTUP_WAIT));
			return new RoleCredentialsProviders(providers, templates, factory, runTimeRoles, runTimeSts(), resources);
		}

		/**
		 * Where roles built in code call STS: as set, else the first assumed role's STS
		 * endpoint.
		 */
		private @Nullable StsEndpoint runTimeSts() {
			if (this.runTimeSts != null) {
				return this.runTimeSts;
			}
			return this.roles.stream()
				.filter((role) -> role.source() instanceof RoleSource.AssumeRole)
				.map((role) -> ((RoleSource.AssumeRole) role.source()).sts())
				.findFirst()
				.orElse(null);
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

	}

}
