package io.awsrefresh.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Request traces of client keys (account, region, service), because which cache policy
 * wins depends on the access pattern: a skewed but steady popularity, the same with
 * one-off scans, a working set that moves, and a loop. Every trace is built from fixed
 * seeds, so the same arguments give the same requests. Popularity ranks are mapped to
 * keys through a seeded permutation, so that a key's popularity has nothing to do with
 * its account's position.
 */
final class ClientKeyTraces {

	private static final String[] REGIONS = { "us-east-1", "eu-west-1", "ap-southeast-2" };

	private static final String[] SERVICES = { "s3", "sqs" };

	/** Every key of the universe, index = popularity rank. */
	private final ClientKey[] byRank;

	private final Set<String> universeAccounts = new HashSet<>();

	/**
	 * Build the universe of keys: {@code accounts} accounts in every region with every
	 * service.
	 * @param accounts the number of accounts
	 * @param seed the seed of the account ids and of the rank permutation
	 */
	ClientKeyTraces(int accounts, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		List<ClientKey> keys = new ArrayList<>();
		for (int i = 0; i < accounts; i++) {
			String account = freshAccount(random, Set.of());
			this.universeAccounts.add(account);
			addKeys(keys, account);
		}
		this.byRank = keys.toArray(new ClientKey[0]);
		shuffle(this.byRank, random);
	}

	int keyCount() {
		return this.byRank.length;
	}

	/**
	 * Zipf-distributed requests over every key of the universe.
	 * @param exponent the Zipf exponent
	 * @param requests the number of requests
	 * @param seed the seed
	 * @return the trace
	 */
	Trace zipf(double exponent, int requests, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		Zipf zipf = new Zipf(this.byRank.length, exponent);
		ClientKey[] trace = new ClientKey[requests];
		for (int i = 0; i < requests; i++) {
			trace[i] = this.byRank[zipf.sample(random)];
		}
		return new Trace(String.format(Locale.ROOT, "zipf-%.1f", exponent), String.format(Locale.ROOT,
				"%,d requests, Zipf exponent %.1f over all %,d keys, seed %d", requests, exponent, keyCount(), seed),
				trace);
	}

	/**
	 * Zipf-distributed requests over every key of the universe, and after every
	 * {@code every} of them a scan of {@code scanLength} keys of accounts outside the
	 * universe, each requested once in the whole trace.
	 * @param exponent the Zipf exponent
	 * @param zipfRequests the number of Zipf requests, scans not included
	 * @param every the number of Zipf requests between two scans
	 * @param scanLength the number of keys in a scan
	 * @param seed the seed
	 * @return the trace
	 */
	Trace zipfWithScans(double exponent, int zipfRequests, int every, int scanLength, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		Zipf zipf = new Zipf(this.byRank.length, exponent);
		Set<String> scanned = new HashSet<>();
		List<ClientKey> trace = new ArrayList<>(zipfRequests + (zipfRequests / every) * scanLength);
		for (int i = 1; i <= zipfRequests; i++) {
			trace.add(this.byRank[zipf.sample(random)]);
			if (i % every == 0) {
				List<ClientKey> scan = new ArrayList<>();
				while (scan.size() < scanLength) {
					String account = freshAccount(random, scanned);
					scanned.add(account);
					addKeys(scan, account);
				}
				trace.addAll(scan.subList(0, scanLength));
			}
		}
		return new Trace(String.format(Locale.ROOT, "zipf-%.1f+scan-%d", exponent, scanLength),
				String.format(Locale.ROOT,
						"%,d Zipf requests (exponent %.1f, all %,d keys), after every %,d of them a scan of %,d"
								+ " once-only keys of new accounts (%,d requests in all), seed %d",
						zipfRequests, exponent, keyCount(), every, scanLength, trace.size(), seed),
				trace.toArray(new ClientKey[0]));
	}

