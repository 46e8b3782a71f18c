package io.awsrefresh.credentials;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The roles asked for at run time (a template for an account, or a role built in code),
 * held in a bounded cache. The cache is Caffeine's, an optional dependency: without it,
 * the configured roles work and asking for a run-time role fails, saying what to add.
 */
interface RunTimeRoles extends AutoCloseable {

	/**
	 * The class whose presence makes run-time roles available.
	 */
	String CACHE_CLASS = "com.github.benmanes.caffeine.cache.Caffeine";

	/**
	 * Why run-time roles are not available without it.
	 */
	String CACHE_MISSING = "role templates in an account and roles built in code are held in a bounded "
			+ "Caffeine cache, and Caffeine is not on the class path: add com.github.ben-manes.caffeine:caffeine "
			+ "(aws-refresh-spring-boot-starter brings it)";

	/**
	 * The role of a name, created if missing.
	 * @param name the role's name
	 * @param create creates it
	 * @return the role
	 * @throws IllegalStateException if run-time roles are not available
	 */
	RoleCredentialsProvider get(String name, Supplier<RoleCredentialsProvider> create);

	/**
	 * Every role held now. Reading them (their status, their tag name) is not using them:
	 * it keeps none of them from expiring for disuse.
	 * @return the roles, in no particular order
	 */
	List<RoleCredentialsProvider> held();

	/**
	 * The role of a name, if it is held.
	 * @param name the role's name
	 * @return the role, or {@code null}
	 */
	@Nullable RoleCredentialsProvider getIfPresent(String name);

	/**
	 * The role of a name, if it is held, without using it: it is not kept from expiring
	 * for disuse by being looked at (for its tag name, say).
	 * @param name the role's name
	 * @return the role, or {@code null}
	 */
	@Nullable RoleCredentialsProvider peek(String name);

	/**
	 * How many roles are held.
	 * @return the count
	 */
	long size();

	/**
	 * Be told the name of each role removed.
	 * @param listener the listener
	 */
	void onRemoved(Consumer<String> listener);

	@Override
	void close();

	/**
	 * Run-time roles in a cache of the given bounds, or none if its class is missing.
	 * @param available whether the cache's class is on the class path
	 * @param maxSize most roles held
	 * @param expireAfterAccess how long an unused role is held
	 * @return the run-time roles
	 */
	static RunTimeRoles create(boolean available, long maxSize, Duration expireAfterAccess) {
		return available ? new CaffeineRunTimeRoles(maxSize, expireAfterAccess) : Unavailable.INSTANCE;
	}

	/**
	 * No cache to hold run-time roles in.
	 */
	enum Unavailable implements RunTimeRoles {

		INSTANCE;

		@Override
		public RoleCredentialsProvider get(String name, Supplier<RoleCredentialsProvider> create) {
			throw new IllegalStateException("Cannot create run-time role '" + name + "': " + CACHE_MISSING);
		}

		@Override
		public List<RoleCredentialsProvider> held() {
			return List.of();
		}

		@Override
		public @Nullable RoleCredentialsProvider getIfPresent(String name) {
			return null;
		}

		@Override
		public @Nullable RoleCredentialsProvider peek(String name) {
			return null;
		}

		@Override
		public long size() {
			return 0;
		}

		@Override
		public void onRemoved(Consumer<String> listener) {
		}

		@Override
		public void close() {
		}

	}

}
