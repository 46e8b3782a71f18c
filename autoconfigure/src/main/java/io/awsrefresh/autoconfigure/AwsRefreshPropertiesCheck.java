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
	}

	private static void checkNamedBeans(AwsRefreshModel model, ConfigurableListableBeanFactory beanFactory,
			PropertyProblems problems) {
		Set<String> customSources = Set.of(beanFactory.getBeanNamesForType(CustomCredentialsSource.class, true, false));
		boolean mfaTokenProvider = beanFactory.getBeanNamesForType(MfaTokenProvider.class, true, false).length > 0;
		boolean caffeine = OptionalCaffeine.isPresent(beanFactory.getBeanClassLoader());
		for (ConfiguredRole role : model.roles()) {
			if (role.source() instanceof ConfiguredRole.Custom custom && !customSources.contains(custom.beanName())) {
				problems.add(new InvalidAwsRefreshPropertyException(role.key("custom-source"), custom.beanName(),
						"no bean of type io.awsrefresh.credentials.CustomCredentialsSource has that name; beans of "
								+ "that type: " + customSources,
						role.key("custom-source") + "="
								+ (customSources.isEmpty() ? "vaultCredentials" : customSources.iterator().next())));
			}
			if (role.source() instanceof ConfiguredRole.AssumeRole assumeRole
					&& assumeRole.spec().serialNumber() != null && !mfaTokenProvider) {
				problems.add(new InvalidAwsRefreshPropertyException(role.key("serial-number"),
						assumeRole.spec().serialNumber(),
						"MFA needs a bean of type io.awsrefresh.credentials.MfaTokenProvider to supply token codes; "
								+ "define one, or remove the key",
						role.key("serial-number") + "=arn:aws:iam::123456789012:mfa/jane"));
			}
			if (role.isTemplate() && !caffeine) {
				problems.add(OptionalCaffeine.templateNeedsCaffeine(role));
			}
		}
		AwsClientTypes clientTypes = AwsClientBeanRegistrar.registeredClientTypes(beanFactory);
		if (clientTypes != null) {
			ClientSettings.checkServiceIds(model.services().keySet(), clientTypes.serviceIds(), problems);
		}
	}

}
