package io.awsrefresh.autoconfigure;

import io.awsrefresh.credentials.RoleDefinition;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Caffeine is an optional dependency of this module (the starter brings it): the client
 * registry's cache of on-demand clients and the cache of run-time roles are Caffeine's.
 * Without it the configured roles work, the registry backs off, and a role template,
 * whose roles would need the cache, stops startup.
 */
final class OptionalCaffeine {

	static final String CACHE_CLASS = "com.github.benmanes.caffeine.cache.Caffeine";

	private OptionalCaffeine() {
	}

	/**
	 * Whether Caffeine is on the application's class path.
	 * @param classLoader the application's class loader
	 * @return {@code true} if it is
	 */
	static boolean isPresent(@Nullable ClassLoader classLoader) {
		return ClassUtils.isPresent(CACHE_CLASS, classLoader);
	}

	/**
	 * What is wrong with a role template when Caffeine is missing: the role could never
	 * be used.
	 */
	static InvalidAwsRefreshPropertyException templateNeedsCaffeine(String key, String roleArn) {
		return new InvalidAwsRefreshPropertyException(key, roleArn,
				"a role template makes a role in each account asked for, held in a bounded Caffeine cache, "
						+ "and Caffeine is not on the class path: add com.github.ben-manes.caffeine:caffeine "
						+ "(aws-refresh-spring-boot-starter brings it), or name one account",
				key + "=" + roleArn.replace(RoleDefinition.ACCOUNT, "123456789012"));
	}

}
