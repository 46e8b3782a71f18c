package io.awsrefresh.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.awsrefresh.benchmarks.ClientKeyTraces.ClientKey;
import io.awsrefresh.benchmarks.ClientKeyTraces.Trace;

/**
 * Hit rates of the registry's cache of on-demand clients against a plain LRU and a plain
 * LFU of the same size, on the request traces of {@link ClientKeyTraces}. It answers
 * whether the registry's cache is at least as good as the LRU and LFU policies that
 * boto3-client-cache offers; a miss there means building a client, so the hit rate is
 * what matters, not the time of a lookup. Hit rates are counts, so this is a plain
 * program rather than a JMH benchmark.
 * <p>
 * Caffeine is built as {@code AwsClientRegistry} builds it ({@code maximumSize} and
 * {@code expireAfterAccess}, here a year, long enough never to expire anything), except
 * that maintenance runs on the calling thread ({@code executor(Runnable::run)}) so that
 * the policy sees every request in order, and that there is no removal listener or
 * scheduler, neither of which decides what is evicted. A hit is counted by Caffeine's own
 * statistics for {@code get(key, loader)}: a request is a miss exactly when the loader
 * runs. Caffeine's admission still draws from {@code ThreadLocalRandom} when a warm
 * candidate ties with its victim, so each Caffeine cell is run several times; the lowest
 * hit rate is the one compared with LRU and LFU.
 * <p>
 * Run with {@code java -cp ... io.awsrefresh.benchmarks.CachePolicies [outputFile]}: the
 * report always goes to standard output, and to {@code outputFile} too when it is given.
 */
public final class CachePolicies {

	private static final int ACCOUNTS = 1000;

	/** The registry's default {@code aws.refresh.cache.max-size}, and a larger one. */
	private static final int[] CACHE_SIZES = { 64, 512 };

	private static final int CAFFEINE_RUNS = 3;

	private static final Duration EXPIRE_AFTER_ACCESS = Duration.ofDays(365);

	private CachePolicies() {
	}

	public static void main(String[] args) throws IOException {
		long start = System.nanoTime();
		ClientKeyTraces traces = new ClientKeyTraces(ACCOUNTS, 1);
		List<Trace> all = List.of(traces.zipf(0.9, 2_000_000, 11), traces.zipfWithScans(0.9, 2_000_000, 5_000, 256, 12),
				traces.zipfWithScans(0.9, 2_000_000, 20_000, 2_048, 13),
				traces.shiftingHotSet(192, 50_000, 0.9, 2_000_000, 14),
				traces.shiftingHotSet(1_536, 50_000, 0.9, 2_000_000, 15), traces.loop(768, 1_000_000, 16));
		List<Row> rows = new ArrayList<>();
		for (Trace trace : all) {
			for (int size : CACHE_SIZES) {
				rows.add(measure(trace, size));
			}
		}
		String report = report(traces, all, rows, Duration.ofNanos(System.nanoTime() - start));
		System.out.print(report);
		if (args.length > 0) {
			Files.writeString(Path.of(args[0]), report, StandardCharsets.UTF_8);
		}
	}

	private static Row measure(Trace trace, int size) {
		long caffeineMin = Long.MAX_VALUE;
		long caffeineMax = Long.MIN_VALUE;
		for (int run = 0; run < CAFFEINE_RUNS; run++) {
			long hits = caffeineHits(trace.requests(), size);
			caffeineMin = Math.min(caffeineMin, hits);
			caffeineMax = Math.max(caffeineMax, hits);
		}
		return new Row(trace.name(), size, trace.requests().length, caffeineMin, caffeineMax,
				lruHits(trace.requests(), size), lfuHits(trace.requests(), size));
	}

	private static long caffeineHits(ClientKey[] requests, int size) {
		Cache<ClientKey, Object> cache = Caffeine.newBuilder()
			.maximumSize(size)
			.expireAfterAccess(EXPIRE_AFTER_ACCESS)
			.executor(Runnable::run)
			.recordStats()
			.build();
		long[] loads = new long[1];
		Function<ClientKey, Object> loader = (key) -> {
			loads[0]++;
			return key;
		};
		for (ClientKey key : requests) {
			cache.get(key, loader);
		}
		cache.cleanUp();
		CacheStats stats = cache.stats();
		check(stats.requestCount() == requests.length, "Caffeine counted " + stats.requestCount() + " requests");
		check(stats.missCount() == loads[0], "Caffeine counted " + stats.missCount() + " misses, loads " + loads[0]);
		check(cache.estimatedSize() <= size, "Caffeine holds " + cache.estimatedSize());
		return stats.hitCount();
	}

