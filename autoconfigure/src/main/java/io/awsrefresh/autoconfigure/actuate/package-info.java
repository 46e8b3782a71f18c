/**
 * Auto-configuration of aws-refresh's Actuator support.
 */
@NullMarked
package io.awsrefresh.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
