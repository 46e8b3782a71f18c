/**
 * Local AWS emulators for tests: moto as a child process, or LocalStack through
 * Testcontainers where Docker runs.
 */
@NullMarked
package io.awsrefresh.test.emulator;

import org.jspecify.annotations.NullMarked;
