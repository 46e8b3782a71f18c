/**
 * The client registry: every AWS SDK v2 service client, built once per key from the
 * role's refreshing credentials and shared HTTP resources, cached, and closed.
 * <p>
 * A client's key is its type, role and region. The clients of a type's default region are
 * the ones injection hands out and live as long as the context; clients for other regions
 * are on-demand clients, held in the registry's bounded cache
 * ({@code aws.refresh.cache.*}) and closed when evicted. An {@link AwsSession} is a
 * role's view of the registry. The words shared with credentials (role, run-time role,
 * session) are defined in {@link io.awsrefresh.credentials}.
 */
@NullMarked
package io.awsrefresh.client;

import org.jspecify.annotations.NullMarked;
