package io.awsrefresh.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.client.AwsRole;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues.ValueHolder;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AbstractBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.metrics.ApplicationStartup;
import org.springframework.core.metrics.StartupStep;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.Assert;

import software.amazon.awssdk.core.SdkClient;

/**
 * Registers a lazy bean for every SDK client interface on the classpath, and every
 * resource-level type the registry builds whose module is present ({@code S3Presigner},
 * {@code S3TransferManager}, ...), for the default role, and makes each named role's bean
 * of a type when an injection point asks for it. The default role's bean is primary; a
 * named role's bean carries {@code @AwsRole("name")} and is injected only where that
 * qualifier asks for it. Each bean is the registry's instance for its key. Backing off is
 * per type and role: a bean of the application (or of a library configured earlier)
 * without {@code @AwsRole} replaces the default role's bean only, and one with
 * {@code @AwsRole("audit")} replaces the audit role's only.
 * <p>
 * Startup is paid by every instance of every rollout, so what is registered is shaped by
 * measurement ({@code benchmarks/startup}):
 * <ul>
 * <li>The client types come from {@link AwsClientTypes#scan}, which lists the service
 * jars' entries rather than matching a pattern over every jar.</li>
 * <li>Each bean is a plain definition whose target type is the client type, made by the
 * static {@link AwsClientBeans#client} with the type and role as arguments: every by-type
 * lookup reads every definition, and plain ones are read once and cheaply.</li>
 * <li>The default role's beans are registered here, before the auto-configurations that
 * come after this one (Spring Cloud AWS's) ask whether a client bean is missing. Named
 * roles' beans never answer that question, and an application injects a handful of the
 * roles × types it could: {@link NamedRoleBeans} has {@link NamedRoleBeanResolver}
 * register each on first injection instead of a thousand up front with 20 roles.</li>
 * </ul>
 * Spring Framework 7's {@code BeanRegistrar} would be the natural choice, but its bean
 * specs take no qualifiers and it cannot see the application's own bean definitions,
 * which the back-off needs. The definitions registered here use plain constructor
 * arguments, so AOT processing generates code for them; under AOT the scan does not run,
 * and {@link NamedRoleBeans} is generated code like any other post-processor.
 */
class AwsClientBeanRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanClassLoaderAware {

	private static final Log logger = LogFactory.getLog(AwsClientBeanRegistrar.class);

	static final String CLIENT_TYPES_BEAN = "awsRefreshClientTypes";

	static final String NAMED_ROLES_BEAN = "awsRefreshNamedRoleBeans";

	/**
	 * The startup step that finds the client types and registers their beans.
	 */
	static final String STARTUP_STEP = "aws-refresh.client-beans.register";

	private static final String BEAN_NAME_PREFIX = "awsRefresh.";

	private @Nullable Environment environment;

