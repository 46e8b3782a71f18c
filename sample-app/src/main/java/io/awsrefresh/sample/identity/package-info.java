/**
 * Who each role calls AWS as, and until when.
 */
@NullMarked
package io.awsrefresh.sample.identity;

import org.jspecify.annotations.NullMarked;
