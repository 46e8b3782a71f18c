/**
 * The client registry: every AWS SDK v2 service client, built once per key from the
 * role's refreshing credentials and shared HTTP resources, cached, and closed.
 */
@NullMarked
package io.awsrefresh.client;

import org.jspecify.annotations.NullMarked;