	private @Nullable ClassLoader classLoader;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		// A step of its own in the application's startup recording (/actuator/startup
		// with a BufferingApplicationStartup): the part of startup that grows with the
		// SDK modules on the classpath and the roles configured.
		StartupStep step = applicationStartup(registry).start(STARTUP_STEP);
		try {
			registerBeanDefinitions(registry, step);
		}
		finally {
			step.end();
		}
	}

	private void registerBeanDefinitions(BeanDefinitionRegistry registry, StartupStep step) {
		ClassLoader classLoader = (this.classLoader != null) ? this.classLoader : getClass().getClassLoader();
		AwsClientTypes types = AwsClientTypes.scan(classLoader);
		if (!registry.containsBeanDefinition(CLIENT_TYPES_BEAN)) {
			RootBeanDefinition typesDefinition = new RootBeanDefinition(AwsClientTypes.class);
			typesDefinition.getConstructorArgumentValues().addIndexedArgumentValue(0, types.types());
			registry.registerBeanDefinition(CLIENT_TYPES_BEAN, typesDefinition);
		}
		Assert.state(this.environment != null, "No environment");
		Set<String> roles = new LinkedHashSet<>(AwsRefreshModel.get(registry, this.environment).roleNames());
		List<Class<?>> injectable = new ArrayList<>(types.types());
		// S3Presigner, S3TransferManager, the DynamoDB enhanced clients: those whose
		// modules are present.
		injectable.addAll(AwsClientRegistry.resourceTypes(classLoader));
		// The default role's beans now, before the auto-configurations that come after
		// this one (Spring Cloud AWS's among them) ask whether a client bean is missing.
		register(registry, injectable, Set.of(RoleCredentialsProviders.DEFAULT_ROLE));
		step.tag("clientTypes", String.valueOf(types.types().size()))
			.tag("injectableTypes", String.valueOf(injectable.size()))
			.tag("roles", String.valueOf(roles.size()));
		roles.remove(RoleCredentialsProviders.DEFAULT_ROLE);
		if (!roles.isEmpty() && !registry.containsBeanDefinition(NAMED_ROLES_BEAN)) {
			RootBeanDefinition namedRoles = new RootBeanDefinition(NamedRoleBeans.class);
			namedRoles.getConstructorArgumentValues().addIndexedArgumentValue(0, injectable);
			namedRoles.getConstructorArgumentValues().addIndexedArgumentValue(1, List.copyOf(roles));
			namedRoles.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
			registry.registerBeanDefinition(NAMED_ROLES_BEAN, namedRoles);
		}
	}

	private static ApplicationStartup applicationStartup(BeanDefinitionRegistry registry) {
		return (registry instanceof AbstractBeanFactory beanFactory) ? beanFactory.getApplicationStartup()
				: ApplicationStartup.DEFAULT;
	}

	/**
	 * Registers the beans of these roles for these types, except those the application
	 * defines itself.
	 */
	static void register(BeanDefinitionRegistry registry, List<Class<?>> types, Collection<String> roles) {
		// Looked up before registering: each lookup reads every bean definition, and the
		// ones registered here would make that types × roles × types.
		Map<Class<?>, Set<String>> taken = new HashMap<>();
		for (Class<?> type : types) {
			taken.put(type, rolesDefinedByApplication(registry, type));
		}
		for (Class<?> type : types) {
			for (String role : roles) {
				if (taken.get(type).contains(role)) {
					logger.debug("Not registering the " + type.getSimpleName() + " bean of role '" + role
							+ "': the application defines one");
					continue;
				}
				registry.registerBeanDefinition(beanName(type, role), definition(type, role));
			}
		}
	}

	/**
	 * The client types registered by this registrar, read from their bean definition so
	 * that a bean factory post-processor can use them without creating a bean.
	 * @param beanFactory the bean factory
	 * @return the client types, or {@code null} if the registry is not configured
	 */
	@SuppressWarnings("unchecked")
	static @Nullable AwsClientTypes registeredClientTypes(ConfigurableListableBeanFactory beanFactory) {
		if (!beanFactory.containsBeanDefinition(CLIENT_TYPES_BEAN)) {
			return null;
		}
		ValueHolder types = beanFactory.getBeanDefinition(CLIENT_TYPES_BEAN)
			.getConstructorArgumentValues()
			.getIndexedArgumentValue(0, List.class);
		return (types != null) ? new AwsClientTypes((List<Class<? extends SdkClient>>) types.getValue()) : null;
	}

	static String beanName(Class<?> type, String role) {
		return BEAN_NAME_PREFIX + type.getSimpleName() + "." + role;
	}

	static boolean isClientBeanName(String name) {
		return name.startsWith(BEAN_NAME_PREFIX);
	}

	static RootBeanDefinition definition(Class<?> type, String role) {
		RootBeanDefinition definition = new RootBeanDefinition(AwsClientBeans.class);
		definition.setFactoryMethodName("client");
		definition.setTargetType(type);
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, type);
		definition.getConstructorArgumentValues().addIndexedArgumentValue(1, role);
		// The registry, by type.
		definition.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
		definition.setLazyInit(true);
		// The registry closes its clients: Spring would otherwise infer close() for an
		// AutoCloseable bean and close each client a second time, before the registry.
		definition.setDestroyMethodName("");
		// Spring's @EventListener detection reads every method of a bean's type: for an
		// SDK client that loads hundreds of request and response classes, for every
		// client type on the classpath, at startup, and dozens for a presigner. None has
		// listener methods: let it look at SdkClient, or at Object, which it skips.
		definition.setAttribute(AutoProxyUtils.ORIGINAL_TARGET_CLASS_ATTRIBUTE,
				SdkClient.class.isAssignableFrom(type) ? SdkClient.class : Object.class);
		boolean defaultRole = RoleCredentialsProviders.DEFAULT_ROLE.equals(role);
		definition.setPrimary(defaultRole);
		// A named role's client only where @AwsRole asks for it: a plain injection point
		// gets the default role's, or the bean that replaces it.
		definition.setDefaultCandidate(defaultRole);
		definition.addQualifier(new AutowireCandidateQualifier(AwsRole.class, role));
		return definition;
	}

	/**
	 * Roles whose client of this type is defined elsewhere: the value of {@code @AwsRole}
	 * on such a bean, or the default role for a bean without one.
	 */
	static Set<String> rolesDefinedByApplication(BeanDefinitionRegistry registry, Class<?> type) {
		Set<String> roles = new HashSet<>();
		if (registry instanceof ListableBeanFactory beanFactory) {
			for (String name : beanFactory.getBeanNamesForType(type, true, false)) {
				String role = roleQualifier(registry, beanFactory, name);
				roles.add((role != null) ? role : RoleCredentialsProviders.DEFAULT_ROLE);
			}
		}
		return roles;
	}

	private static @Nullable String roleQualifier(BeanDefinitionRegistry registry, ListableBeanFactory beanFactory,
			String name) {
		AwsRole annotation = beanFactory.findAnnotationOnBean(name, AwsRole.class, false);
		if (annotation != null) {
			return annotation.value();
		}
		if (registry.containsBeanDefinition(name)
				&& registry.getBeanDefinition(name) instanceof AbstractBeanDefinition definition) {
			AutowireCandidateQualifier qualifier = definition.getQualifier(AwsRole.class.getName());
			if (qualifier != null
					&& qualifier.getAttribute(AutowireCandidateQualifier.VALUE_KEY) instanceof String role) {
				return role;
			}
		}
		return null;
	}

	/**
	 * Installs the {@link NamedRoleBeanResolver}, which registers a named role's bean for
	 * a client type the first time an injection point asks for it. Registering every
	 * named role's bean for every client type up front cost startup in proportion to
	 * roles × types (a thousand definitions with 20 roles and 50 types, read by every
	 * lookup by type) for the handful an application injects. Under AOT this
	 * post-processor is generated code and runs at startup like any other.
	 */
	static final class NamedRoleBeans implements BeanFactoryPostProcessor {

		private final List<Class<?>> types;

		private final List<String> roles;

		NamedRoleBeans(List<Class<?>> types, List<String> roles) {
			this.types = types;
			this.roles = roles;
		}

		@Override
		public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
			if (beanFactory instanceof DefaultListableBeanFactory listable) {
				listable.setAutowireCandidateResolver(new NamedRoleBeanResolver(listable,
						listable.getAutowireCandidateResolver(), Set.copyOf(this.types), Set.copyOf(this.roles)));
			}
		}

	}

}
