package io.awsrefresh.metrics;

import io.awsrefresh.client.AwsClientRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the client registry:
 * <ul>
 * <li>{@code aws.refresh.clients.size} (gauge): clients held;</li>
 * <li>{@code aws.refresh.clients.requests} (counter, tag {@code result}: {@code hit} or
 * {@code miss}): lookups through the registry (injected beans are looked up once);</li>
 * <li>{@code aws.refresh.clients.builds} (counter): clients built;</li>
 * <li>{@code aws.refresh.clients.evictions} (counter): clients evicted and closed
 * (evictable ones, and the pinned ones of run-time roles that are gone).</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class AwsClientRegistryMetrics implements MeterBinder {

	private final AwsClientRegistry registry;

	/**
	 * Create the meters of a registry.
	 * @param registry the client registry
	 */
	public AwsClientRegistryMetrics(AwsClientRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void bindTo(MeterRegistry meters) {
		Gauge.builder("aws.refresh.clients.size", this.registry, AwsClientRegistry::size)
			.description("AWS clients held by the registry")
			.register(meters);
		FunctionCounter.builder("aws.refresh.clients.requests", this.registry, AwsClientRegistry::hits)
			.description("Lookups of AWS clients through the registry")
			.tags("result", "hit")
			.register(meters);
		FunctionCounter.builder("aws.refresh.clients.requests", this.registry, AwsClientRegistry::misses)
			.description("Lookups of AWS clients through the registry")
			.tags("result", "miss")
			.register(meters);
		FunctionCounter.builder("aws.refresh.clients.builds", this.registry, AwsClientRegistry::builds)
			.description("AWS clients built by the registry")
			.register(meters);
		FunctionCounter.builder("aws.refresh.clients.evictions", this.registry, AwsClientRegistry::evictions)
			.description("AWS clients evicted and closed")
			.register(meters);
	}

}
