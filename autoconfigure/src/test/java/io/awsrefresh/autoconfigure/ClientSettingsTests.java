package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.awsrefresh.autoconfigure.AwsRefreshProperties.Cache;
import io.awsrefresh.autoconfigure.AwsRefreshProperties.Service;
import io.awsrefresh.autoconfigure.ClientSettings.CacheBounds;
import io.awsrefresh.autoconfigure.ClientSettings.RunTimeRoleBounds;
import io.awsrefresh.autoconfigure.ClientSettings.ServiceOverride;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads and checks the keys of the client registry: the bounds of run-time roles (the
 * current keys, else the deprecated {@code sessions.*} ones, each checked under the key
 * it was set with), the bounds of the client cache, and each service's region, endpoint
 * and path-style addressing; whether a service id exists is checked on its own.
 */
@SuppressWarnings("deprecation")
class ClientSettingsTests {

	private final AwsRefreshProperties properties = new AwsRefreshProperties();

	private final PropertyProblems problems = new PropertyProblems();

	@Test
	void runTimeRolesHaveDefaultBoundsWhenNoKeyIsSet() {
		assertThat(ClientSettings.runTimeRoles(this.properties, this.problems))
			.isEqualTo(new RunTimeRoleBounds(1000, Duration.ofHours(1)))
			.isEqualTo(RunTimeRoleBounds.DEFAULTS);
		assertThat(this.problems.list()).isEmpty();
	}

	@Test
	void runTimeRolesKeysWinOverTheDeprecatedSessionsKeys() {
		this.properties.getRunTimeRoles().setMaxSize(200L);
		this.properties.getRunTimeRoles().setExpireAfterAccess(Duration.ofMinutes(10));
		this.properties.getSessions().setMaxSize(5L);
		this.properties.getSessions().setExpireAfterAccess(Duration.ofMinutes(1));
		assertThat(ClientSettings.runTimeRoles(this.properties, this.problems))
			.isEqualTo(new RunTimeRoleBounds(200, Duration.ofMinutes(10)));
	}

	@Test
	void deprecatedSessionsKeysApplyWhereTheRunTimeRolesKeysAreNotSet() {
		this.properties.getRunTimeRoles().setMaxSize(200L);
		this.properties.getSessions().setMaxSize(5L);
		this.properties.getSessions().setExpireAfterAccess(Duration.ofMinutes(1));
		assertThat(ClientSettings.runTimeRoles(this.properties, this.problems))
			.isEqualTo(new RunTimeRoleBounds(200, Duration.ofMinutes(1)));
	}

