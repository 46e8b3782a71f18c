/**
 * JMH benchmarks of the client registry and a footprint comparison with clients built the
 * SDK's default way.
 */
@NullMarked
package io.awsrefresh.benchmarks;

import org.jspecify.annotations.NullMarked;
