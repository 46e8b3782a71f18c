package io.awsrefresh.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plain least-recently-used cache of keys, the baseline every other policy is measured
 * against: a {@link LinkedHashMap} in access order that drops its eldest entry once it
 * holds more than its capacity. It keeps no history beyond its resident keys, so one scan
 * larger than the cache flushes every hot key.
 *
 * @param <K> the key type
 */
final class LruCache<K> {

	private final Map<K, Boolean> entries;

	LruCache(int capacity) {
		this.entries = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<K, Boolean> eldest) {
				return size() > capacity;
			}

		};
	}

	/**
	 * Request a key, loading it on a miss.
	 * @param key the key
	 * @return whether the key was resident
	 */
	boolean request(K key) {
		if (this.entries.get(key) != null) {
			return true;
		}
		this.entries.put(key, Boolean.TRUE);
		return false;
	}

	int size() {
		return this.entries.size();
	}

}
