package io.awsrefresh.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.awsrefresh.autoconfigure.AwsRefreshProperties.ClientBeans;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.client.AwsRole;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
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
 * Makes the client beans: for each SDK client interface, and each resource-level type the
 * registry builds whose module is present ({@code S3Presigner},
 * {@code S3TransferManager}, ...), a bean per role, each the registry's instance for its
 * type and role. The default role's bean is primary; a named role's bean carries
 * {@code @AwsRole("name")} and is injected only where that qualifier asks for it. Backing
 * off is per type and role: a bean of the application (or of a library configured
 * earlier) without {@code @AwsRole} replaces the default role's bean only, and one with
 * {@code @AwsRole("audit")} replaces the audit role's only.
 * <p>
 * Startup is paid by every instance of every rollout, so what is registered when is
 * shaped by measurement ({@code benchmarks/startup}). A bean definition's type is a
 * loaded class, the first lookup by type reads every definition, and an SDK client
 * interface's class file runs to megabytes: with 25 SDK modules, loading the fifty
 * interfaces for beans nobody injects was most of what the starter added to startup. So:
 * <ul>
 * <li>By default ({@code aws.refresh.client-beans=injected}) {@link InjectedClientBeans}
 * has {@link InjectedClientBeanResolver} register a type's bean for a role the first time
 * an injection point asks for it. Only the types a Spring Cloud AWS auto-configuration on
 * the class path defines beans of are registered here, for the default role: those
 * auto-configurations come after this one and ask whether a client bean is missing before
 * any injection point is seen.</li>
 * <li>With {@code aws.refresh.client-beans=all} the default role's bean of every client
 * type is registered here, from {@link AwsClientTypes#scan}, so that lookups by type
 * ({@code getBean(S3Client.class)}, {@code @ConditionalOnBean}) see them all; named
 * roles' beans are still registered on injection.</li>
 * <li>Each bean is a plain definition whose target type is the client type, made by the
 * static {@link AwsClientBeans#client} with the type and role as arguments: every by-type
 * lookup reads every definition, and plain ones are read once and cheaply.</li>
 * </ul>
 * Spring Framework 7's {@code BeanRegistrar} would be the natural choice, but its bean
 * specs take no qualifiers and it cannot see the application's own bean definitions,
 * which the back-off needs. The definitions registered here use plain constructor
 * arguments, so AOT processing generates code for them; under AOT the scan does not run,
 * and {@link InjectedClientBeans} is generated code like any other post-processor.
 */
class AwsClientBeanRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanClassLoaderAware {

	private static final Log logger = LogFactory.getLog(AwsClientBeanRegistrar.class);

	static final String INJECTED_CLIENT_BEANS_BEAN = "awsRefreshInjectedClientBeans";

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
		Assert.state(this.environment != null, "No environment");
		AwsRefreshModel model = AwsRefreshModel.get(registry, this.environment);
		List<Class<?>> atStartup = new ArrayList<>();
		if (model.clientBeans() == ClientBeans.ALL) {
			atStartup.addAll(AwsClientTypes.scan(classLoader).types());
			// S3Presigner, S3TransferManager, the DynamoDB enhanced clients: those whose
			// modules are present.
			atStartup.addAll(AwsClientRegistry.resourceTypes(classLoader));
		}
		else if (registry instanceof ListableBeanFactory beanFactory) {
			atStartup.addAll(SpringCloudAws.clientTypes(classLoader, beanFactory, this.environment));
		}
		else {
			atStartup.addAll(SpringCloudAws.clientTypes(classLoader));
		}
		// The default role's beans now, before the auto-configurations that come after
		// this one (Spring Cloud AWS's among them) ask whether a client bean is missing.
		register(registry, atStartup, Set.of(RoleCredentialsProviders.DEFAULT_ROLE));
		step.tag("clientBeans", model.clientBeans().name().toLowerCase(Locale.ROOT))
			.tag("typesAtStartup", String.valueOf(atStartup.size()))
			.tag("roles", String.valueOf(model.roleNames().size()));
		if (!registry.containsBeanDefinition(INJECTED_CLIENT_BEANS_BEAN)) {
			RootBeanDefinition injected = new RootBeanDefinition(InjectedClientBeans.class);
			injected.getConstructorArgumentValues().addIndexedArgumentValue(0, List.copyOf(model.roleNames()));
			injected.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
			registry.registerBeanDefinition(INJECTED_CLIENT_BEANS_BEAN, injected);
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
	 * on such a bean, or the default role for a bean without one. As for Spring Boot's
	 * {@code @ConditionalOnMissingBean}, a bean that is no autowire candidate serves no
	 * role, and one that is no default candidate does not serve the default role: a plain
	 * injection point would not get it.
	 */
	static Set<String> rolesDefinedByApplication(BeanDefinitionRegistry registry, Class<?> type) {
		Set<String> roles = new HashSet<>();
		if (registry instanceof ListableBeanFactory beanFactory) {
			// With the ancestors' beans, as @ConditionalOnMissingBean reads them: a
			// client
			// bean of a parent context replaces the default role's bean in its children.
			for (String name : BeanFactoryUtils.beanNamesForTypeIncludingAncestors(beanFactory, type, true, false)) {
				String role = roleServed(beanFactory, name);
				if (role != null) {
					roles.add(role);
				}
			}
		}
		return roles;
	}

	/**
	 * The role a client bean serves: the value of its {@code @AwsRole}, the default role
	 * for one without, or {@code null} for a bean that is no autowire candidate, or no
	 * default candidate and without {@code @AwsRole}, as Spring Boot's
	 * {@code @ConditionalOnMissingBean} reads them.
	 * @param beanFactory the bean factory
	 * @param name the bean name
	 * @return the role, or {@code null}
	 */
	static @Nullable String roleServed(ListableBeanFactory beanFactory, String name) {
		BeanDefinition definition = (beanFactory instanceof BeanDefinitionRegistry registry
				&& registry.containsBeanDefinition(name)) ? registry.getBeanDefinition(name) : null;
		if (definition != null && !definition.isAutowireCandidate()) {
			return null;
		}
		String role = roleOf(beanFactory, name);
		if (role != null) {
			return role;
		}
		return (definition instanceof AbstractBeanDefinition abstractDefinition
				&& !abstractDefinition.isDefaultCandidate()) ? null : RoleCredentialsProviders.DEFAULT_ROLE;
	}

	/**
	 * The role a bean defined elsewhere serves: the value of its {@code @AwsRole}, on its
	 * factory method or class or as a qualifier of its definition.
	 * @param beanFactory the bean factory
	 * @param name the bean name
	 * @return the role, or {@code null} for a bean without one, which serves the default
	 * role
	 */
	static @Nullable String roleOf(ListableBeanFactory beanFactory, String name) {
		return (beanFactory instanceof BeanDefinitionRegistry registry) ? roleQualifier(registry, beanFactory, name)
				: null;
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
	 * Installs the {@link InjectedClientBeanResolver}, which registers a role's bean of a
	 * client type the first time an injection point asks for it. Registering every role's
	 * bean of every client type up front cost startup in proportion to roles × types (a
	 * thousand definitions with 20 roles and 50 types, and fifty client interfaces
	 * loaded) for the handful an application injects. Under AOT this post-processor is
	 * generated code and runs at startup like any other.
	 */
	static final class InjectedClientBeans implements BeanFactoryPostProcessor {

		private final List<String> roles;

		InjectedClientBeans(List<String> roles) {
			this.roles = roles;
		}

		@Override
		public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
			if (beanFactory instanceof DefaultListableBeanFactory listable) {
				listable.setAutowireCandidateResolver(new InjectedClientBeanResolver(listable,
						listable.getAutowireCandidateResolver(), Set.copyOf(this.roles)));
			}
		}

	}

}
