package io.awsrefresh.client;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import io.awsrefresh.client.AwsClientListener.EvictionCause;
import io.awsrefresh.credentials.AssumeRoleSpec;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.UnknownRoleException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;

/**
 * Every AWS SDK v2 service client the application uses, built once per type, role, region
 * and endpoint, and shared; and the same for the resource-level objects built on a role's
 * credentials ({@code S3Presigner}, {@code S3TransferManager}, the DynamoDB enhanced
 * clients: see {@link #resourceTypes(ClassLoader)}), each closed before the client it
 * owns.
 * <p>
 * Clients in a type's default region (what injection hands out) are kept until the
 * registry closes. Clients for other regions are built on demand into a bounded Caffeine
 * cache; an evicted client is closed at once. That is safe for calls still running on it:
 * a registry client owns nothing those calls use, because the HTTP clients, executors and
 * credentials it was built with are shared and handed over in forms the client cannot
 * close. A missing client is built once while concurrent callers for the same key wait,
 * outside any lock, so that building one client may ask the registry for another.
 *
 * @since 0.1.0
 */
public final class AwsClientRegistry implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(AwsClientRegistry.class);

	/**
	 * Builds of one client tried while its run-time role is let go of each time, before
	 * giving up: only a run-time role cache far smaller than the roles in use gets there.
	 */
	private static final int MAX_BUILD_ATTEMPTS = 10;

	private static final String S3 = "s3";

	/**
	 * How long the credentials a presigner signs with must still live, unless the builder
	 * sets it: the last minutes of a 1-hour session, which a 25-minute STS outage reaches
	 * only when it starts just before a refresh.
	 */
	public static final Duration DEFAULT_PRESIGN_MINIMUM_VALIDITY = Duration.ofMinutes(5);

	private final ClientFactory factory;

	private final Map<String, AwsCredentialsProvider> credentials;

	private final ClientDefaults defaults;

	private final Set<String> roleNames;

	private final @Nullable RoleCredentialsProviders roles;

	// Per registry, not a ClassValue: that would keep closed clients reachable from the
	// client interface's class for the life of the JVM.
	private final Map<Class<?>, TypeSettings> typeSettings = new ConcurrentHashMap<>();

	private final Map<ClientKey, Built> defaultRegionClients = new ConcurrentHashMap<>();

	/**
	 * Built on first use. Most applications never ask for a client outside its type's
	 * default region, and a JVM's first Caffeine cache costs tens of milliseconds of
	 * startup (its classes and the method handles they use). Not a {@code @Nullable}
	 * field: a type annotation on a Caffeine type stops javac 25 compiling code that uses
	 * the registry without Caffeine on the class path.
	 */
	private final AtomicReference<Cache<ClientKey, Built>> onDemandClients = new AtomicReference<>();

	private final CacheSettings cacheSettings;

	private final Executor maintenance;

	/**
	 * Tasks handed to the maintenance executor that have not started: the closing of
	 * evicted clients among them, which {@link #close()} runs itself rather than leave to
	 * the shared scheduler, whose shutdown after it would drop them. An evicted client
	 * has left the cache, so nothing else would close it.
	 */
	private final Set<QueuedTask> maintenanceQueued = ConcurrentHashMap.newKeySet();

	private final LongAdder builds = new LongAdder();

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder evictions = new LongAdder();

	/**
	 * When each client held was built, by instance rather than key: the report of a
	 * client's eviction can come after another was built under its key, and must not take
	 * that one's time with it.
	 */
	private final Map<Built, Instant> created = Collections.synchronizedMap(new IdentityHashMap<>());

	private final List<AwsClientListener> listeners;

	/**
	 * Builds in progress: each key is built once, outside any map's lock, so that a
	 * customizer may ask the registry for another client (a KMS client for S3 encryption,
	 * say) while its own is being built.
	 */
	private final Map<ClientKey, Flight> building = new ConcurrentHashMap<>();

	private final ThreadLocal<@Nullable Set<ClientKey>> buildingHere = new ThreadLocal<>();

	/**
	 * The key each thread that is building a client waits for while its customizer asks
	 * for another: what finds customizers that ask for each other's clients on two
	 * threads, which would otherwise wait for each other for ever.
	 */
	private final Map<Thread, ClientKey> buildersWaiting = new ConcurrentHashMap<>();

	private volatile boolean closed;

	private AwsClientRegistry(Builder builder) {
		this.roles = builder.roles;
		this.factory = new ClientFactory(this::credentials, builder.resources, builder.customizers,
				builder.presignMinimumValidity);
		this.defaults = new ClientDefaults(builder.region, builder.endpoint, builder.services);
		this.roleNames = Collections.unmodifiableSet(new LinkedHashSet<>(builder.credentials.keySet()));
		this.listeners = List.copyOf(builder.listeners);
		this.credentials = Map.copyOf(builder.credentials);
		if (this.roles != null) {
			// A run-time role evicted from its cache takes its clients with it.
			this.roles.onRunTimeRoleRemoved(this::evictRole);
		}
		this.cacheSettings = builder.cache;
		// Maintenance and closing evicted clients are short tasks: the shared scheduler
		// runs them, not a request thread or the async completion threads.
		this.maintenance = builder.resources.scheduler();
	}

	private Cache<ClientKey, Built> onDemandClients() {
		Cache<ClientKey, Built> cache = this.onDemandClients.get();
		if (cache == null) {
			synchronized (this.onDemandClients) {
				cache = this.onDemandClients.get();
				if (cache == null) {
					cache = Caffeine.newBuilder()
						.maximumSize(this.cacheSettings.maxSize())
						.expireAfterAccess(this.cacheSettings.expireAfterAccess())
						.executor(this::runMaintenance)
						// Expired clients are closed on time even when nobody calls the
						// registry.
						.scheduler(Scheduler.systemScheduler())
						.removalListener(this::onRemoval)
						.build();
					this.onDemandClients.set(cache);
				}
			}
		}
		return cache;
	}

	private void runMaintenance(Runnable task) {
		QueuedTask queued = new QueuedTask(task, this.maintenanceQueued);
		this.maintenanceQueued.add(queued);
		try {
			this.maintenance.execute(queued);
		}
		catch (RuntimeException ex) {
			// Caffeine runs a task the executor refuses itself.
			this.maintenanceQueued.remove(queued);
			throw ex;
		}
	}

	/**
	 * The clients held on demand, without building the cache for a look.
	 */
	private Map<ClientKey, Built> onDemandClientsHeld() {
		Cache<ClientKey, Built> cache = this.onDemandClients.get();
		return (cache != null) ? cache.asMap() : Map.of();
	}

	/**
	 * Start building a registry whose clients share the given resources.
	 * @param resources the shared HTTP clients and executors, which the registry uses and
	 * does not close
	 * @return a builder
	 */
	public static Builder builder(SharedClientResources resources) {
		return new Builder(resources);
	}

	/**
	 * The service id of a client type, as {@code aws.refresh.services} keys it.
	 * @param type a client interface such as {@code S3Client.class}
	 * @return the lower-case endpoint prefix, such as {@code s3}
	 * @throws UnsupportedClientTypeException if the type is not an SDK client interface
	 */
	public static String serviceId(Class<?> type) {
		return SdkClientTypes.serviceId(SdkClientTypes.requireClientType(type));
	}

	/**
	 * The resource-level types whose modules are on the class path, which
	 * {@code client(...)} builds, holds and closes like service clients:
	 * {@code S3Presigner}, {@code S3Utilities}, {@code S3TransferManager},
	 * {@code DynamoDbEnhancedClient} and {@code DynamoDbEnhancedAsyncClient}.
	 * @param classLoader the class loader to look in
	 * @return the types present, sorted by name
	 */
	public static List<Class<?>> resourceTypes(ClassLoader classLoader) {
		return ResourceTypes.present(classLoader);
	}

	/**
	 * Whether {@code client(...)} builds a type: an SDK v2 service client interface such
	 * as {@code S3Client}, or a {@linkplain #resourceTypes resource-level type} such as
	 * {@code S3Presigner}. Cheap for any other type, as it is asked of every injection
	 * point.
	 * @param type the type
	 * @return whether the registry builds clients of the type
	 */
	public static boolean isClientType(Class<?> type) {
		// SdkClientTypes turns a type that is not an AwsClient interface away before any
		// reflection.
		return ResourceTypes.isResourceType(type) || SdkClientTypes.isClientType(type);
	}

	/**
	 * The default role's client of a type, in the type's default region.
	 * @param <T> the client type
	 * @param type a client interface such as {@code S3Client.class}, or a
	 * {@linkplain #resourceTypes resource-level type} such as {@code S3Presigner.class}
	 * @return the shared client
	 * @throws UnsupportedClientTypeException if the type is neither an SDK client
	 * interface nor a resource-level type
	 */
	public <T> T client(Class<T> type) {
		checkOpen(type);
		// The commonest call: one map lookup and a field read.
		Object client = typeSettings(type).defaultRoleClient;
		if (client == null) {
			return client(type, RoleCredentialsProviders.DEFAULT_ROLE);
		}
		this.hits.increment();
		return type.cast(client);
	}

	/**
	 * A role's client of a type, in the type's default region.
	 * @param <T> the client type
	 * @param type a client interface such as {@code S3Client.class}, or a
	 * {@linkplain #resourceTypes resource-level type} such as {@code S3Presigner.class}
	 * @param role the role name
	 * @return the shared client
	 * @throws UnknownRoleException if the role is not configured
	 * @throws UnsupportedClientTypeException if the type is neither an SDK client
	 * interface nor a resource-level type
	 */
	public <T> T client(Class<T> type, String role) {
		checkOpen(type);
		TypeSettings settings = typeSettings(type);
		// The hot path: one lookup by role in this type's own map, no key to allocate.
		Built built = settings.byRole.get(role);
		Object client;
		if (built != null && isCurrent(role, built)) {
			this.hits.increment();
			client = built.instance();
		}
		else {
			if (built != null) {
				// Its run-time role has left its cache (and may have been made again),
				// and its clients are about to be closed: not handed out.
				settings.byRole.remove(role, built);
			}
			client = buildInDefaultRegion(settings, role);
		}
		return type.cast(client);
	}

	private Object buildInDefaultRegion(TypeSettings settings, String role) {
		for (int attempt = 1;; attempt++) {
			ClientKey key = new ClientKey(settings.type, checkRole(role), settings.region, settings.endpoint,
					settings.pathStyleAccess);
			Built built;
			try {
				built = buildOnce(key, this.defaultRegionClients::get, this.defaultRegionClients::putIfAbsent);
			}
			catch (RoleLetGoOf ex) {
				checkAttempts(role, attempt, key);
				continue;
			}
			Object client = built.instance();
			settings.byRole.putIfAbsent(role, built);
			if (RoleCredentialsProviders.DEFAULT_ROLE.equals(role)) {
				settings.defaultRoleClient = client;
			}
			checkNotClosedSince(built, key);
			if (isCurrent(role, built)) {
				return client;
			}
			// Built for a run-time role let go of, during the build or before it (the
			// client held, or the build joined, was for the role of that name then):
			// its removal may have closed the role's clients before this one was stored.
			// Not kept on credentials that no longer refresh.
			settings.byRole.remove(role, built);
			if (this.defaultRegionClients.remove(key, built)) {
				closeQuietly(key, built);
				evicted(key, built, EvictionCause.ROLE_REMOVED);
			}
			checkAttempts(role, attempt, key);
		}
	}

	/**
	 * Whether a client was built for the role its name stands for now: a configured role
	 * always is, and costs no lookup; a run-time role can be let go of, and made again,
	 * while its client is built or held.
	 */
	private boolean isCurrent(String role, Built built) {
		AwsCredentialsProvider runTimeRole = built.runTimeRole();
		return runTimeRole == null || (this.roles != null && this.roles.find(role) == runTimeRole);
	}

	private static void checkAttempts(String role, int attempt, ClientKey key) {
		if (attempt >= MAX_BUILD_ATTEMPTS) {
			throw new IllegalStateException("Run-time role '" + role + "' was let go of while each of "
					+ MAX_BUILD_ATTEMPTS + " builds of " + key + " ran: more run-time roles are in use than "
					+ "aws.refresh.run-time-roles.max-size holds");
		}
	}

	/**
	 * A role's client of a type in a region.
	 * @param <T> the client type
	 * @param type a client interface such as {@code S3Client.class}, or a
	 * {@linkplain #resourceTypes resource-level type} such as {@code S3Presigner.class}
	 * @param role the role name
	 * @param region the region
	 * @return the shared client
	 * @throws UnknownRoleException if the role is not configured
	 * @throws UnsupportedClientTypeException if the type is neither an SDK client
	 * interface nor a resource-level type
	 */
	public <T> T client(Class<T> type, String role, Region region) {
		TypeSettings settings = typeSettings(type);
		if (settings.region.equals(region)) {
			return client(type, role);
		}
		checkOpen(type);
		ClientKey key = new ClientKey(settings.type, checkRole(role), region, settings.endpoint,
				settings.pathStyleAccess);
		Cache<ClientKey, Built> cache = onDemandClients();
		Map<ClientKey, Built> onDemand = cache.asMap();
		for (int attempt = 1;; attempt++) {
			Built built;
			try {
				built = buildOnce(key, onDemand::get, (added, client) -> storeBounded(cache, added, client));
			}
			catch (RoleLetGoOf ex) {
				checkAttempts(role, attempt, key);
				checkRole(role);
				continue;
			}
			checkNotClosedSince(built, key);
			if (isCurrent(role, built)) {
				return type.cast(built.instance());
			}
			// As in the default region: not kept on a role let go of during the build.
			if (onDemand.remove(key, built)) {
				closeQuietly(key, built);
				evicted(key, built, EvictionCause.ROLE_REMOVED);
			}
			checkAttempts(role, attempt, key);
			checkRole(role);
		}
	}

	/**
	 * Stores an on-demand client unless one is there, and applies the size bound at once.
	 * Caffeine leaves a maintenance that a write raced with for the next cache activity,
	 * which may be an hour away, so a client over the bound would stay open. The caller
	 * has just built a client; the evicted one is closed on the maintenance executor.
	 */
	private static @Nullable Built storeBounded(Cache<ClientKey, Built> cache, ClientKey key, Built client) {
		Built prior = cache.asMap().putIfAbsent(key, client);
		if (prior == null) {
			cache.cleanUp();
		}
		return prior;
	}

	/**
	 * Number of clients built so far.
	 * @return the build count
	 */
	public long builds() {
		return this.builds.sum();
	}

	/**
	 * Number of clients held now, in the default regions and on demand.
	 * @return the client count
	 */
	public long size() {
		return this.defaultRegionClients.size() + onDemandClientsHeld().size();
	}

	/**
	 * A configured role's session in the default region: its clients, its credentials and
	 * its identity in one place, as a boto3 {@code Session} holds them.
	 * @param role the role name
	 * @return the session
	 * @throws UnknownRoleException if the role is not configured
	 */
	public AwsSession session(String role) {
		AwsCredentialsProvider credentials = credentials(checkRole(role));
		if (!(credentials instanceof RoleCredentialsProvider provider)) {
			throw new IllegalStateException("Role '" + role + "' has no RoleCredentialsProvider to hold a session");
		}
		return new AwsSession(this, () -> provider, null);
	}

	/**
	 * The session of a role template's role in one account, in the default region. The
	 * role is created on first use and held in the bounded cache of run-time roles; the
	 * session asks for it again on each use, so an evicted role comes back.
	 * @param template the template's name ({@code aws.refresh.roles.<template>})
	 * @param accountId a 12-digit AWS account id
	 * @return the session
	 * @throws UnknownRoleException if no template has that name
	 * @throws IllegalArgumentException if the account id is not 12 digits
	 */
	public AwsSession session(String template, String accountId) {
		RoleCredentialsProviders roles = requireRoles();
		roles.forAccount(template, accountId);
		return new AwsSession(this, () -> roles.forAccount(template, accountId), null);
	}

	/**
	 * The session of a role built in code, assumed with the source credentials, in the
	 * default region. Held like a template's role.
	 * @param spec the AssumeRole request
	 * @return the session
	 */
	public AwsSession session(AssumeRoleSpec spec) {
		RoleCredentialsProviders roles = requireRoles();
		roles.forRole(spec);
		return new AwsSession(this, () -> roles.forRole(spec), null);
	}

	/**
	 * The region of clients whose service has no region of its own.
	 */
	Region defaultRegion() {
		return this.defaults.region();
	}

	private RoleCredentialsProviders requireRoles() {
		if (this.roles == null) {
			throw new IllegalStateException(
					"Run-time roles need the registry to be built with roles(RoleCredentialsProviders)");
		}
		return this.roles;
	}

	/**
	 * Lookups answered with a client the registry already held.
	 * @return the hit count
	 */
	public long hits() {
		return this.hits.sum();
	}

	/**
	 * Lookups that found no client and built one, or waited for the caller building it.
	 * @return the miss count
	 */
	public long misses() {
		return this.misses.sum();
	}

	/**
	 * Clients evicted and closed so far: evictable ones, and the pinned ones of run-time
	 * roles that are gone.
	 * @return the eviction count
	 */
	public long evictions() {
		return this.evictions.sum();
	}

	/**
	 * Every client held now: the pinned ones (each type's default region), then the
	 * evictable ones.
	 * @return a snapshot
	 */
	public List<AwsClientInfo> clients() {
		List<AwsClientInfo> clients = new ArrayList<>();
		this.defaultRegionClients
			.forEach((key, client) -> clients.add(AwsClientInfo.of(key, true, createdAt(client), null)));
		Cache<ClientKey, Built> onDemand = this.onDemandClients.get();
		if (onDemand == null) {
			return clients;
		}
		Optional<Policy.FixedExpiration<ClientKey, Built>> expiry = onDemand.policy().expireAfterAccess();
		onDemand.asMap().forEach((key, client) -> {
			Duration idle = expiry.flatMap((policy) -> policy.ageOf(key)).orElse(null);
			clients.add(AwsClientInfo.of(key, false, createdAt(client), idle));
		});
		return clients;
	}

	/**
	 * Evict and close one evictable client. A client in flight keeps working: it owns
	 * nothing its calls use.
	 * @param id the client's {@link AwsClientInfo#id() id}
	 * @return whether such an evictable client was held
	 */
	public boolean evict(String id) {
		for (ClientKey key : onDemandClientsHeld().keySet()) {
			if (AwsClientInfo.id(key).equals(id)) {
				return evict(key);
			}
		}
		return false;
	}

	/**
	 * Evict and close every evictable client; pinned clients stay.
	 * @return how many were evicted
	 */
	public int evictAll() {
		int evicted = 0;
		for (ClientKey key : new ArrayList<>(onDemandClientsHeld().keySet())) {
			evicted += evict(key) ? 1 : 0;
		}
		return evicted;
	}

	private boolean evict(ClientKey key) {
		Built client = onDemandClientsHeld().remove(key);
		if (client == null) {
			return false;
		}
		closeQuietly(key, client);
		evicted(key, client, EvictionCause.REQUESTED);
		return true;
	}

	private Instant createdAt(Built client) {
		Instant created = this.created.get(client);
		return (created != null) ? created : Instant.EPOCH;
	}

	/**
	 * Close every client and the shared executors.
	 */
	@Override
	public void close() {
		this.closed = true;
		Map<ClientKey, Built> clients = new LinkedHashMap<>(this.defaultRegionClients);
		Cache<ClientKey, Built> onDemand = this.onDemandClients.get();
		if (onDemand != null) {
			clients.putAll(onDemand.asMap());
		}
		this.defaultRegionClients.clear();
		this.typeSettings.clear();
		if (onDemand != null) {
			onDemand.invalidateAll();
		}
		for (QueuedTask task : List.copyOf(this.maintenanceQueued)) {
			task.run();
		}
		this.created.clear();
		clients.forEach(AwsClientRegistry::closeQuietly);
	}

	private TypeSettings typeSettings(Class<?> type) {
		TypeSettings settings = this.typeSettings.get(type);
		return (settings != null) ? settings : this.typeSettings.computeIfAbsent(type, this::createTypeSettings);
	}

	private TypeSettings createTypeSettings(Class<?> type) {
		// A resource-level type (S3Presigner) takes the settings of its service's client.
		Class<? extends SdkClient> clientType = SdkClientTypes.isClientType(type)
				? SdkClientTypes.requireClientType(type) : ResourceTypes.serviceClientType(type);
		ServiceSettings service = this.defaults.service(SdkClientTypes.serviceId(clientType));
		Region region = (service.region() != null) ? service.region() : this.defaults.region();
		return new TypeSettings(type, region,
				(service.endpoint() != null) ? service.endpoint() : this.defaults.endpoint(),
				service.pathStyleAccess());
	}

	private void checkOpen(Class<?> type) {
		if (this.closed) {
			throw new IllegalStateException("AwsClientRegistry is closed; cannot hand out " + type.getSimpleName());
		}
	}

	/**
	 * A client built while {@link #close()} ran may have missed it: close it here.
	 */
	private void checkNotClosedSince(Built client, ClientKey key) {
		if (this.closed) {
			closeQuietly(key, client);
			throw new IllegalStateException("AwsClientRegistry is closed; cannot hand out " + key);
		}
	}

	private String checkRole(String role) {
		if (!this.roleNames.contains(role) && (this.roles == null || this.roles.find(role) == null)) {
			throw new UnknownRoleException(role, this.roleNames);
		}
		return role;
	}

	private @Nullable AwsCredentialsProvider runTimeRole(String role) {
		return (this.credentials.containsKey(role) || this.roles == null) ? null : this.roles.find(role);
	}

	private AwsCredentialsProvider credentials(String role) {
		AwsCredentialsProvider credentials = this.credentials.get(role);
		if (credentials == null && this.roles != null) {
			credentials = this.roles.find(role);
		}
		if (credentials == null) {
			throw new UnknownRoleException(role, this.roleNames);
		}
		return credentials;
	}

	/**
	 * Close every client of a role that is gone: a run-time role evicted from its cache.
	 * Clients built for a role made again under its name since are kept.
	 */
	private void evictRole(String role) {
		for (ClientKey key : new ArrayList<>(this.defaultRegionClients.keySet())) {
			Built client = this.defaultRegionClients.get(key);
			if (key.role().equals(role) && client != null && !isCurrent(role, client)
					&& this.defaultRegionClients.remove(key, client)) {
				TypeSettings settings = this.typeSettings.get(key.type());
				if (settings != null) {
					settings.byRole.remove(role, client);
				}
				closeQuietly(key, client);
				evicted(key, client, EvictionCause.ROLE_REMOVED, true);
			}
		}
		Map<ClientKey, Built> onDemand = onDemandClientsHeld();
		for (ClientKey key : new ArrayList<>(onDemand.keySet())) {
			Built client = onDemand.get(key);
			if (key.role().equals(role) && client != null && !isCurrent(role, client) && onDemand.remove(key, client)) {
				closeQuietly(key, client);
				evicted(key, client, EvictionCause.ROLE_REMOVED);
			}
		}
	}

	/**
	 * The client of a key from a map, built once if missing: concurrent callers for the
	 * same key wait for the one that builds it.
	 * @param lookup reads the map
	 * @param store puts a client into the map unless one is there, returning that one
	 */
	private Built buildOnce(ClientKey key, Function<ClientKey, @Nullable Built> lookup,
			BiFunction<ClientKey, Built, @Nullable Built> store) {
		Built existing = lookup.apply(key);
		if (existing != null) {
			this.hits.increment();
			return existing;
		}
		this.misses.increment();
		Flight mine = new Flight(new CompletableFuture<>(), Thread.currentThread());
		Flight theirs = this.building.putIfAbsent(key, mine);
		if (theirs != null) {
			Set<ClientKey> here = this.buildingHere.get();
			if (here == null) {
				return awaitBuild(theirs.result());
			}
			if (here.contains(key)) {
				throw new IllegalStateException(
						"An AwsClientCustomizer asked the registry for " + key + " while that client was being built");
			}
			return awaitBuildWhileBuilding(key, theirs);
		}
		try {
			// Built and stored by another caller since this one looked.
			existing = lookup.apply(key);
			Built client = (existing != null) ? existing : store(key, buildHere(key), store);
			mine.result().complete(client);
			return client;
		}
		catch (RuntimeException | Error ex) {
			mine.result().completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.building.remove(key, mine);
		}
	}

	/**
	 * Waits for another thread's build from within a build of this thread's own (a
	 * customizer asking for another client), unless that build waits, directly or through
	 * other threads' builds, for this one: then nothing would ever end, and the wait
	 * fails as a customizer asking for the client it is building does.
	 */
	private Built awaitBuildWhileBuilding(ClientKey key, Flight theirs) {
		Thread me = Thread.currentThread();
		// Recorded before the cycle is looked for: of two threads that start waiting
		// for each other at once, at least the second sees the first's record.
		this.buildersWaiting.put(me, key);
		try {
			Thread owner = theirs.owner();
			for (int hop = 0; hop <= this.buildersWaiting.size(); hop++) {
				if (owner == me) {
					if (theirs.result().isDone()) {
						break;
					}
					throw new IllegalStateException("AwsClientCustomizers ask the registry for each other's "
							+ "clients: " + key + ", asked for while this thread builds a client, waits for it "
							+ "through builds on other threads");
				}
				ClientKey awaited = this.buildersWaiting.get(owner);
				Flight next = (awaited != null) ? this.building.get(awaited) : null;
				if (next == null) {
					break;
				}
				owner = next.owner();
			}
			return awaitBuild(theirs.result());
		}
		finally {
			this.buildersWaiting.remove(me);
		}
	}

	private Built store(ClientKey key, Built client, BiFunction<ClientKey, Built, @Nullable Built> store) {
		Instant now = Instant.now();
		// Before it is stored: its eviction may be reported at once, and must find it.
		this.created.put(client, now);
		Built stored;
		try {
			stored = store.apply(key, client);
		}
		catch (RuntimeException | Error ex) {
			this.created.remove(client);
			throw ex;
		}
		if (stored != null) {
			this.created.remove(client);
			closeQuietly(key, client);
			return stored;
		}
		notify((listener) -> listener.onCreated(AwsClientInfo.of(key, isPinned(key), now, null)));
		return client;
	}

	private Built buildHere(ClientKey key) {
		Set<ClientKey> keys = this.buildingHere.get();
		if (keys == null) {
			keys = new HashSet<>();
			this.buildingHere.set(keys);
		}
		keys.add(key);
		try {
			return build(key);
		}
		finally {
			keys.remove(key);
			if (keys.isEmpty()) {
				this.buildingHere.remove();
			}
		}
	}

	private static Built awaitBuild(CompletableFuture<Built> build) {
		try {
			return build.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw ex;
		}
	}

	private Built build(ClientKey key) {
		// Read before the build, which reads it again: a role made again in between
		// makes the client look built for the one let go of, and built once more.
		AwsCredentialsProvider runTimeRole = runTimeRole(key.role());
		if (runTimeRole == null && this.roles != null && !this.credentials.containsKey(key.role())) {
			// A run-time role let go of since it was checked: were it made again before
			// the build reads it, the client would be taken for a configured role's, and
			// kept on credentials that stop refreshing when that role is let go of.
			throw new RoleLetGoOf();
		}
		Built client = this.factory.buildAny(key);
		if (runTimeRole != null) {
			client = client.forRunTimeRole(runTimeRole);
		}
		if (this.closed) {
			// Built while the registry was closing: nobody would close it later.
			closeQuietly(key, client);
			throw new IllegalStateException("AwsClientRegistry is closed; cannot hand out " + key);
		}
		this.builds.increment();
		if (logger.isDebugEnabled()) {
			logger.debug("Built " + key);
		}
		return client;
	}

	private void onRemoval(@Nullable ClientKey key, @Nullable Built client, RemovalCause cause) {
		if (cause.wasEvicted() && client != null && key != null) {
			if (logger.isDebugEnabled()) {
				logger.debug("Closing " + key + " (" + cause + ")");
			}
			closeQuietly(key, client);
			evicted(key, client, (cause == RemovalCause.SIZE) ? EvictionCause.SIZE : EvictionCause.EXPIRED);
		}
	}

	private void evicted(ClientKey key, Built client, EvictionCause cause) {
		evicted(key, client, cause, false);
	}

	/**
	 * Count and report a client evicted and closed: an evictable one, or a pinned one
	 * whose run-time role is gone.
	 */
	private void evicted(ClientKey key, Built client, EvictionCause cause, boolean pinned) {
		this.evictions.increment();
		Instant created = this.created.remove(client);
		AwsClientInfo info = AwsClientInfo.of(key, pinned, (created != null) ? created : Instant.now(), null);
		notify((listener) -> listener.onEvicted(info, cause));
	}

	private boolean isPinned(ClientKey key) {
		return this.defaultRegionClients.containsKey(key);
	}

	private void notify(Consumer<AwsClientListener> event) {
		for (AwsClientListener listener : this.listeners) {
			try {
				event.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("AwsClientListener " + listener + " failed", ex);
			}
		}
	}

	private static void closeQuietly(ClientKey key, Built client) {
		try {
			client.closer().close();
		}
		catch (Exception ex) {
			logger.warn("Failed to close " + key, ex);
		}
	}

	/**
	 * A run-time role found gone as its client was about to be built: built again, for
	 * the role made again, or refused as unknown.
	 */
	private static final class RoleLetGoOf extends RuntimeException {

		RoleLetGoOf() {
			super("run-time role let go of", null, false, false);
		}

	}

	/**
	 * A build in progress: its result, and the thread that builds it.
	 */
	private record Flight(CompletableFuture<Built> result, Thread owner) {

	}

	/**
	 * A maintenance task that runs once, on the executor or on the thread closing the
	 * registry, whichever comes first.
	 */
	private static final class QueuedTask implements Runnable {

		private final Runnable task;

		private final Set<QueuedTask> queued;

		private final AtomicBoolean started = new AtomicBoolean();

		QueuedTask(Runnable task, Set<QueuedTask> queued) {
			this.task = task;
			this.queued = queued;
		}

		@Override
		public void run() {
			if (this.started.compareAndSet(false, true)) {
				this.queued.remove(this);
				this.task.run();
			}
		}

	}

	/**
	 * Where clients of one type go, and the type's default-region clients by role: a read
	 * cache of {@code defaultRegionClients}, which owns them.
	 */
	private static final class TypeSettings {

		final Class<?> type;

		final Region region;

		final @Nullable URI endpoint;

		final boolean pathStyleAccess;

		final Map<String, Built> byRole = new ConcurrentHashMap<>();

		volatile @Nullable Object defaultRoleClient;

		TypeSettings(Class<?> type, Region region, @Nullable URI endpoint, boolean pathStyleAccess) {
			this.type = type;
			this.region = region;
			this.endpoint = endpoint;
			this.pathStyleAccess = pathStyleAccess;
		}

	}

	/**
	 * Builds an {@link AwsClientRegistry}. The default role's credentials and the default
	 * region are required.
	 */
	public static final class Builder {

		private final SharedClientResources resources;

		private final Map<String, AwsCredentialsProvider> credentials = new LinkedHashMap<>();

		private @Nullable RoleCredentialsProviders roles;

		private @Nullable Region region;

		private @Nullable URI endpoint;

		private final Map<String, ServiceSettings> services = new LinkedHashMap<>();

		private final List<AwsClientCustomizer<?>> customizers = new ArrayList<>();

		private final List<AwsClientListener> listeners = new ArrayList<>();

		private CacheSettings cache = new CacheSettings(64, Duration.ofMinutes(30));

		private Duration presignMinimumValidity = DEFAULT_PRESIGN_MINIMUM_VALIDITY;

		private Builder(SharedClientResources resources) {
			this.resources = Objects.requireNonNull(resources, "resources");
		}

		/**
		 * Clients of every role of these providers carry that role's credentials.
		 * @param roles the role credentials providers
		 * @return this builder
		 */
		public Builder roles(RoleCredentialsProviders roles) {
			roles.roleNames().forEach((name) -> this.credentials.put(name, roles.get(name)));
			this.roles = roles;
			return this;
		}

		/**
		 * Clients of a role carry these credentials. A client never closes them: the
		 * caller owns the provider.
		 * @param name the role name, {@code default} for the default role
		 * @param credentials the credentials
		 * @return this builder
		 */
		public Builder role(String name, AwsCredentialsProvider credentials) {
			this.credentials.put(Objects.requireNonNull(name, "name"),
					Objects.requireNonNull(credentials, "credentials"));
			return this;
		}

		/**
		 * The default region of every client.
		 * @param region the region
		 * @return this builder
		 */
		public Builder region(Region region) {
			this.region = Objects.requireNonNull(region, "region");
			return this;
		}

		/**
		 * The endpoint of every client, such as an emulator's.
		 * @param endpoint the endpoint, or {@code null} for AWS's own
		 * @return this builder
		 */
		public Builder endpoint(@Nullable URI endpoint) {
			this.endpoint = endpoint;
			return this;
		}

		/**
		 * Where the clients of one service go instead of the defaults.
		 * @param serviceId the service id, as {@link #serviceId(Class)} gives it
		 * @param region the service's region, or {@code null} for the default
		 * @param endpoint the service's endpoint, or {@code null} for the default
		 * @return this builder
		 */
		public Builder service(String serviceId, @Nullable Region region, @Nullable URI endpoint) {
			ServiceSettings current = this.services.getOrDefault(serviceId, ServiceSettings.NONE);
			this.services.put(serviceId, new ServiceSettings(region, endpoint, current.pathStyleAccess()));
			return this;
		}

		/**
		 * Whether S3 clients use path-style URLs (bucket in the path), which emulators
		 * need.
		 * @param pathStyleAccess {@code true} to force path-style addressing
		 * @return this builder
		 */
		public Builder s3PathStyleAccess(boolean pathStyleAccess) {
			ServiceSettings current = this.services.getOrDefault(S3, ServiceSettings.NONE);
			this.services.put(S3, new ServiceSettings(current.region(), current.endpoint(), pathStyleAccess));
			return this;
		}

		/**
		 * Customizers applied, in order, to the builders whose type they accept.
		 * @param customizers the customizers
		 * @return this builder
		 */
		public Builder customizers(List<? extends AwsClientCustomizer<?>> customizers) {
			this.customizers.addAll(customizers);
			return this;
		}

		/**
		 * Listeners told when a client is built or evicted, in order.
		 * @param listeners the listeners
		 * @return this builder
		 */
		public Builder listeners(List<? extends AwsClientListener> listeners) {
			this.listeners.addAll(listeners);
			return this;
		}

		/**
		 * Bounds of the clients built on demand, in regions other than their type's
		 * default.
		 * @param maxSize most clients kept; the least valuable are closed beyond it
		 * @param expireAfterAccess how long a client is kept after its last use
		 * @return this builder
		 */
		public Builder cache(long maxSize, Duration expireAfterAccess) {
			if (maxSize < 1) {
				throw new IllegalArgumentException("maxSize must be at least 1, not " + maxSize);
			}
			if (expireAfterAccess.isNegative() || expireAfterAccess.isZero()) {
				throw new IllegalArgumentException("expireAfterAccess must be positive, not " + expireAfterAccess);
			}
			this.cache = new CacheSettings(maxSize, expireAfterAccess);
			return this;
		}

		/**
		 * How long the credentials a presigner signs with must still live. A presigned
		 * URL stops working when they expire, whatever validity it asks for, so a
		 * presigner refuses ({@link PresignRefusedException}) rather than hand out a URL
		 * that dies sooner. While STS answers, credentials are renewed with about half
		 * their lifetime left; they come this close only when STS has been failing.
		 * @param minimumValidity the minimum, {@link #DEFAULT_PRESIGN_MINIMUM_VALIDITY}
		 * unless set
		 * @return this builder
		 */
		public Builder presignMinimumValidity(Duration minimumValidity) {
			if (minimumValidity.isNegative()) {
				throw new IllegalArgumentException("minimumValidity must not be negative, not " + minimumValidity);
			}
			this.presignMinimumValidity = minimumValidity;
			return this;
		}

		/**
		 * Build the registry.
		 * @return the registry
		 * @throws IllegalStateException if the default role's credentials or the region
		 * are missing
		 */
		public AwsClientRegistry build() {
			if (!this.credentials.containsKey(RoleCredentialsProviders.DEFAULT_ROLE)) {
				throw new IllegalStateException("An AwsClientRegistry needs the credentials of the '"
						+ RoleCredentialsProviders.DEFAULT_ROLE + "' role");
			}
			if (this.region == null) {
				throw new IllegalStateException("An AwsClientRegistry needs a default region");
			}
			return new AwsClientRegistry(this);
		}

	}

}
