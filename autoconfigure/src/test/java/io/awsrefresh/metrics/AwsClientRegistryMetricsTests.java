package io.awsrefresh.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.awsrefresh.client.AwsClientInfo;
import io.awsrefresh.client.AwsClientListener;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.client.SharedClientResources;
import io.awsrefresh.credentials.StsHttpStub;
import io.awsrefresh.test.Await;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's meters read it live: the clients held, the lookups that found a client
 * and those that had to build or wait for one, the clients built, and the evictable
 * clients evicted, whether on request or for size. They agree with what the registry's
 * listeners are told. Building a client calls nobody.
 */
class AwsClientRegistryMetricsTests {

	private final StsHttpStub http = new StsHttpStub();

	private final SharedClientResources resources = new SharedClientResources(() -> this.http, () -> null);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final List<String> created = new CopyOnWriteArrayList<>();

	private final List<String> evicted = new CopyOnWriteArrayList<>();

	private final AwsClientListener listener = new AwsClientListener() {

		@Override
		public void onCreated(AwsClientInfo client) {
			AwsClientRegistryMetricsTests.this.created.add(client.id());
		}

		@Override
		public void onEvicted(AwsClientInfo client, EvictionCause cause) {
			AwsClientRegistryMetricsTests.this.evicted.add(client.id() + " " + cause);
		}

	};

	@AfterEach
	void close() {
		this.meters.close();
		this.resources.close();
	}

	@Test
	void bindsAGaugeOfTheClientsHeldAndCountersOfLookupsBuildsAndEvictions() {
		try (AwsClientRegistry registry = registry(64)) {
			new AwsClientRegistryMetrics(registry).bindTo(this.meters);
			assertThat(this.meters.getMeters()).extracting((meter) -> meter.getId().getName() + tags(meter))
				.containsExactlyInAnyOrder("aws.refresh.clients.size", "aws.refresh.clients.requests[result=hit]",
						"aws.refresh.clients.requests[result=miss]", "aws.refresh.clients.builds",
						"aws.refresh.clients.evictions");
			assertThat(this.meters.get("aws.refresh.clients.size").gauge().getId().getDescription())
				.isEqualTo("AWS clients held by the registry");
			assertThat(this.meters.get("aws.refresh.clients.requests").tag("result", "hit").functionCounter())
				.isInstanceOf(FunctionCounter.class);
			assertThat(values()).containsExactly(0.0, 0.0, 0.0, 0.0, 0.0);
		}
	}

	@Test
	void theMetersFollowTheRegistryAsClientsAreBuiltLookedUpAndEvicted() {
		try (AwsClientRegistry registry = registry(64)) {
			new AwsClientRegistryMetrics(registry).bindTo(this.meters);
			S3Client s3 = registry.client(S3Client.class);
			assertThat(registry.client(S3Client.class)).isSameAs(s3);
			SqsClient london = registry.client(SqsClient.class, "default", Region.EU_WEST_2);
			assertThat(registry.client(SqsClient.class, "default", Region.EU_WEST_2)).isSameAs(london);
			registry.client(SqsClient.class, "default", Region.EU_WEST_3);
			registry.client(StsClient.class, "default", Region.EU_WEST_3);
			// size, hits, misses, builds, evictions
			assertThat(values()).containsExactly(4.0, 2.0, 4.0, 4.0, 0.0);
			assertThat(registry.evict("SqsClient:default:eu-west-2")).isTrue();
			assertThat(values()).containsExactly(3.0, 2.0, 4.0, 4.0, 1.0);
			assertThat(registry.evictAll()).isEqualTo(2);
			assertThat(values()).containsExactly(1.0, 2.0, 4.0, 4.0, 3.0);
			// Asked for again, an evicted client is a miss and a new build.
			assertThat(registry.client(SqsClient.class, "default", Region.EU_WEST_2)).isNotSameAs(london);
			assertThat(values()).containsExactly(2.0, 2.0, 5.0, 5.0, 3.0);
			assertThat(this.created).hasSize(5);
			// Evicted on request: the one by id first, then the rest in whatever order.
			assertThat(this.evicted).first().isEqualTo("SqsClient:default:eu-west-2 REQUESTED");
			assertThat(this.evicted).containsExactlyInAnyOrder("SqsClient:default:eu-west-2 REQUESTED",
					"SqsClient:default:eu-west-3 REQUESTED", "StsClient:default:eu-west-3 REQUESTED");
		}
	}

	@Test
	void clientsEvictedForSizeAreCountedAndClosingTheRegistryIsNot() {
		try (AwsClientRegistry registry = registry(1)) {
			new AwsClientRegistryMetrics(registry).bindTo(this.meters);
			registry.client(S3Client.class);
			registry.client(SqsClient.class, "default", Region.EU_WEST_2);
			registry.client(SqsClient.class, "default", Region.EU_WEST_3);
			// The bound holds when the lookup returns: one pinned client, one on demand.
			assertThat(gauge()).isEqualTo(2.0);
			// The evicted client is closed, counted and reported on the maintenance
			// executor, the listeners last.
			Await.until(() -> this.evicted.size() == 1);
			assertThat(counter("aws.refresh.clients.evictions")).isOne();
			assertThat(this.evicted).singleElement()
				.asString()
				.startsWith("SqsClient:default:eu-west-")
				.endsWith(" SIZE");
			assertThat(counter("aws.refresh.clients.builds")).isEqualTo(3.0);
			assertThat(this.created).hasSize(3);
			registry.close();
			assertThat(gauge()).isZero();
			assertThat(counter("aws.refresh.clients.evictions")).isOne();
			assertThat(counter("aws.refresh.clients.builds")).isEqualTo(3.0);
			assertThat(this.evicted).hasSize(1);
		}
	}

	private AwsClientRegistry registry(long maxSize) {
		return AwsClientRegistry.builder(this.resources)
			.role("default", StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
			.region(Region.EU_WEST_1)
			.listeners(List.of(this.listener))
			.cache(maxSize, Duration.ofHours(1))
			.build();
	}

	/**
	 * The size, hits, misses, builds and evictions, in that order.
	 */
	private List<Double> values() {
		return List.of(gauge(),
				this.meters.get("aws.refresh.clients.requests").tag("result", "hit").functionCounter().count(),
				this.meters.get("aws.refresh.clients.requests").tag("result", "miss").functionCounter().count(),
				counter("aws.refresh.clients.builds"), counter("aws.refresh.clients.evictions"));
	}

	private double gauge() {
		Gauge gauge = this.meters.get("aws.refresh.clients.size").gauge();
		return gauge.value();
	}

	private double counter(String name) {
		return this.meters.get(name).functionCounter().count();
	}

	private static String tags(Meter meter) {
		return meter.getId().getTags().isEmpty() ? ""
				: meter.getId()
					.getTags()
					.stream()
					.map((tag) -> tag.getKey() + "=" + tag.getValue())
					.toList()
					.toString();
	}

}
