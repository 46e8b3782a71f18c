package io.awsrefresh.autoconfigure;

import java.util.Set;

import io.awsrefresh.client.AwsRole;

import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Explains an {@code @AwsRole("name")} injection point whose role is not configured (a
 * misspelt role, usually): the injection point, the configured roles, and how to add the
 * role. Runs before Spring Boot's analyzer of missing beans.
 */
class UnknownAwsRoleFailureAnalyzer extends AbstractFailureAnalyzer<UnsatisfiedDependencyException> implements Ordered {

	private final Environment environment;

	UnknownAwsRoleFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsatisfiedDependencyException cause) {
		InjectionPoint injectionPoint = cause.getInjectionPoint();
		AwsRole role = (injectionPoint != null) ? injectionPoint.getAnnotation(AwsRole.class) : null;
		if (role == null || findCause(cause, NoSuchBeanDefinitionException.class) == null) {
			return null;
		}
		// Read again: a failed context has destroyed its singletons by now.
		Set<String> roles = AwsRefreshModel.read(this.environment).roleNames();
		if (roles.contains(role.value())) {
			// Missing for another reason (the client's module is not on the classpath,
			// say): Spring Boot's report says which.
			return null;
		}
		String description = "@AwsRole(\"" + role.value() + "\") " + injectionPoint.getDeclaredType().getSimpleName()
				+ " is injected into " + where(injectionPoint) + ", but no role named '" + role.value()
				+ "' is configured; configured roles: " + roles;
		String action = "Use one of the configured roles, or configure role '" + role.value() + "', for example:"
				+ "\n\n    " + AwsRefreshKeys.entry("aws.refresh.roles", role.value())
				+ ".role-arn=arn:aws:iam::123456789012:role/" + role.value() + "\n";
		return new FailureAnalysis(description, action, cause);
	}

	private static String where(InjectionPoint injectionPoint) {
		if (injectionPoint.getField() != null) {
			return "field '" + injectionPoint.getField().getName() + "' of "
					+ injectionPoint.getField().getDeclaringClass().getName();
		}
		return "parameter " + injectionPoint.getMethodParameter().getParameterIndex() + " of "
				+ injectionPoint.getMember();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
