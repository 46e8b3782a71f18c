package io.awsrefresh.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;

import software.amazon.awssdk.core.SdkClient;

/**
 * Explains an SDK client that cannot be injected because the client registry backed off
 * for want of Caffeine (an application that depends on the auto-configuration without the
 * starter): Spring Boot's own report would only suggest defining the bean. Runs before
 * Spring Boot's analyzer of missing beans.
 */
class MissingCaffeineFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchBeanDefinitionException> implements Ordered {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause) {
		ResolvableType type = cause.getResolvableType();
		Class<?> missing = (type != null) ? type.resolve() : null;
		if (missing == null || !SdkClient.class.isAssignableFrom(missing)
				|| OptionalCaffeine.isPresent(getClass().getClassLoader())) {
			return null;
		}
		String description = "No " + missing.getSimpleName() + " can be injected: aws-refresh builds SDK clients in "
				+ "its client registry, which holds on-demand clients in a Caffeine cache, and Caffeine ("
				+ OptionalCaffeine.CACHE_CLASS + ") is not on the class path, so the registry was not configured.";
		String action = "Depend on io.awsrefresh:aws-refresh-spring-boot-starter, which brings Caffeine, or add "
				+ "com.github.ben-manes.caffeine:caffeine to the application's dependencies.";
		return new FailureAnalysis(description, action, cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
