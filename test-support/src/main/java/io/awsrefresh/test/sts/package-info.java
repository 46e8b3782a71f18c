/**
 * A loopback STS for the faults no emulator produces: errors, throttling, slow answers,
 * refused connections.
 */
@NullMarked
package io.awsrefresh.test.sts;

import org.jspecify.annotations.NullMarked;
