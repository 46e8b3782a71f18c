/**
 * Micrometer meters of credentials refreshes and of the client registry.
 */
@NullMarked
package io.awsrefresh.metrics;

import org.jspecify.annotations.NullMarked;
