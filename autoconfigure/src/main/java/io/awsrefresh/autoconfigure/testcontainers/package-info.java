/**
 * Testcontainers service connections for aws-refresh.
 */
@NullMarked
package io.awsrefresh.autoconfigure.testcontainers;

import org.jspecify.annotations.NullMarked;
