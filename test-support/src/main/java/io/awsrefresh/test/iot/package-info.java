/**
 * A loopback stand-in for the AWS IoT credentials provider, which answers devices that
 * present an X.509 certificate over mutual TLS, and the certificates to talk to it.
 */
@NullMarked
package io.awsrefresh.test.iot;

import org.jspecify.annotations.NullMarked;