	private static long lruHits(ClientKey[] requests, int size) {
		LruCache<ClientKey> cache = new LruCache<>(size);
		long hits = 0;
		for (ClientKey key : requests) {
			hits += cache.request(key) ? 1 : 0;
		}
		check(cache.size() <= size, "LRU holds " + cache.size());
		return hits;
	}

	private static long lfuHits(ClientKey[] requests, int size) {
		LfuCache<ClientKey> cache = new LfuCache<>(size);
		long hits = 0;
		for (ClientKey key : requests) {
			hits += cache.request(key) ? 1 : 0;
		}
		check(cache.size() <= size, "LFU holds " + cache.size());
		return hits;
	}

	private static void check(boolean condition, String message) {
		if (!condition) {
			throw new IllegalStateException(message);
		}
	}

	private static String report(ClientKeyTraces traces, List<Trace> all, List<Row> rows, Duration elapsed) {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "Cache policy hit rates: %s, java.version %s, machine: %s%n",
				LocalDate.now(), System.getProperty("java.version"), machine()));
		out.append(String.format(Locale.ROOT,
				"Caffeine %s: maximumSize = cache size, expireAfterAccess %d days, executor(Runnable::run),"
						+ " recordStats; hit %% from its stats, lowest of %d runs (highest in brackets)%n",
				Objects.requireNonNullElse(Caffeine.class.getPackage().getImplementationVersion(), "?"),
				EXPIRE_AFTER_ACCESS.toDays(), CAFFEINE_RUNS));
		out.append(String.format(Locale.ROOT,
				"LRU: LinkedHashMap in access order; LFU: evicts the fewest requests, LRU among ties,"
						+ " counts of resident keys only%n"));
		out.append(String.format(Locale.ROOT,
				"Keys: %,d accounts x 3 regions x 2 services = %,d, popularity ranks permuted with seed 1;"
						+ " every request counts, cold start included%n%n",
				ACCOUNTS, traces.keyCount()));
		for (Trace trace : all) {
			out.append(String.format(Locale.ROOT, "%-18s %s%n", trace.name(), trace.parameters()));
		}
		out.append(System.lineSeparator());
		String format = "%-18s %5s %9s %9s %7s %7s  %s%n";
		out.append(String.format(Locale.ROOT, format, "trace", "size", "Caffeine", "(max)", "LRU", "LFU",
				"Caffeine >= max(LRU, LFU)"));
		int held = 0;
		for (Row row : rows) {
			long best = Math.max(row.lru(), row.lfu());
			held += (row.caffeineMin() >= best) ? 1 : 0;
			out.append(String.format(Locale.ROOT, format, row.trace(), row.size(), percent(row.caffeineMin(), row),
					"(" + percent(row.caffeineMax(), row) + ")", percent(row.lru(), row), percent(row.lfu(), row),
					goal(row.caffeineMin(), row.caffeineMax(), best)));
		}
		out.append(String.format(Locale.ROOT,
				"%nGoal held (by the lowest Caffeine run) in %d of %d cells; run time %.1f s%n", held, rows.size(),
				elapsed.toMillis() / 1000.0));
		return out.toString();
	}

	private static String goal(long caffeineMin, long caffeineMax, long best) {
		if (caffeineMin >= best) {
			return "yes";
		}
		return (caffeineMax >= best) ? "no in the worst run, yes in the best" : "NO";
	}

	private static String percent(long hits, Row row) {
		return String.format(Locale.ROOT, "%.2f", 100.0 * hits / row.requests());
	}

	private static String machine() {
		String cpu = "?";
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse(cpu);
		}
		catch (IOException ex) {
			// Not Linux: leave the model out.
		}
		long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getTotalMemorySize();
		return String.format(Locale.ROOT, "%d cores %s, %.0f GiB, %s", Runtime.getRuntime().availableProcessors(), cpu,
				memory / (1024.0 * 1024 * 1024), System.getProperty("os.name"));
	}

	/**
	 * Hits of each policy on one trace with one cache size.
	 */
	private record Row(String trace, int size, int requests, long caffeineMin, long caffeineMax, long lru, long lfu) {

	}

}
