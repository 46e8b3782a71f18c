package io.awsrefresh.autoconfigure;

import java.util.Set;
import java.util.TreeSet;

import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.client.AwsRole;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

import software.amazon.awssdk.core.SdkClient;

/**
 * Registers a lazy bean for every SDK client interface on the classpath and every role:
 * the default role's bean is primary, each named role's bean carries
 * {@code @AwsRole("name")}. Each bean is the registry's instance for its key. A type for
 * which the application defines a bean of its own gets none.
 * <p>
 * Spring Framework 7's {@code BeanRegistrar} would be the AOT-friendly choice, but its
 * bean specs take no qualifiers and it cannot see the application's own bean definitions,
 * which the per-type back-off needs.
 */
class AwsClientBeanRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanClassLoaderAware {

	private static final Log logger = LogFactory.getLog(AwsClientBeanRegistrar.class);

	static final String CLIENT_TYPES_BEAN = "awsRefreshClientTypes";

	private static final ConfigurationPropertyName ROLES = ConfigurationPropertyName.of("aws.refresh.roles");

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
		ClassLoader classLoader = (this.classLoader != null) ? this.classLoader : getClass().getClassLoader();
		AwsClientTypes types = AwsClientTypes.scan(classLoader);
		if (!registry.containsBeanDefinition(CLIENT_TYPES_BEAN)) {
			registry.registerBeanDefinition(CLIENT_TYPES_BEAN,
					new RootBeanDefinition(AwsClientTypes.class, () -> types));
		}
		Set<String> roles = roleNames();
		for (Class<? extends SdkClient> type : types.types()) {
			if (definedByApplication(registry, type)) {
				logger.debug("Not registering " + type.getSimpleName() + " beans: the application defines one");
				continue;
			}
			for (String role : roles) {
				registry.registerBeanDefinition(beanName(type, role), definition(registry, type, role));
			}
		}
	}

	static String beanName(Class<?> type, String role) {
		return "awsRefresh." + type.getSimpleName() + "." + role;
	}

	private <T extends SdkClient> RootBeanDefinition definition(BeanDefinitionRegistry registry, Class<T> type,
			String role) {
		BeanFactory beanFactory = (BeanFactory) registry;
		RootBeanDefinition definition = new RootBeanDefinition(type,
				() -> beanFactory.getBean(AwsClientRegistry.class).client(type, role));
		definition.setLazyInit(true);
		definition.setPrimary(RoleCredentialsProviders.DEFAULT_ROLE.equals(role));
		definition.addQualifier(new AutowireCandidateQualifier(AwsRole.class, role));
		// The registry owns and closes the client; an empty name stops Spring from
		// inferring close() as well.
		definition.setDestroyMethodName("");
		return definition;
	}

	private boolean definedByApplication(BeanDefinitionRegistry registry, Class<?> type) {
		return registry instanceof ListableBeanFactory beanFactory
				&& beanFactory.getBeanNamesForType(type, true, false).length > 0;
	}

	/**
	 * The default role and the keys under {@code aws.refresh.roles}, read from the
	 * environment because no bean exists yet.
	 */
	private Set<String> roleNames() {
		Set<String> names = new TreeSet<>();
		if (this.environment != null) {
			for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
				if (source instanceof IterableConfigurationPropertySource iterable) {
					iterable.filter(ROLES::isAncestorOf)
						.forEach((name) -> names.add(
								name.getElement(ROLES.getNumberOfElements(), ConfigurationPropertyName.Form.ORIGINAL)));
				}
			}
		}
		names.remove(RoleCredentialsProviders.DEFAULT_ROLE);
		Set<String> roles = new java.util.LinkedHashSet<>();
		roles.add(RoleCredentialsProviders.DEFAULT_ROLE);
		roles.addAll(names);
		return roles;
	}

}
