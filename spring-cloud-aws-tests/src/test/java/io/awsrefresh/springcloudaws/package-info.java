/**
 * The starter in an application that also uses Spring Cloud AWS.
 */
@NullMarked
package io.awsrefresh.springcloudaws;

import org.jspecify.annotations.NullMarked;
