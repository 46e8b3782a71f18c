package io.awsrefresh.autoconfigure;

import java.util.Set;

import io.awsrefresh.credentials.CustomCredentialsSource;
import io.awsrefresh.credentials.MfaTokenProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Stops startup before any bean is created when {@code aws.refresh.*} holds a mistake,
 * with one report that lists them all: those found reading the {@link AwsRefreshModel},
 * and the names the model gives that no bean definition or class answers (a custom source
 * bean, an {@link MfaTokenProvider}, Caffeine for a role template, a service id).
 * <p>
 * Two checks need what only exists at run time and stay with the beans: whether the SDK's
 * region chain finds a region when {@code aws.refresh.region} is not set, and the SSL
 * bundles IoT roles name, which may be registered in code.
 */
final class AwsRefreshPropertiesCheck implements BeanFactoryPostProcessor, EnvironmentAware {

	/**
	 * The name {@code @EnableConfigurationProperties} gives the properties bean:
	 * {@code <prefix>-<class name>}.
	 */
	static final String PROPERTIES_BEAN = "aws.refresh-" + AwsRefreshProperties.class.getName();

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (this.environment == null) {
			return;
		}
		AwsRefreshModel model = AwsRefreshModel.get(beanFactory, this.environment);
		PropertyProblems problems = new PropertyProblems();
		model.problems().forEach(problems::add);
		checkNamedBeans(model, beanFactory, problems);
		problems.throwIfAny();
		bindPropertiesBeanOnDemand(beanFactory);
	}

	/**
	 * The model has bound and checked every key already. Spring Boot would bind them all
	 * again into the {@code @ConfigurationProperties} bean at startup (37 ms of the main
	 * thread with 20 roles and 25 modules in {@code benchmarks/startup}, profiled), for a
	 * bean only {@code /actuator/configprops} reads: lazy, it is bound when something
	 * asks for it.
	 */
	private static void bindPropertiesBeanOnDemand(ConfigurableListableBeanFactory beanFactory) {
		if (beanFactory.containsBeanDefinition(PROPERTIES_BEAN)) {
			beanFactory.getBeanDefinition(PROPERTIES_BEAN).setLazyInit(true);
		}
	}

	private static void checkNamedBeans(AwsRefreshModel model, ConfigurableListableBeanFactory beanFactory,
			PropertyProblems problems) {
		Set<String> customSources = Set.of(beanFactory.getBeanNamesForType(CustomCredentialsSource.class, true, false));
		boolean mfaTokenProvider = beanFactory.getBeanNamesForType(MfaTokenProvider.class, true, false).length > 0;
		boolean caffeine = OptionalCaffeine.isPresent(beanFactory.getBeanClassLoader());
		for (ConfiguredRoles.NamedReference reference : model.references()) {
			String key = reference.key();
			switch (reference.kind()) {
				case CUSTOM_SOURCE -> {
					if (!customSources.contains(reference.value())) {
						problems.add(new InvalidAwsRefreshPropertyException(key, reference.value(),
								"no bean of type io.awsrefresh.credentials.CustomCredentialsSource has that name; "
										+ "beans of that type: " + customSources,
								key + "=" + (customSources.isEmpty() ? "vaultCredentials"
										: customSources.iterator().next())));
					}
				}
				case MFA_DEVICE -> {
					if (!mfaTokenProvider) {
						problems.add(new InvalidAwsRefreshPropertyException(key, reference.value(),
								"MFA needs a bean of type io.awsrefresh.credentials.MfaTokenProvider to supply token "
										+ "codes; define one, or remove the key",
								key + "=arn:aws:iam::123456789012:mfa/jane"));
					}
				}
				case ROLE_TEMPLATE -> {
					if (!caffeine) {
						problems.add(OptionalCaffeine.templateNeedsCaffeine(key, reference.value()));
					}
				}
			}
		}
		// Listing the client types loads every client interface on the class path: only
		// for keys to check.
		if (!model.services().isEmpty()) {
			ClassLoader classLoader = beanFactory.getBeanClassLoader();
			AwsClientTypes clientTypes = AwsClientTypes
				.scan((classLoader != null) ? classLoader : AwsRefreshPropertiesCheck.class.getClassLoader());
			ClientSettings.checkServiceIds(model.services().keySet(), clientTypes.serviceIds(), problems);
		}
	}

}
