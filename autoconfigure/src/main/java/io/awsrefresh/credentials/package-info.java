/**
 * Credentials that refresh themselves: STS assumed-role providers per named role, their
 * STS clients, and the ownership of both.
 */
@NullMarked
package io.awsrefresh.credentials;

import org.jspecify.annotations.NullMarked;
