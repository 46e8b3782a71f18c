package io.awsrefresh.boot41;

import java.util.Set;

import io.awsrefresh.autoconfigure.AwsRefreshCredentialsAutoConfiguration;
import io.awsrefresh.test.linkage.BytecodeReferences;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every method, constructor and field of Spring (Framework, Boot and its modules) that
 * the starter's own classes call exists on this class path, Spring Boot 4.1 with Spring
 * Framework 7.0, read from their bytecode: the borrowed tests reach only some calls, and
 * the starter is compiled against a newer Spring Boot.
 */
class SpringReferencesTests {

	@Test
	void theStarterCallsNothingSpringBoot41Lacks() {
		Set<String> references = BytecodeReferences.of(AwsRefreshCredentialsAutoConfiguration.class,
				"org/springframework/");
		assertThat(references).as("references read")
			.hasSizeGreaterThan(200)
			// Annotations are read too: Spring decides what to configure from them.
			.contains("org/springframework/boot/autoconfigure/AutoConfiguration",
					"org/springframework/boot/autoconfigure/condition/ConditionalOnMissingBean");
		assertThat(BytecodeReferences.missing(references, getClass().getClassLoader())).isEmpty();
	}

}