	/**
	 * Zipf-distributed requests over a hot set of {@code hotSetSize} keys, replaced every
	 * {@code phaseLength} requests by a hot set of as many keys that shares none with the
	 * one before it.
	 * @param hotSetSize the number of keys in a hot set
	 * @param phaseLength the number of requests before the hot set moves
	 * @param exponent the Zipf exponent within a hot set
	 * @param requests the number of requests
	 * @param seed the seed
	 * @return the trace
	 */
	Trace shiftingHotSet(int hotSetSize, int phaseLength, double exponent, int requests, long seed) {
		if (2 * hotSetSize > keyCount()) {
			throw new IllegalArgumentException("Two disjoint hot sets of " + hotSetSize + " need more keys");
		}
		SplittableRandom random = new SplittableRandom(seed);
		Zipf zipf = new Zipf(hotSetSize, exponent);
		ClientKey[] trace = new ClientKey[requests];
		ClientKey[] hot = new ClientKey[0];
		for (int i = 0; i < requests; i++) {
			if (i % phaseLength == 0) {
				hot = nextHotSet(hot, hotSetSize, random);
			}
			trace[i] = hot[zipf.sample(random)];
		}
		return new Trace("shift-" + hotSetSize,
				String.format(Locale.ROOT,
						"%,d requests, hot set of %,d keys (Zipf exponent %.1f within it), replaced by a disjoint one"
								+ " every %,d requests, seed %d",
						requests, hotSetSize, exponent, phaseLength, seed),
				trace);
	}

	/**
	 * The same {@code length} keys requested over and over in the same order.
	 * @param length the number of keys in the loop
	 * @param requests the number of requests
	 * @param seed the seed that picks the keys
	 * @return the trace
	 */
	Trace loop(int length, int requests, long seed) {
		if (length > keyCount()) {
			throw new IllegalArgumentException("A loop of " + length + " needs more keys");
		}
		ClientKey[] keys = this.byRank.clone();
		shuffle(keys, new SplittableRandom(seed));
		ClientKey[] trace = new ClientKey[requests];
		for (int i = 0; i < requests; i++) {
			trace[i] = keys[i % length];
		}
		return new Trace(
				"loop-" + length, String.format(Locale.ROOT,
						"%,d requests, the same %,d keys in a fixed cyclic order, seed %d", requests, length, seed),
				trace);
	}

	/**
	 * A random hot set that shares no key with the previous one; its order is the
	 * popularity order within it.
	 */
	private ClientKey[] nextHotSet(ClientKey[] previous, int size, SplittableRandom random) {
		Set<ClientKey> excluded = Set.of(previous);
		ClientKey[] candidates = this.byRank.clone();
		shuffle(candidates, random);
		return Arrays.stream(candidates).filter((key) -> !excluded.contains(key)).limit(size).toArray(ClientKey[]::new);
	}

	private String freshAccount(SplittableRandom random, Set<String> alsoTaken) {
		while (true) {
			String account = String.format(Locale.ROOT, "%012d", random.nextLong(100_000_000_000L, 1_000_000_000_000L));
			if (!this.universeAccounts.contains(account) && !alsoTaken.contains(account)) {
				return account;
			}
		}
	}

	private static void addKeys(List<ClientKey> keys, String account) {
		for (String region : REGIONS) {
			for (String service : SERVICES) {
				keys.add(new ClientKey(account, region, service));
			}
		}
	}

	private static void shuffle(ClientKey[] keys, SplittableRandom random) {
		for (int i = keys.length - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			ClientKey swap = keys[i];
			keys[i] = keys[j];
			keys[j] = swap;
		}
	}

	/**
	 * The key of a client the registry builds on demand.
	 *
	 * @param account the 12-digit account id
	 * @param region the region
	 * @param service the service
	 */
	record ClientKey(String account, String region, String service) {

	}

	/**
	 * A named request trace.
	 *
	 * @param name the short name used in the table
	 * @param parameters how the trace was built
	 * @param requests the keys requested, in order
	 */
	record Trace(String name, String parameters, ClientKey[] requests) {

	}

	/**
	 * Samples ranks {@code 0..n-1} with probability proportional to
	 * {@code 1 / (rank + 1)^exponent}, by inverting the cumulative distribution with a
	 * binary search.
	 */
	static final class Zipf {

		private final double[] cumulative;

		Zipf(int n, double exponent) {
			this.cumulative = new double[n];
			double sum = 0;
			for (int rank = 0; rank < n; rank++) {
				sum += 1 / Math.pow(rank + 1, exponent);
				this.cumulative[rank] = sum;
			}
			for (int rank = 0; rank < n; rank++) {
				this.cumulative[rank] /= sum;
			}
			this.cumulative[n - 1] = 1.0;
		}

		int sample(SplittableRandom random) {
			double u = random.nextDouble();
			int index = Arrays.binarySearch(this.cumulative, u);
			// Rank r covers [cumulative[r - 1], cumulative[r]): an exact match belongs to
			// the next rank, otherwise the insertion point is the rank.
			int rank = (index >= 0) ? index + 1 : -index - 1;
			return Math.min(rank, this.cumulative.length - 1);
		}

	}

}
