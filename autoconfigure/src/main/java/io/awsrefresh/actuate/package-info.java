/**
 * Actuator support: what aws-refresh shows operators, and what it keeps from them.
 */
@NullMarked
package io.awsrefresh.actuate;

import org.jspecify.annotations.NullMarked;
