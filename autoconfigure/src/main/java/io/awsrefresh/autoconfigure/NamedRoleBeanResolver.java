package io.awsrefresh.autoconfigure;

import java.lang.annotation.Annotation;
import java.util.Set;

import io.awsrefresh.client.AwsRole;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanDefinitionHolder;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.AutowireCandidateResolver;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Registers a named role's client bean the first time an injection point asks for it
 * ({@code @AwsRole("audit") S3Client}), then lets Spring resolve the injection as usual:
 * qualifier matching, dependency tracking for shutdown order and a replacement bean of
 * the application all work as they would for a bean registered at startup. Every other
 * question goes to the resolver it wraps.
 * <p>
 * The bean is registered only for a configured role, a client type the registry makes,
 * and when no bean of the application already serves that role: an unknown role still
 * fails as an unsatisfied dependency, which {@code UnknownAwsRoleFailureAnalyzer}
 * explains.
 */
final class NamedRoleBeanResolver implements AutowireCandidateResolver {

	private final DefaultListableBeanFactory beanFactory;

	private final AutowireCandidateResolver delegate;

	private final Set<Class<?>> types;

	private final Set<String> roles;

	NamedRoleBeanResolver(DefaultListableBeanFactory beanFactory, AutowireCandidateResolver delegate,
			Set<Class<?>> types, Set<String> roles) {
		this.beanFactory = beanFactory;
		this.delegate = delegate;
		this.types = types;
		this.roles = roles;
	}

	@Override
	public @Nullable Object getSuggestedValue(DependencyDescriptor descriptor) {
		Class<?> type = descriptor.getDependencyType();
		if (this.types.contains(type)) {
			String role = role(descriptor);
			if (role != null && this.roles.contains(role)) {
				registerIfMissing(type, role);
			}
		}
		return this.delegate.getSuggestedValue(descriptor);
	}

	private void registerIfMissing(Class<?> type, String role) {
		String name = AwsClientBeanRegistrar.beanName(type, role);
		if (this.beanFactory.containsBeanDefinition(name)) {
			return;
		}
		// Two threads may ask at once for a lazily resolved client.
		synchronized (this) {
			if (!this.beanFactory.containsBeanDefinition(name)
					&& !AwsClientBeanRegistrar.rolesDefinedByApplication(this.beanFactory, type).contains(role)) {
				this.beanFactory.registerBeanDefinition(name, AwsClientBeanRegistrar.definition(type, role));
			}
		}
	}

	/**
	 * The role an injection point asks for: {@code @AwsRole}, directly or as a
	 * meta-annotation, or none.
	 */
	private static @Nullable String role(DependencyDescriptor descriptor) {
		for (Annotation annotation : descriptor.getAnnotations()) {
			AwsRole role = (annotation instanceof AwsRole direct) ? direct
					: AnnotationUtils.findAnnotation(annotation.annotationType(), AwsRole.class);
			if (role != null && !RoleCredentialsProviders.DEFAULT_ROLE.equals(role.value())) {
				return role.value();
			}
		}
		return null;
	}

	@Override
	public boolean isAutowireCandidate(BeanDefinitionHolder definition, DependencyDescriptor descriptor) {
		return this.delegate.isAutowireCandidate(definition, descriptor);
	}

	@Override
	public boolean isRequired(DependencyDescriptor descriptor) {
		return this.delegate.isRequired(descriptor);
	}

	@Override
	public boolean hasQualifier(DependencyDescriptor descriptor) {
		return this.delegate.hasQualifier(descriptor);
	}

	@Override
	public @Nullable String getSuggestedName(DependencyDescriptor descriptor) {
		return this.delegate.getSuggestedName(descriptor);
	}

	@Override
	public @Nullable Object getLazyResolutionProxyIfNecessary(DependencyDescriptor descriptor,
			@Nullable String beanName) {
		return this.delegate.getLazyResolutionProxyIfNecessary(descriptor, beanName);
	}

	@Override
	public @Nullable Class<?> getLazyResolutionProxyClass(DependencyDescriptor descriptor, @Nullable String beanName) {
		return this.delegate.getLazyResolutionProxyClass(descriptor, beanName);
	}

	@Override
	public AutowireCandidateResolver cloneIfNecessary() {
		return new NamedRoleBeanResolver(this.beanFactory, this.delegate.cloneIfNecessary(), this.types, this.roles);
	}

}
