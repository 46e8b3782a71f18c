package io.awsrefresh.benchmarks;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * A plain least-frequently-used cache of keys, the other baseline: it evicts the resident
 * key with the fewest requests, the least recently used of those on a tie. Counts are
 * kept for resident keys only (classic in-cache LFU), so a key starts again at one after
 * its eviction, and a key that was hot long ago keeps its high count, and its place, for
 * as long as it stays resident. Eviction order is a {@link TreeSet} of (count, last
 * access), so every request costs O(log n).
 *
 * @param <K> the key type
 */
final class LfuCache<K> {

	private final int capacity;

	private final Map<K, Entry<K>> entries = new HashMap<>();

	private final NavigableSet<Entry<K>> evictionOrder = new TreeSet<>(
			Comparator.<Entry<K>>comparingLong(Entry::count).thenComparingLong(Entry::lastAccess));

	private long clock;

	LfuCache(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * Request a key, loading it on a miss.
	 * @param key the key
	 * @return whether the key was resident
	 */
	boolean request(K key) {
		long now = ++this.clock;
		Entry<K> entry = this.entries.get(key);
		if (entry != null) {
			this.evictionOrder.remove(entry);
			put(new Entry<>(key, entry.count() + 1, now));
			return true;
		}
		if (this.entries.size() >= this.capacity) {
			Entry<K> victim = this.evictionOrder.pollFirst();
			this.entries.remove(victim.key());
		}
		put(new Entry<>(key, 1, now));
		return false;
	}

	int size() {
		return this.entries.size();
	}

	private void put(Entry<K> entry) {
		this.entries.put(entry.key(), entry);
		this.evictionOrder.add(entry);
	}

	/**
	 * A resident key with its request count and the tick of its last request; ticks are
	 * unique, so no two entries compare equal.
	 */
	private record Entry<K>(K key, long count, long lastAccess) {

	}

}
