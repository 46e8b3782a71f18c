package io.awsrefresh.client;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.UnknownRoleException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;

/**
 * Every AWS SDK v2 service client the application uses, built once per {@link ClientKey}
 * and shared.
 * <p>
 * Clients in a type's default region (what injection hands out) are kept until the
 * registry closes. Clients for other regions are built on demand into a bounded Caffeine
 * cache ({@link CacheSettings}); an evicted client is closed at once. That is safe for
 * calls still running on it: a registry client owns nothing those calls use, because the
 * HTTP clients, executors and credentials it was built with are shared and handed over in
 * forms the client cannot close. A missing client is built once while concurrent callers
 * for the same key wait, outside any lock, so that building one client may ask the
 * registry for another.
 *
 * @since 0.1.0
 */
public final class AwsClientRegistry implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(AwsClientRegistry.class);

	private final ClientFactory factory;

	private final ClientDefaults defaults;

	private final Set<String> roleNames;

	// Per registry, not a ClassValue: that would keep closed clients reachable from the
	// client interface's class for the life of the JVM.
	private final Map<Class<?>, TypeSettings> typeSettings = new ConcurrentHashMap<>();

	private final Map<ClientKey, SdkClient> defaultRegionClients = new ConcurrentHashMap<>();

	private final Cache<ClientKey, SdkClient> onDemandClients;

	private final LongAdder builds = new LongAdder();

	/**
	 * Builds in progress: each key is built once, outside any map's lock, so that a
	 * customizer may ask the registry for another client (a KMS client for S3 encryption,
	 * say) while its own is being built.
	 */
	private final Map<ClientKey, CompletableFuture<SdkClient>> building = new ConcurrentHashMap<>();

	private final ThreadLocal<@Nullable Set<ClientKey>> buildingHere = new ThreadLocal<>();

	private volatile boolean closed;

	/**
	 * Create a registry.
	 * @param credentials credentials by role name; unknown names must throw
	 * {@link UnknownRoleException}
	 * @param roleNames names of the configured roles, for checks and messages
	 * @param defaults default region, endpoint and per-service overrides
	 * @param resources the shared HTTP clients and executors
	 * @param customizers applied to every client builder, in order
	 * @param cacheSettings bounds of the on-demand clients
	 */
	public AwsClientRegistry(Function<String, AwsCredentialsProvider> credentials, Set<String> roleNames,
			ClientDefaults defaults, SharedClientResources resources, List<AwsClientCustomizer> customizers,
			CacheSettings cacheSettings) {
		this.factory = new ClientFactory(credentials, resources, customizers);
		this.defaults = defaults;
		this.roleNames = Collections.unmodifiableSet(new LinkedHashSet<>(roleNames));
		this.onDemandClients = Caffeine.newBuilder()
			.maximumSize(cacheSettings.maxSize())
			.expireAfterAccess(cacheSettings.expireAfterAccess())
			// Maintenance and closing evicted clients are short tasks: the shared
			// scheduler runs them, not a request thread or the async completion threads.
			.executor(resources.scheduler())
			// Expired clients are closed on time even when nobody calls the registry.
			.scheduler(Scheduler.systemScheduler())
			.removalListener(this::onRemoval)
			.build();
	}

	/**
	 * The default role's client of a type, in the type's default region.
	 * @param <T> the client type
	 * @param type a client interface such as {@code S3Client.class}
	 * @return the shared client
	 * @throws UnsupportedClientTypeException if the type is not an SDK client interface
	 */
	public <T> T client(Class<T> type) {
		checkOpen(type);
		// The commonest call: one map lookup and a field read.
		SdkClient client = typeSettings(type).defaultRoleClient;
		return (client != null) ? type.cast(client) : client(type, RoleCredentialsProviders.DEFAULT_ROLE);
	}

	/**
	 * A role's client of a type, in the type's default region.
	 * @param <T> the client type
	 * @param type a client interface such as {@code S3Client.class}
	 * @param role the role name
	 * @return the shared client
	 * @throws UnknownRoleException if the role is not configured
	 * @throws UnsupportedClientTypeException if the type is not an SDK client interface
	 */
	public <T> T client(Class<T> type, String role) {
		checkOpen(type);
		TypeSettings settings = typeSettings(type);
		// The hot path: one lookup by role in this type's own map, no key to allocate.
		SdkClient client = settings.byRole.get(role);
		if (client == null) {
			ClientKey key = new ClientKey(settings.type, checkRole(role), settings.region, settings.endpoint,
					settings.pathStyleAccess);
			client = buildOnce(key, this.defaultRegionClients::get, this.defaultRegionClients::putIfAbsent);
			settings.byRole.putIfAbsent(role, client);
			if (RoleCredentialsProviders.DEFAULT_ROLE.equals(role)) {
				settings.defaultRoleClient = client;
			}
			checkNotClosedSince(client, key);
		}
		return type.cast(client);
	}

	/**
	 * A role's client of a type in a region.
	 * @param <T> the client type
	 * @param type a client interface such as {@code S3Client.class}
	 * @param role the role name
	 * @param region the region
	 * @return the shared client
	 * @throws UnknownRoleException if the role is not configured
	 * @throws UnsupportedClientTypeException if the type is not an SDK client interface
	 */
	public <T> T client(Class<T> type, String role, Region region) {
		TypeSettings settings = typeSettings(type);
		if (settings.region.equals(region)) {
			return client(type, role);
		}
		checkOpen(type);
		ClientKey key = new ClientKey(settings.type, checkRole(role), region, settings.endpoint,
				settings.pathStyleAccess);
		Map<ClientKey, SdkClient> onDemand = this.onDemandClients.asMap();
		SdkClient client = buildOnce(key, onDemand::get, onDemand::putIfAbsent);
		checkNotClosedSince(client, key);
		return type.cast(client);
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
		return this.defaultRegionClients.size() + this.onDemandClients.estimatedSize();
	}

	/**
	 * Close every client and the shared executors.
	 */
	@Override
	public void close() {
		this.closed = true;
		List<SdkClient> clients = new ArrayList<>(this.defaultRegionClients.values());
		clients.addAll(this.onDemandClients.asMap().values());
		this.defaultRegionClients.clear();
		this.typeSettings.clear();
		this.onDemandClients.invalidateAll();
		clients.forEach(AwsClientRegistry::closeQuietly);
	}

	private TypeSettings typeSettings(Class<?> type) {
		TypeSettings settings = this.typeSettings.get(type);
		return (settings != null) ? settings : this.typeSettings.computeIfAbsent(type, this::createTypeSettings);
	}

	private TypeSettings createTypeSettings(Class<?> type) {
		Class<? extends SdkClient> clientType = SdkClientTypes.requireClientType(type);
		ServiceSettings service = this.defaults.service(SdkClientTypes.serviceId(clientType));
		Region region = (service.region() != null) ? service.region() : this.defaults.region();
		return new TypeSettings(clientType, region,
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
	private void checkNotClosedSince(SdkClient client, ClientKey key) {
		if (this.closed) {
			closeQuietly(client);
			throw new IllegalStateException("AwsClientRegistry is closed; cannot hand out " + key);
		}
	}

	private String checkRole(String role) {
		if (!this.roleNames.contains(role)) {
			throw new UnknownRoleException(role, this.roleNames);
		}
		return role;
	}

	/**
	 * The client of a key from a map, built once if missing: concurrent callers for the
	 * same key wait for the one that builds it.
	 * @param lookup reads the map
	 * @param store puts a client into the map unless one is there, returning that one
	 */
	private SdkClient buildOnce(ClientKey key, Function<ClientKey, @Nullable SdkClient> lookup,
			BiFunction<ClientKey, SdkClient, @Nullable SdkClient> store) {
		SdkClient existing = lookup.apply(key);
		if (existing != null) {
			return existing;
		}
		CompletableFuture<SdkClient> mine = new CompletableFuture<>();
		CompletableFuture<SdkClient> theirs = this.building.putIfAbsent(key, mine);
		if (theirs != null) {
			Set<ClientKey> here = this.buildingHere.get();
			if (here != null && here.contains(key)) {
				throw new IllegalStateException(
						"An AwsClientCustomizer asked the registry for " + key + " while that client was being built");
			}
			return awaitBuild(theirs);
		}
		try {
			// Built and stored by another caller since this one looked.
			existing = lookup.apply(key);
			SdkClient client = (existing != null) ? existing : buildHere(key);
			SdkClient stored = (existing != null) ? null : store.apply(key, client);
			if (stored != null) {
				closeQuietly(client);
				client = stored;
			}
			mine.complete(client);
			return client;
		}
		catch (RuntimeException | Error ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.building.remove(key, mine);
		}
	}

	private SdkClient buildHere(ClientKey key) {
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

	private static SdkClient awaitBuild(CompletableFuture<SdkClient> build) {
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

	private SdkClient build(ClientKey key) {
		SdkClient client = this.factory.build(key);
		if (this.closed) {
			// Built while the registry was closing: nobody would close it later.
			closeQuietly(client);
			throw new IllegalStateException("AwsClientRegistry is closed; cannot hand out " + key);
		}
		this.builds.increment();
		if (logger.isDebugEnabled()) {
			logger.debug("Built " + key);
		}
		return client;
	}

	private void onRemoval(@Nullable ClientKey key, @Nullable SdkClient client, RemovalCause cause) {
		if (cause.wasEvicted() && client != null) {
			if (logger.isDebugEnabled()) {
				logger.debug("Closing " + key + " (" + cause + ")");
			}
			closeQuietly(client);
		}
	}

	private static void closeQuietly(SdkClient client) {
		try {
			client.close();
		}
		catch (RuntimeException ex) {
			logger.warn("Failed to close " + client.serviceName() + " client", ex);
		}
	}

	/**
	 * Where clients of one type go, and the type's default-region clients by role: a read
	 * cache of {@code defaultRegionClients}, which owns them.
	 */
	private static final class TypeSettings {

		final Class<? extends SdkClient> type;

		final Region region;

		final java.net.@Nullable URI endpoint;

		final boolean pathStyleAccess;

		final Map<String, SdkClient> byRole = new ConcurrentHashMap<>();

		volatile @Nullable SdkClient defaultRoleClient;

		TypeSettings(Class<? extends SdkClient> type, Region region, java.net.@Nullable URI endpoint,
				boolean pathStyleAccess) {
			this.type = type;
			this.region = region;
			this.endpoint = endpoint;
			this.pathStyleAccess = pathStyleAccess;
		}

	}

}
