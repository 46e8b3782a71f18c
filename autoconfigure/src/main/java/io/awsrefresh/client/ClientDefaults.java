package io.awsrefresh.client;

import java.net.URI;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.regions.Region;

/**
 * Where clients go unless told otherwise: the default region and endpoint, and overrides
 * per service id.
 *
 * @param region default region
 * @param endpoint default endpoint override, or {@code null}
 * @param services overrides by service id ({@code s3}, {@code sqs}, ...)
 */
record ClientDefaults(Region region, @Nullable URI endpoint, Map<String, ServiceSettings> services) {

	ClientDefaults {
		services = Map.copyOf(services);
	}

	ServiceSettings service(String serviceId) {
		return this.services.getOrDefault(serviceId, ServiceSettings.NONE);
	}

}
