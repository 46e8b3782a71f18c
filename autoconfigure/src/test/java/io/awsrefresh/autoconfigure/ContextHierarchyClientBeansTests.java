package io.awsrefresh.autoconfigure;

import io.awsrefresh.client.AwsClientRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;

import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client beans seen from a child context that does not run aws-refresh's
 * auto-configuration itself (a context built with a parent by hand, or a library's named
 * child contexts): it sees the beans its parent has registered, and a client type's bean
 * is registered in the parent when an injection point of the parent asks for it, or at
 * startup with {@code aws.refresh.client-beans=all}. The child's own injection points do
 * not pass through the parent's resolver.
 */
class ContextHierarchyClientBeansTests {

	private final ApplicationContextRunner parentRunner = new ApplicationContextRunner()
		.withClassLoader(new FilteredClassLoader("io.awspring."))
		.withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
		.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
				"aws.refresh.source.secret-access-key=source-secret");

	@Test
	void aChildInjectsTheClientItsParentRegisteredOnInjection() {
		this.parentRunner.withUserConfiguration(ParentUser.class).run((parent) -> {
			S3Client parentClient = parent.getBean(ParentUser.class).s3;
			child(parent).run((child) -> {
				assertThat(child).hasNotFailed();
				assertThat(child.getBean(ChildUser.class).s3).isSameAs(parentClient);
			});
		});
	}

	@Test
	void aChildInjectsTheClientsRegisteredAtStartupWithClientBeansAll() {
		this.parentRunner.withPropertyValues("aws.refresh.client-beans=all").run((parent) -> {
			AwsClientRegistry registry = parent.getBean(AwsClientRegistry.class);
			child(parent).run((child) -> {
				assertThat(child).hasNotFailed();
				assertThat(child.getBean(ChildUser.class).s3).isSameAs(registry.client(S3Client.class));
			});
		});
	}

	@Test
	void aChildAloneAsksForAClientNoBeanOfTheParentServes() {
		this.parentRunner.run((parent) -> child(parent).run((child) -> {
			assertThat(child).hasFailed();
			assertThat(child.getStartupFailure()).isInstanceOf(UnsatisfiedDependencyException.class)
				.hasMessageContaining(S3Client.class.getName());
		}));
	}

	private static ApplicationContextRunner child(ApplicationContext parent) {
		return new ApplicationContextRunner().withParent(parent).withUserConfiguration(ChildUser.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class ParentUser {

		final S3Client s3;

		ParentUser(S3Client s3) {
			this.s3 = s3;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ChildUser {

		final S3Client s3;

		ChildUser(S3Client s3) {
			this.s3 = s3;
		}

	}

}