	@Test
	void invalidRunTimeRolesBoundsAreReportedUnderTheirKeys() {
		this.properties.getRunTimeRoles().setMaxSize(0L);
		this.properties.getRunTimeRoles().setExpireAfterAccess(Duration.ZERO);
		ClientSettings.runTimeRoles(this.properties, this.problems);
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getProperty)
			.containsExactly("aws.refresh.run-time-roles.max-size", "aws.refresh.run-time-roles.expire-after-access");
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getValue)
			.containsExactly("0", "0s");
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getExample)
			.containsExactly("aws.refresh.run-time-roles.max-size=1000",
					"aws.refresh.run-time-roles.expire-after-access=1h");
	}

	@Test
	void invalidDeprecatedBoundsAreReportedUnderTheDeprecatedKeys() {
		this.properties.getSessions().setMaxSize(-1L);
		this.properties.getSessions().setExpireAfterAccess(Duration.ofSeconds(-5));
		ClientSettings.runTimeRoles(this.properties, this.problems);
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getProperty)
			.containsExactly("aws.refresh.sessions.max-size", "aws.refresh.sessions.expire-after-access");
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getReason)
			.containsExactly("must be at least 1", "must be positive");
	}

	@Test
	void invalidDeprecatedBoundHiddenByAValidCurrentKeyIsNotReported() {
		this.properties.getRunTimeRoles().setMaxSize(10L);
		this.properties.getRunTimeRoles().setExpireAfterAccess(Duration.ofMinutes(5));
		this.properties.getSessions().setMaxSize(0L);
		this.properties.getSessions().setExpireAfterAccess(Duration.ZERO);
		ClientSettings.runTimeRoles(this.properties, this.problems);
		assertThat(this.problems.list()).isEmpty();
	}

	@Test
	void eachRunTimeRolesBoundIsCheckedUnderTheKeyItCameFrom() {
		// The size from the current key, the expiry from the deprecated one.
		this.properties.getRunTimeRoles().setMaxSize(0L);
		this.properties.getSessions().setExpireAfterAccess(Duration.ZERO);
		ClientSettings.runTimeRoles(this.properties, this.problems);
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getProperty)
			.containsExactly("aws.refresh.run-time-roles.max-size", "aws.refresh.sessions.expire-after-access");
	}

	@Test
	void cacheBoundsAreReadAsSet() {
		Cache cache = new Cache();
		assertThat(CacheBounds.read(cache, this.problems)).isEqualTo(new CacheBounds(64, Duration.ofMinutes(30)));
		cache.setMaxSize(500);
		cache.setExpireAfterAccess(Duration.ofMinutes(5));
		assertThat(CacheBounds.read(cache, this.problems)).isEqualTo(new CacheBounds(500, Duration.ofMinutes(5)));
		assertThat(this.problems.list()).isEmpty();
	}

	@Test
	void invalidCacheBoundsAreEachReportedWithAnExample() {
		Cache cache = new Cache();
		cache.setMaxSize(0);
		cache.setExpireAfterAccess(Duration.ofSeconds(-1));
		CacheBounds.read(cache, this.problems);
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getProperty)
			.containsExactly("aws.refresh.cache.max-size", "aws.refresh.cache.expire-after-access");
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getValue)
			.containsExactly("0", "-1s");
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getExample)
			.containsExactly("aws.refresh.cache.max-size=64", "aws.refresh.cache.expire-after-access=30m");
	}

	@Test
	void servicesAreReadWithTheirRegionEndpointAndPathStyleAccess() {
		Map<String, Service> services = new LinkedHashMap<>();
		services.put("s3", service(" eu-central-1 ", "http://127.0.0.1:4566", true));
		services.put("sqs", service(null, null, false));
		services.put("sts", service("  ", "https://sts.eu-west-1.amazonaws.com", false));
		Map<String, ServiceOverride> settings = ClientSettings.services(services, this.problems);
		assertThat(settings).containsExactly(
				Map.entry("s3", new ServiceOverride(Region.EU_CENTRAL_1, URI.create("http://127.0.0.1:4566"), true)),
				Map.entry("sqs", new ServiceOverride(null, null, false)),
				Map.entry("sts", new ServiceOverride(null, URI.create("https://sts.eu-west-1.amazonaws.com"), false)));
		assertThat(this.problems.list()).isEmpty();
	}

	@Test
	void invalidRegionOrEndpointIsReportedUnderTheServicesKeyAndReadsAsUnset() {
		Map<String, Service> services = new LinkedHashMap<>();
		services.put("s3", service("Europe", "localhost:4566", false));
		services.put("sqs", service("eu-west-1", "ftp://admin:hunter2@127.0.0.1:21", false));
		Map<String, ServiceOverride> settings = ClientSettings.services(services, this.problems);
		assertThat(settings.get("s3")).isEqualTo(new ServiceOverride(null, null, false));
		assertThat(settings.get("sqs")).isEqualTo(new ServiceOverride(Region.EU_WEST_1, null, false));
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getProperty)
			.containsExactly("aws.refresh.services.s3.region", "aws.refresh.services.s3.endpoint",
					"aws.refresh.services.sqs.endpoint");
		assertThat(this.problems.list().get(2).getValue()).doesNotContain("hunter2");
	}

	@Test
	void pathStyleAccessIsForS3Only() {
		Map<String, Service> services = new LinkedHashMap<>();
		services.put("s3", service(null, null, true));
		services.put("sqs", service(null, null, true));
		ClientSettings.services(services, this.problems);
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.services.sqs.path-style-access");
			assertThat(problem.getValue()).isEqualTo("true");
			assertThat(problem.getReason()).isEqualTo("path-style addressing exists for S3 only");
			assertThat(problem.getExample()).isEqualTo("aws.refresh.services.s3.path-style-access=true");
		});
	}

	@Test
	void invalidPathStyleAccessReadsAsUnset() {
		// As every invalid value of a service does (see ClientSettings.services).
		Map<String, ServiceOverride> settings = ClientSettings.services(Map.of("sqs", service(null, null, true)),
				this.problems);
		assertThat(this.problems.list()).hasSize(1);
		assertThat(settings.get("sqs").pathStyleAccess()).isFalse();
	}

	@Test
	void unknownServiceIdsAreReportedOnlyByCheckServiceIds() {
		Map<String, Service> services = new LinkedHashMap<>();
		services.put("dynamo", service(null, "http://127.0.0.1:4566", false));
		services.put("s3", service(null, "http://127.0.0.1:4566", false));
		Map<String, ServiceOverride> settings = ClientSettings.services(services, this.problems);
		assertThat(settings).containsOnlyKeys("dynamo", "s3");
		assertThat(this.problems.list()).isEmpty();
		Set<String> found = new LinkedHashSet<>(List.of("s3", "sqs", "sts"));
		ClientSettings.checkServiceIds(settings.keySet(), found, this.problems);
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.services.dynamo");
			assertThat(problem.getValue()).isNull();
			assertThat(problem.getReason())
				.isEqualTo("no AWS SDK client on the classpath has the service id 'dynamo'; service ids found: "
						+ "[s3, sqs, sts]");
			assertThat(problem.getExample()).isEqualTo("aws.refresh.services.s3.endpoint=http://127.0.0.1:4566");
		});
	}

	@Test
	void knownServiceIdsPassTheCheck() {
		ClientSettings.checkServiceIds(Set.of("s3", "sts"), Set.of("s3", "sqs", "sts"), this.problems);
		ClientSettings.checkServiceIds(Set.of(), Set.of("s3"), this.problems);
		assertThat(this.problems.list()).isEmpty();
	}

	private static Service service(@Nullable String region, @Nullable String endpoint, boolean pathStyleAccess) {
		Service service = new Service();
		service.setRegion(region);
		service.setEndpoint((endpoint != null) ? URI.create(endpoint) : null);
		service.setPathStyleAccess(pathStyleAccess);
		return service;
	}

}
