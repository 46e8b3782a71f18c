/**
 * Auto-configuration: reads {@code aws.refresh.*} once into an {@code AwsRefreshModel},
 * checks it before any bean is created, and maps it to the credentials, HTTP and client
 * beans.
 */
@NullMarked
package io.awsrefresh.autoconfigure;

import org.jspecify.annotations.NullMarked;
