package io.awsrefresh.client;

import java.time.Duration;

/**
 * Bounds of the clients the registry builds on demand.
 *
 * @param maxSize most on-demand clients kept; the least valuable are evicted beyond it
 * @param expireAfterAccess how long an on-demand client is kept after its last use
 */
record CacheSettings(long maxSize, Duration expireAfterAccess) {

}
