package io.awsrefresh.autoconfigure;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.client.AwsRole;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.QualifierAnnotationAutowireCandidateResolver;
import org.springframework.beans.factory.config.BeanDefinitionHolder;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.AutowireCandidateResolver;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ObjectUtils;

/**
 * Registers a role's client bean the first time an injection point asks for it
 * ({@code @Autowired S3Client}, {@code @AwsRole("audit") S3Client}, and the same inside
 * {@code ObjectProvider}, {@code Optional}, a collection, a map or an array), then lets
 * Spring resolve the injection as usual: qualifier matching, primary and default
 * candidates, dependency tracking for shutdown order and a replacement bean of the
 * application all work as they would for a bean registered at startup. Every other
 * question goes to the resolver it wraps.
 * <p>
 * The bean is registered only for a configured role, a type the registry builds, and when
 * no bean of the application already serves that role: an unknown role still fails as an
 * unsatisfied dependency, which {@code UnknownAwsRoleFailureAnalyzer} explains. Every
 * injection point of the application passes through here, so a type that is not a
 * client's is turned away with a map lookup and an assignability check.
 * <p>
 * It is a {@link ContextAnnotationAutowireCandidateResolver} only so that Spring keeps
 * it: {@code AnnotationConfigUtils} replaces a resolver of any other kind when a
 * {@code ClassPathBeanDefinitionScanner} scans at run time, and so does
 * {@code CustomAutowireConfigurer}, whose qualifier types go to the resolver this one
 * wraps. It still delegates every question.
 */
final class InjectedClientBeanResolver extends ContextAnnotationAutowireCandidateResolver {

	private final DefaultListableBeanFactory beanFactory;

	private final AutowireCandidateResolver delegate;

	private final Set<String> roles;

	/**
	 * Bean names whose registration is decided and done: registered here or before, or
	 * served by a bean of the application. Shared with clones, as is the lock.
	 */
	private final Set<String> decided;

	private final Object lock;

	InjectedClientBeanResolver(DefaultListableBeanFactory beanFactory, AutowireCandidateResolver delegate,
			Set<String> roles) {
		this(beanFactory, delegate, roles, ConcurrentHashMap.newKeySet(), new Object());
	}

	private InjectedClientBeanResolver(DefaultListableBeanFactory beanFactory, AutowireCandidateResolver delegate,
			Set<String> roles, Set<String> decided, Object lock) {
		this.beanFactory = beanFactory;
		this.delegate = delegate;
		this.roles = roles;
		this.decided = decided;
		this.lock = lock;
	}

	@Override
	public @Nullable Object getSuggestedValue(DependencyDescriptor descriptor) {
		Class<?> type = clientType(descriptor);
		if (type != null) {
			String role = role(descriptor);
			if (this.roles.contains(role)) {
				registerIfMissing(type, role, descriptor.isEager());
				if (!RoleCredentialsProviders.DEFAULT_ROLE.equals(role)
						&& this.roles.contains(RoleCredentialsProviders.DEFAULT_ROLE)) {
					// A named role's bean is no default candidate, but alone of its type
					// it would be what getBean(S3Client.class) answers: the default
					// role's, the primary one, is registered beside it. It builds no
					// client until asked for.
					registerIfMissing(type, RoleCredentialsProviders.DEFAULT_ROLE, descriptor.isEager());
				}
			}
		}
		return this.delegate.getSuggestedValue(descriptor);
	}

	/**
	 * The client type an injection point asks for, itself or as the elements of a
	 * collection, map or array, or {@code null} if it asks for no client.
	 */
	private static @Nullable Class<?> clientType(DependencyDescriptor descriptor) {
		// Resolved against the class that declares the injection point: a field of a
		// generic superclass (T client, in a subclass binding T to S3Client) has an
		// erased dependency type.
		Class<?> type = descriptor.getResolvableType().resolve(descriptor.getDependencyType());
		Class<?> element = type;
		if (type.isArray()) {
			element = type.getComponentType();
		}
		else if (Collection.class.isAssignableFrom(type)) {
			element = descriptor.getResolvableType().asCollection().resolveGeneric();
		}
		else if (Map.class.isAssignableFrom(type)) {
			element = descriptor.getResolvableType().asMap().resolveGeneric(1);
		}
		return (element != null && AwsClientRegistry.isClientType(element)) ? element : null;
	}

	private void registerIfMissing(Class<?> type, String role, boolean eager) {
		String name = AwsClientBeanRegistrar.beanName(type, role);
		// Not containsBeanDefinition: Spring adds a definition to its map before it
		// clears its cache of names by type, and a thread that saw the definition there
		// could still resolve from the stale cache. A name is added here only once
		// registerBeanDefinition has returned.
		if (this.decided.contains(name)) {
			return;
		}
		boolean registered = false;
		// Two threads may ask at once for a lazily resolved client.
		synchronized (this.lock) {
			if (!this.decided.contains(name)) {
				if (!this.beanFactory.containsBeanDefinition(name)
						&& !AwsClientBeanRegistrar.rolesDefinedByApplication(this.beanFactory, type).contains(role)) {
					this.beanFactory.registerBeanDefinition(name, AwsClientBeanRegistrar.definition(type, role));
					registered = true;
				}
				this.decided.add(name);
			}
		}
		if (registered && eager) {
			// Only an eager lookup by type is cached.
			findableByType(type, name);
		}
	}

