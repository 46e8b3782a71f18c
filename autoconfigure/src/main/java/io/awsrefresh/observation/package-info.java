/**
 * Micrometer Observations of AWS SDK calls: a span through Micrometer Tracing, a timer
 * through Micrometer.
 */
@NullMarked
package io.awsrefresh.observation;

import org.jspecify.annotations.NullMarked;
