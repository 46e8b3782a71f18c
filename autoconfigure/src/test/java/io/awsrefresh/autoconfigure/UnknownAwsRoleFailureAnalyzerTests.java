package io.awsrefresh.autoconfigure;

import java.lang.reflect.Constructor;

import io.awsrefresh.client.AwsRole;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.BeanCurrentlyInCreationException;
import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.MethodParameter;
import org.springframework.mock.env.MockEnvironment;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Explains an {@code @AwsRole("name")} injection point whose role is not configured: the
 * type, the field or constructor parameter, the configured roles (from the model the
 * failed context read, else from the environment) and how to configure the role. Every
 * other unsatisfied dependency is left to Spring Boot.
 */
class UnknownAwsRoleFailureAnalyzerTests {

	private final MockEnvironment environment = new MockEnvironment()
		.withProperty("aws.refresh.roles.reports.role-arn", "arn:aws:iam::123456789012:role/reports")
		.withProperty("aws.refresh.roles.audit.role-arn", "arn:aws:iam::210987654321:role/audit");

	@Test
	void unknownRoleOfAFieldIsDescribedWithTheConfiguredRoles() throws Exception {
		UnsatisfiedDependencyException failure = unsatisfied(field("reports"), S3Client.class);
		FailureAnalysis analysis = new UnknownAwsRoleFailureAnalyzer(this.environment).analyze(failure);
		assertThat(analysis.getDescription()).isEqualTo(
				"@AwsRole(\"reportz\") S3Client is injected into field " + "'reports' of " + FieldUser.class.getName()
						+ ", but no role named 'reportz' is configured; configured roles: [default, audit, reports]");
		assertThat(analysis.getAction())
			.isEqualTo("Use one of the configured roles, or configure role 'reportz', for example:\n\n"
					+ "    aws.refresh.roles.reportz.role-arn=arn:aws:iam::123456789012:role/reportz\n");
		assertThat(analysis.getCause()).isSameAs(failure);
	}

	@Test
	void unknownRoleOfAConstructorParameterNamesTheParameterAndTheConstructor() throws Exception {
		Constructor<ConstructorUser> constructor = ConstructorUser.class.getDeclaredConstructor(S3Client.class,
				StsClient.class);
		UnsatisfiedDependencyException failure = unsatisfied(new InjectionPoint(new MethodParameter(constructor, 1)),
				StsClient.class);
		FailureAnalysis analysis = new UnknownAwsRoleFailureAnalyzer(this.environment).analyze(failure);
		assertThat(analysis.getDescription())
			.startsWith("@AwsRole(\"audti\") StsClient is injected into parameter 1 of " + constructor + ", ")
			.endsWith("but no role named 'audti' is configured; configured roles: [default, audit, reports]");
		assertThat(analysis.getAction()).contains("aws.refresh.roles.audti.role-arn=");
	}

	@Test
	void rolesAreReadFromTheEnvironmentTheFailedApplicationRanWith() throws Exception {
		FailureAnalysis analysis = new UnknownAwsRoleFailureAnalyzer(this.environment)
			.analyze(unsatisfied(field("reports"), S3Client.class));
		assertThat(analysis.getDescription()).endsWith("configured roles: [default, audit, reports]");
	}

	@Test
	void roleTemplatesAreNotListedAsConfiguredRoles() throws Exception {
		this.environment.setProperty("aws.refresh.roles.tenant.role-arn", "arn:aws:iam::{account}:role/tenant");
		FailureAnalysis analysis = new UnknownAwsRoleFailureAnalyzer(this.environment)
			.analyze(unsatisfied(field("reports"), S3Client.class));
		assertThat(analysis.getDescription()).endsWith("configured roles: [default, audit, reports]");
	}

	@Test
	void configuredRoleIsLeftToSpringBootsReport() throws Exception {
		// The client's module may be missing, say: Spring Boot's report says which.
		assertThat(new UnknownAwsRoleFailureAnalyzer(this.environment)
			.analyze(unsatisfied(field("audit"), S3Client.class))).isNull();
	}

	@Test
	void injectionPointWithoutAwsRoleIsLeftToSpringBootsReport() throws Exception {
		assertThat(new UnknownAwsRoleFailureAnalyzer(this.environment)
			.analyze(unsatisfied(field("plain"), S3Client.class))).isNull();
	}

	@Test
	void otherCausesAreLeftToSpringBootsReport() throws Exception {
		UnsatisfiedDependencyException failure = new UnsatisfiedDependencyException(null, "fieldUser", field("reports"),
				new BeanCurrentlyInCreationException("s3Client"));
		assertThat(new UnknownAwsRoleFailureAnalyzer(this.environment).analyze(failure)).isNull();
		assertThat(new UnknownAwsRoleFailureAnalyzer(this.environment)
			.analyze(new NoSuchBeanDefinitionException(S3Client.class))).isNull();
	}

	@Test
	void unsatisfiedDependencyIsFoundAsACauseInTheChain() throws Exception {
		UnsatisfiedDependencyException unsatisfied = unsatisfied(field("reports"), S3Client.class);
		FailureAnalysis analysis = new UnknownAwsRoleFailureAnalyzer(this.environment)
			.analyze(new BeanCreationException("application", "wrapped", unsatisfied));
		assertThat(analysis.getCause()).isSameAs(unsatisfied);
		assertThat(analysis.getDescription()).contains("no role named 'reportz'");
	}

	@Test
	void runsBeforeSpringBootsAnalyzerOfMissingBeans() {
		assertThat(new UnknownAwsRoleFailureAnalyzer(this.environment).getOrder()).isEqualTo(Integer.MIN_VALUE);
	}

	private static InjectionPoint field(String name) throws NoSuchFieldException {
		return new InjectionPoint(FieldUser.class.getDeclaredField(name));
	}

	/**
	 * What the bean factory throws for an injection point no bean satisfies.
	 */
	private static UnsatisfiedDependencyException unsatisfied(InjectionPoint injectionPoint, Class<?> type) {
		return new UnsatisfiedDependencyException(null, "user", injectionPoint, new NoSuchBeanDefinitionException(type,
				"expected at least 1 bean which qualifies as autowire candidate"));
	}

	static class FieldUser {

		@AwsRole("reportz")
		S3Client reports;

		@AwsRole("audit")
		S3Client audit;

		S3Client plain;

	}

	static class ConstructorUser {

		ConstructorUser(@AwsRole("reports") S3Client reports, @AwsRole("audti") StsClient audit) {
		}

	}

}