	/**
	 * Make sure a lookup by type finds a bean just registered. Spring computes an entry
	 * of its cache of names by type under a lock, and registering a definition clears
	 * only the entries already stored: a lookup another thread began before this
	 * registration (beans created in parallel) stores names without it afterwards, which
	 * this injection point would then be answered from. Looked up as injection points
	 * are, and cleared until found; the computation in flight is the one waited for.
	 */
	private void findableByType(Class<?> type, String name) {
		for (int attempt = 0; attempt < 3; attempt++) {
			if (ObjectUtils.containsElement(this.beanFactory.getBeanNamesForType(type, true, true), name)) {
				return;
			}
			this.beanFactory.clearMetadataCache();
		}
	}

	/**
	 * The role an injection point asks for: {@code @AwsRole}, directly or as a
	 * meta-annotation, or the default role.
	 */
	private static String role(DependencyDescriptor descriptor) {
		AwsRole role = namedRole(descriptor);
		return (role != null) ? role.value() : RoleCredentialsProviders.DEFAULT_ROLE;
	}

	/**
	 * The {@code @AwsRole} an injection point names, or {@code null}.
	 */
	private static @Nullable AwsRole namedRole(DependencyDescriptor descriptor) {
		AwsRole role = role(descriptor.getAnnotations());
		// As Spring reads qualifiers: on a constructor or a void method (a setter, an
		// @Autowired config method), the method's own annotations apply to its
		// parameters.
		MethodParameter parameter = descriptor.getMethodParameter();
		if (role == null && parameter != null) {
			Method method = parameter.getMethod();
			if (method == null || void.class == method.getReturnType()) {
				role = role(parameter.getMethodAnnotations());
			}
		}
		return role;
	}

	private static @Nullable AwsRole role(Annotation[] annotations) {
		for (Annotation annotation : annotations) {
			AwsRole role = role(annotation);
			if (role != null) {
				return role;
			}
		}
		return null;
	}

	private static @Nullable AwsRole role(Annotation annotation) {
		return (annotation instanceof AwsRole direct) ? direct
				: AnnotationUtils.findAnnotation(annotation.annotationType(), AwsRole.class);
	}

	@Override
	public boolean isAutowireCandidate(BeanDefinitionHolder definition, DependencyDescriptor descriptor) {
		return this.delegate.isAutowireCandidate(definition, descriptor)
				|| replacesDefaultRoleFor(definition, descriptor);
	}

	/**
	 * Whether a bean of the application without {@code @AwsRole}, which replaces the
	 * default role's bean for plain injection points, is the one an injection point gets
	 * that names the default role: {@code @AwsRole("default") S3Client}. Spring's own
	 * qualifier check turns it away, having no such qualifier on it. Only for an
	 * injection point with no qualifier but {@code @AwsRole}, and a bean that is an
	 * autowire and default candidate.
	 */
	private boolean replacesDefaultRoleFor(BeanDefinitionHolder holder, DependencyDescriptor descriptor) {
		// Every candidate Spring turns away for any injection point of the application
		// comes here: the cheap questions first.
		if (clientType(descriptor) == null || AwsClientBeanRegistrar.isClientBeanName(holder.getBeanName())) {
			return false;
		}
		AwsRole role = namedRole(descriptor);
		if (role == null || !RoleCredentialsProviders.DEFAULT_ROLE.equals(role.value())
				|| !RoleCredentialsProviders.DEFAULT_ROLE
					.equals(AwsClientBeanRegistrar.roleServed(this.beanFactory, holder.getBeanName()))) {
			return false;
		}
		for (Annotation annotation : descriptor.getAnnotations()) {
			if (role(annotation) == null && isQualifier(annotation.annotationType())) {
				return false;
			}
		}
		return true;
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
	public void addQualifierType(Class<? extends Annotation> qualifierType) {
		// Known here too: an injection point with such a qualifier is not asking for the
		// default role's bean alone.
		super.addQualifierType(qualifierType);
		if (this.delegate instanceof QualifierAnnotationAutowireCandidateResolver qualifiers) {
			qualifiers.addQualifierType(qualifierType);
		}
	}

	@Override
	public void setValueAnnotationType(Class<? extends Annotation> valueAnnotationType) {
		if (this.delegate instanceof QualifierAnnotationAutowireCandidateResolver qualifiers) {
			qualifiers.setValueAnnotationType(valueAnnotationType);
		}
	}

	@Override
	public AutowireCandidateResolver cloneIfNecessary() {
		return new InjectedClientBeanResolver(this.beanFactory, this.delegate.cloneIfNecessary(), this.roles,
				this.decided, this.lock);
	}

}
