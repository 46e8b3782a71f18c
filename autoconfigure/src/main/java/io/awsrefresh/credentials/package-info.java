/**
 * Credentials that refresh themselves: roles and where their credentials come from (STS
 * AssumeRole, a custom source, the source credentials), the refresh engine that keeps
 * each role's credentials fresh, the listener SPI that sees every attempt, and the
 * ownership of the STS clients and threads behind them.
 */
@NullMarked
package io.awsrefresh.credentials;

import org.jspecify.annotations.NullMarked;
