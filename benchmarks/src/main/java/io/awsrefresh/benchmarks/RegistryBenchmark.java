package io.awsrefresh.benchmarks;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a registry hit costs, against the two baselines of the same run: a
 * {@link ConcurrentHashMap#get} of the same key, and building the client.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Daws.disableEc2Metadata=true", "-Xmx1g" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RegistryBenchmark {

	private static final URI ENDPOINT = URI.create("http://127.0.0.1:4566");

	private Registries registries;

	private final ConcurrentHashMap<ClientKey, Object> map = new ConcurrentHashMap<>();

	private ClientKey key;

	/**
	 * A key of the same shape as the registry's own.
	 */
	private record ClientKey(Class<?> type, String role, Region region, URI endpoint, boolean pathStyleAccess) {

	}

	@Setup
	public void setUp() {
		this.registries = new Registries(ENDPOINT, Set.of("default"));
		S3Client client = this.registries.registry.client(S3Client.class);
		this.registries.registry.client(S3Client.class, "default", Region.EU_WEST_3);
		this.key = new ClientKey(S3Client.class, "default", Region.US_EAST_1, ENDPOINT, false);
		this.map.put(this.key, client);
	}

	@TearDown
	public void tearDown() {
		this.registries.close();
	}

	/**
	 * Baseline: the cheapest thread-safe lookup of the same key.
	 */
	@Benchmark
	public Object concurrentHashMapGet() {
		return this.map.get(this.key);
	}

	/**
	 * What {@code @Autowired} and {@code registry.client(S3Client.class)} cost once
	 * built.
	 */
	@Benchmark
	public Object registryHit() {
		return this.registries.registry.client(S3Client.class);
	}

	/**
	 * A client for another region, from the bounded Caffeine cache.
	 */
	@Benchmark
	public Object registryHitOtherRegion() {
		return this.registries.registry.client(S3Client.class, "default", Region.EU_WEST_3);
	}

	/**
	 * Baseline: building the client as the registry does (shared HTTP client), and
	 * closing it.
	 */
	@Benchmark
	public Object buildClient() {
		try (S3Client client = S3Client.builder()
			.region(Region.US_EAST_1)
			.endpointOverride(ENDPOINT)
			.credentialsProvider(Registries.CREDENTIALS)
			.httpClient(this.registries.httpClient)
			.build()) {
			return client;
		}
	}

	/**
	 * Baseline: building the client the SDK's default way (its own HTTP client), and
	 * closing it.
	 */
	@Benchmark
	public Object buildClientDefaultWay() {
		try (S3Client client = S3Client.builder()
			.region(Region.US_EAST_1)
			.endpointOverride(ENDPOINT)
			.credentialsProvider(Registries.CREDENTIALS)
			.build()) {
			return client;
		}
	}

}
