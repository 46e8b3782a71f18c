package io.awsrefresh.credentials;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The roles asked for at run time in a bounded Caffeine cache: a role evicted for size or
 * disuse stops refreshing, and the listeners (the client registry) close what was built
 * with it. Only loaded when Caffeine is on the class path.
 */
final class CaffeineRunTimeRoles implements RunTimeRoles {

	private static final Log logger = LogFactory.getLog(CaffeineRunTimeRoles.class);

	private final long maxSize;

	private final Duration expireAfterAccess;

	/**
	 * Built when the first run-time role is asked for: most applications never ask, and a
	 * JVM's first Caffeine cache costs tens of milliseconds of startup.
	 */
	private volatile @Nullable Cache<String, RoleCredentialsProvider> roles;

	private final Object rolesLock = new Object();

	private final List<Consumer<String>> removalListeners = new CopyOnWriteArrayList<>();

	private volatile boolean closed;

	CaffeineRunTimeRoles(long maxSize, Duration expireAfterAccess) {
		this.maxSize = maxSize;
		this.expireAfterAccess = expireAfterAccess;
	}

	private Cache<String, RoleCredentialsProvider> roles() {
		Cache<String, RoleCredentialsProvider> roles = this.roles;
		if (roles == null) {
			synchronized (this.rolesLock) {
				roles = this.roles;
				if (roles == null) {
					roles = Caffeine.newBuilder()
						.maximumSize(this.maxSize)
						.expireAfterAccess(this.expireAfterAccess)
						// Removal is handled on the thread that caused it: a role's
						// engine
						// stops at once, and nothing is queued behind a busy pool.
						.executor(Runnable::run)
						// Unused roles expire on time even when nobody asks for a role.
						.scheduler(Scheduler.systemScheduler())
						.removalListener(this::onRemoval)
						.build();
					this.roles = roles;
				}
			}
		}
		return roles;
	}

	@Override
	public RoleCredentialsProvider get(String name, Supplier<RoleCredentialsProvider> create) {
		checkOpen(name);
		Cache<String, RoleCredentialsProvider> roles = roles();
		RoleCredentialsProvider role = roles.get(name, (key) -> {
			RoleCredentialsProvider created = create.get();
			RefreshEngine engine = created.engine();
			if (engine != null) {
				// Reading its credentials is using the role: a client built on it and
				// kept (the usual way) would otherwise let it expire for disuse.
				engine.onUse(() -> touch(name));
			}
			return created;
		});
		if (this.closed) {
			// Created as the roles closed, perhaps after they were let go of: not held
			// by a cache that nothing closes again.
			roles.invalidate(name);
			checkOpen(name);
		}
		return role;
	}

	private void checkOpen(String name) {
		if (this.closed) {
			throw new IllegalStateException(
					"Run-time role '" + name + "' cannot be created: the application is shutting down");
		}
	}

	private void touch(String name) {
		Cache<String, RoleCredentialsProvider> roles = this.roles;
		if (roles != null) {
			roles.getIfPresent(name);
		}
	}

	@Override
	public @Nullable RoleCredentialsProvider getIfPresent(String name) {
		Cache<String, RoleCredentialsProvider> roles = this.roles;
		return (roles != null) ? roles.getIfPresent(name) : null;
	}

	@Override
	public @Nullable RoleCredentialsProvider peek(String name) {
		Cache<String, RoleCredentialsProvider> roles = this.roles;
		return (roles != null) ? roles.policy().getIfPresentQuietly(name) : null;
	}

	@Override
	public List<RoleCredentialsProvider> held() {
		Cache<String, RoleCredentialsProvider> roles = this.roles;
		// Iterating the map view reads no entry as accessed: a health check or a meter
		// keeps no role from expiring.
		return (roles != null) ? List.copyOf(roles.asMap().values()) : List.of();
	}

	@Override
	public long size() {
		Cache<String, RoleCredentialsProvider> roles = this.roles;
		if (roles == null) {
			return 0;
		}
		roles.cleanUp();
		return roles.estimatedSize();
	}

	@Override
	public void onRemoved(Consumer<String> listener) {
		this.removalListeners.add(listener);
	}

	@Override
	public void close() {
		this.closed = true;
		Cache<String, RoleCredentialsProvider> roles = this.roles;
		if (roles != null) {
			roles.invalidateAll();
			roles.cleanUp();
		}
	}

	private void onRemoval(@Nullable String name, @Nullable RoleCredentialsProvider role, RemovalCause cause) {
		if (role == null || name == null || cause == RemovalCause.REPLACED) {
			return;
		}
		RefreshEngine engine = role.engine();
		if (engine != null) {
			// Explicit: the registry closing. Otherwise the bounds of
			// aws.refresh.run-time-roles let it go, and a client kept on it says so.
			if (cause == RemovalCause.EXPLICIT) {
				engine.close();
			}
			else {
				// A caller waiting for its fetch meanwhile still gets what STS answers.
				engine.letGo("it was removed from the run-time roles (" + cause.name().toLowerCase(Locale.ROOT)
						+ ", aws.refresh.run-time-roles.*); ask for the role again");
			}
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Run-time role '" + name + "' removed (" + cause + ")");
		}
		for (Consumer<String> listener : this.removalListeners) {
			try {
				listener.accept(name);
			}
			catch (RuntimeException ex) {
				logger.warn("Failed to tell a listener that run-time role '" + name + "' was removed", ex);
			}
		}
	}

}
