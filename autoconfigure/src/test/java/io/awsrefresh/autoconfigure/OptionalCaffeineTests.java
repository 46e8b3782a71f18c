package io.awsrefresh.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether Caffeine is on the application's class path, and what is wrong with a role
 * template when it is not: the template's {@code role-arn} key, its value, what to add,
 * and an example that names one account.
 */
class OptionalCaffeineTests {

	@Test
	void isPresentOnTheTestClassPath() {
		assertThat(OptionalCaffeine.isPresent(getClass().getClassLoader())).isTrue();
		assertThat(OptionalCaffeine.isPresent(null)).isTrue();
		assertThat(OptionalCaffeine.isPresent(new FilteredClassLoader(new Class<?>[0]))).isTrue();
	}

	@Test
	void isNotPresentForAClassLoaderThatHidesCaffeine() {
		assertThat(OptionalCaffeine.isPresent(new FilteredClassLoader("com.github.benmanes.caffeine"))).isFalse();
	}

	@Test
	void cacheClassIsCaffeinesBuilder() throws ClassNotFoundException {
		assertThat(Class.forName(OptionalCaffeine.CACHE_CLASS).getSimpleName()).isEqualTo("Caffeine");
	}

	@Test
	void templateNeedsCaffeineNamesTheRoleArnKeyWhatToAddAndAnAccount() {
		InvalidAwsRefreshPropertyException problem = OptionalCaffeine
			.templateNeedsCaffeine("aws.refresh.roles.tenant.role-arn", "arn:aws:iam::{account}:role/tenant");
		assertThat(problem.getProperty()).isEqualTo("aws.refresh.roles.tenant.role-arn");
		assertThat(problem.getValue()).isEqualTo("arn:aws:iam::{account}:role/tenant");
		assertThat(problem.getReason()).isEqualTo("a role template makes a role in each account asked for, held in "
				+ "a bounded Caffeine cache, and Caffeine is not on the class path: add "
				+ "com.github.ben-manes.caffeine:caffeine (aws-refresh-spring-boot-starter brings it), or name one "
				+ "account");
		assertThat(problem.getExample())
			.isEqualTo("aws.refresh.roles.tenant.role-arn=arn:aws:iam::123456789012:role/tenant");
		assertThat(problem).hasMessageStartingWith(
				"Invalid 'aws.refresh.roles.tenant.role-arn' ('arn:aws:iam::{account}:role/tenant'): a role template");
	}

	@Test
	void exampleKeepsTheRestOfTheTemplatesArn() {
		assertThat(OptionalCaffeine
			.templateNeedsCaffeine("aws.refresh.roles.scanner.role-arn", "arn:aws-cn:iam::{account}:role/team/Scanner")
			.getExample())
			.isEqualTo("aws.refresh.roles.scanner.role-arn=arn:aws-cn:iam::123456789012:role/team/Scanner");
	}

}
