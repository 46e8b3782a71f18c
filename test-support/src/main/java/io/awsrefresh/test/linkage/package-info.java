/**
 * Which calls of the starter's bytecode a library on the class path cannot link: for the
 * modules that run the starter on another Spring Boot or AWS SDK than it was built with.
 */
@NullMarked
package io.awsrefresh.test.linkage;

import org.jspecify.annotations.NullMarked;
