/**
 * Spring application events of aws-refresh: credentials refreshed, failing, recovered;
 * clients created and evicted. None carries a secret.
 */
@NullMarked
package io.awsrefresh.event;

import org.jspecify.annotations.NullMarked;
