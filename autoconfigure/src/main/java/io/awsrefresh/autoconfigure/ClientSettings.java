package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.awsrefresh.autoconfigure.AwsRefreshProperties.Cache;
import io.awsrefresh.autoconfigure.AwsRefreshProperties.Service;
import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.regions.Region;

/**
 * Reads and checks the keys of the client registry: {@code aws.refresh.cache.*} and
 * {@code aws.refresh.services.*}.
 */
final class ClientSettings {

	private static final String SERVICES = "aws.refresh.services";

	private ClientSettings() {
	}

	/**
	 * Where the clients of one service go.
	 *
	 * @param region the service's region, or {@code null} for the default
	 * @param endpoint the service's endpoint, or {@code null} for the default
	 * @param pathStyleAccess whether S3 path-style addressing is forced
	 */
	record ServiceOverride(@Nullable Region region, @Nullable URI endpoint, boolean pathStyleAccess) {

	}

	/**
	 * The bounds of run-time roles: {@code aws.refresh.run-time-roles}, else the
	 * deprecated {@code aws.refresh.sessions}, else the defaults, each checked under the
	 * key it was set with.
	 */
	@SuppressWarnings("deprecation")
	static RunTimeRoleBounds runTimeRoles(AwsRefreshProperties properties, PropertyProblems problems) {
		AwsRefreshProperties.RunTimeRoles bounds = properties.getRunTimeRoles();
		AwsRefreshProperties.Sessions old = properties.getSessions();
		boolean oldMaxSize = bounds.getMaxSize() == null && old.getMaxSize() != null;
		long maxSize = first(bounds.getMaxSize(), old.getMaxSize(), RunTimeRoleBounds.DEFAULTS.maxSize());
		if (maxSize < 1) {
			String key = oldMaxSize ? "aws.refresh.sessions.max-size" : "aws.refresh.run-time-roles.max-size";
			problems.add(new InvalidAwsRefreshPropertyException(key, maxSize, "must be at least 1",
					"aws.refresh.run-time-roles.max-size=1000"));
		}
		boolean oldExpiry = bounds.getExpireAfterAccess() == null && old.getExpireAfterAccess() != null;
		Duration expireAfterAccess = first(bounds.getExpireAfterAccess(), old.getExpireAfterAccess(),
				RunTimeRoleBounds.DEFAULTS.expireAfterAccess());
		problems.check(() -> PropertyValues.positive(oldExpiry ? "aws.refresh.sessions.expire-after-access"
				: "aws.refresh.run-time-roles.expire-after-access", expireAfterAccess, "1h"));
		return new RunTimeRoleBounds(maxSize, expireAfterAccess);
	}

	private static <T> T first(@Nullable T value, @Nullable T deprecated, T fallback) {
		return (value != null) ? value : (deprecated != null) ? deprecated : fallback;
	}

	/**
	 * How many run-time roles are held, and how long one nobody uses is.
	 *
	 * @param maxSize most run-time roles held
	 * @param expireAfterAccess how long an unused run-time role is held
	 */
	record RunTimeRoleBounds(long maxSize, Duration expireAfterAccess) {

		static final RunTimeRoleBounds DEFAULTS = new RunTimeRoleBounds(1000, Duration.ofHours(1));

	}

	/**
	 * How many on-demand clients are held, and how long one nobody uses is.
	 *
	 * @param maxSize most clients held
	 * @param expireAfterAccess how long an unused client is held
	 */
	record CacheBounds(long maxSize, Duration expireAfterAccess) {

		static CacheBounds read(Cache cache, PropertyProblems problems) {
			if (cache.getMaxSize() < 1) {
				problems.add(new InvalidAwsRefreshPropertyException("aws.refresh.cache.max-size", cache.getMaxSize(),
						"must be at least 1", "aws.refresh.cache.max-size=64"));
			}
			problems.check(() -> PropertyValues.positive("aws.refresh.cache.expire-after-access",
					cache.getExpireAfterAccess(), "30m"));
			return new CacheBounds(cache.getMaxSize(), cache.getExpireAfterAccess());
		}

	}

	/**
	 * The settings of each service, by service id, each value checked on its own; an
	 * invalid one reads as unset. Whether each id is that of a client on the class path
	 * is checked once the client types are known
	 * ({@link #checkServiceIds(Set, Set, PropertyProblems)}).
	 * @param services the bound keys
	 * @param problems where invalid values go
	 * @return the settings
	 */
	static Map<String, ServiceOverride> services(Map<String, Service> services, PropertyProblems problems) {
		Map<String, ServiceOverride> settings = new LinkedHashMap<>();
		services.forEach((id, service) -> {
			String prefix = AwsRefreshKeys.entry(SERVICES, id) + ".";
			boolean pathStyleAccess = service.isPathStyleAccess() && "s3".equals(id);
			if (service.isPathStyleAccess() && !pathStyleAccess) {
				problems.add(new InvalidAwsRefreshPropertyException(prefix + "path-style-access", true,
						"path-style addressing exists for S3 only", SERVICES + ".s3.path-style-access=true"));
			}
			String region = PropertyValues.blankToNull(service.getRegion());
			URI endpoint = service.getEndpoint();
			settings.put(id, new ServiceOverride(
					(region != null) ? problems.check(() -> PropertyValues.region(prefix + "region", region.strip()))
							: null,
					(endpoint != null) ? problems.check(() -> PropertyValues.endpoint(prefix + "endpoint", endpoint))
							: null,
					pathStyleAccess));
		});
		return Collections.unmodifiableMap(settings);
	}

	/**
	 * Report each configured service id that no SDK client on the class path has.
	 * @param configured the ids under {@code aws.refresh.services}
	 * @param serviceIds the ids of the SDK clients on the class path
	 * @param problems where mistakes go
	 */
	static void checkServiceIds(Set<String> configured, Set<String> serviceIds, PropertyProblems problems) {
		for (String id : configured) {
			if (!serviceIds.contains(id)) {
				problems.add(
						new InvalidAwsRefreshPropertyException(AwsRefreshKeys.entry(SERVICES, id), null,
								"no AWS SDK client on the classpath has the service id '" + id
										+ "'; service ids found: " + serviceIds,
								SERVICES + ".s3.endpoint=http://127.0.0.1:4566"));
			}
		}
	}

}
