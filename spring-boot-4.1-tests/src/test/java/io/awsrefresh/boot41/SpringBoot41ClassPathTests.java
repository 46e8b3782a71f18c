package io.awsrefresh.boot41;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;
import org.springframework.core.SpringVersion;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tests this module borrows from the auto-configuration run on Spring Boot 4.1, not
 * on the Spring Boot the auto-configuration was compiled against: if the module's version
 * override stopped working, they would prove nothing and this would fail.
 */
class SpringBoot41ClassPathTests {

	@Test
	void springBootIs41() {
		assertThat(SpringBootVersion.getVersion()).startsWith("4.1.");
	}

	@Test
	void springFrameworkIs70() {
		assertThat(SpringVersion.getVersion()).startsWith("7.0.");
	}

}
