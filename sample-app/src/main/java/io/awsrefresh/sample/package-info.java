/**
 * Sample application that uses the aws-refresh starter.
 */
@NullMarked
package io.awsrefresh.sample;

import org.jspecify.annotations.NullMarked;
