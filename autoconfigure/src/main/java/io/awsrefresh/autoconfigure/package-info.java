/**
 * Auto-configuration: binds {@code aws.refresh.*}, checks it, and wires the credentials
 * beans.
 */
@NullMarked
package io.awsrefresh.autoconfigure;

import org.jspecify.annotations.NullMarked;
