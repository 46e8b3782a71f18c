package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

import io.awsrefresh.credentials.CustomCredentialsSource;
import io.awsrefresh.credentials.MfaTokenProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.IgnoreErrorsBindHandler;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import software.amazon.awssdk.regions.Region;

/**
 * Checks every {@code aws.refresh.*} value before any bean is created, so that one
 * startup report lists every mistake: keys that bind to nothing, values that cannot be
 * converted, values STS or the SDK would reject, and rules that tie keys together. The
 * beans check their values again as they read them; here nothing is built.
 * <p>
 * Two checks need what only exists at run time and stay with the beans: whether the SDK's
 * region chain finds a region when {@code aws.refresh.region} is not set, and whatever a
 * connection details bean supplies.
 */
final class AwsRefreshPropertiesCheck implements BeanFactoryPostProcessor, EnvironmentAware {

	private static final String PREFIX = "aws.refresh";

	/**
	 * Stands in for the region when the SDK's region chain would supply it: the default
	 * region takes part in no check.
	 */
	private static final Region ANY_REGION = Region.US_EAST_1;

	/**
	 * Stands in for custom source beans, which must not be created this early. The
	 * definitions built here are only checked, never used.
	 */
	private static final CustomCredentialsSource NOT_CREATED = (role) -> {
		throw new IllegalStateException("Custom credentials sources are not created while properties are checked");
	};

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
		PropertyProblems problems = new PropertyProblems();
		Binder binder = Binder.get(this.environment);
		AwsRefreshProperties properties = bind(binder, problems);
		checkUnbound(binder, problems);
		check(properties, beanFactory, problems);
		problems.throwIfAny();
	}

	private AwsRefreshProperties bind(Binder binder, PropertyProblems problems) {
		return binder.bindOrCreate(PREFIX, Bindable.of(AwsRefreshProperties.class), new AbstractBindHandler() {

			@Override
			public @Nullable Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
					Exception error) {
				ValueKind kind = ValueKind.of(target);
				problems.add(new InvalidAwsRefreshPropertyException(name.toString(),
						shownValue(name, context.getConfigurationProperty()), "cannot be read as " + kind.description(),
						name + "=" + kind.example()));
				// Keeps the default: the other keys are still checked.
				return (target.getValue() != null) ? target.getValue().get() : null;
			}

		});
	}

	private void checkUnbound(Binder binder, PropertyProblems problems) {
		try {
			binder.bind(PREFIX, Bindable.of(AwsRefreshProperties.class), new NoUnboundElementsBindHandler(
					new IgnoreErrorsBindHandler(), AwsRefreshPropertiesCheck::checkedForUnknownKeys));
		}
		catch (BindException ex) {
			if (!(ex.getCause() instanceof UnboundConfigurationPropertiesException unbound)) {
				throw ex;
			}
			AwsRefreshKeys keys = new AwsRefreshKeys();
			for (ConfigurationProperty property : unbound.getUnboundProperties()) {
				String name = property.getName().toString();
				if (problems.isReported(name)) {
					// A value that could not be converted did not bind either: one
					// report.
					continue;
				}
				String nearest = keys.nearest(name);
				problems.add(new InvalidAwsRefreshPropertyException(name, shownValue(property.getName(), property),
						"binds to nothing: no aws.refresh key has this name"
								+ ((nearest != null) ? "; did you mean " + nearest + "?" : ""),
						(nearest != null) ? nearest + "=..."
								: "see docs/configuration.md in the aws-refresh repository for every key"));
			}
		}
	}

	/**
	 * Unknown keys are looked for in every property source but the environment variables:
	 * a {@code -D} JVM argument under aws.refresh is configuration, as a command-line
	 * argument or a file is, while an unrelated variable may map under aws.refresh by
	 * chance. Spring Boot's own check leaves out system properties too.
	 */
	private static boolean checkedForUnknownKeys(ConfigurationPropertySource source) {
		return !(source.getUnderlyingSource() instanceof PropertySource<?> propertySource
				&& StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(propertySource.getName()));
	}

	private void check(AwsRefreshProperties properties, ConfigurableListableBeanFactory beanFactory,
			PropertyProblems problems) {
		String region = PropertyValues.blankToNull(properties.getRegion());
		Region defaultRegion = (region != null)
				? problems.check(() -> PropertyValues.region(PREFIX + ".region", region.strip())) : null;
		URI endpoint = properties.getEndpoint();
		if (endpoint != null) {
			problems.check(() -> PropertyValues.endpoint(PREFIX + ".endpoint", endpoint));
		}
		SourceCredentials.check(properties.getSource(), problems);
		OptionalCaffeine.checkRoleTemplates(properties, beanFactory.getBeanClassLoader(), problems);
		HttpSettings.check(properties.getHttp(), problems);
		ClientSettings.checkCache(properties.getCache(), problems);
		ClientSettings.runTimeRoles(properties, problems);
		if (!properties.getServices().isEmpty()) {
			AwsClientTypes clientTypes = AwsClientBeanRegistrar.registeredClientTypes(beanFactory);
			if (clientTypes != null) {
				ClientSettings.services(properties.getServices(), clientTypes.serviceIds(), problems);
			}
		}
		Set<String> customSources = Set.of(beanFactory.getBeanNamesForType(CustomCredentialsSource.class, true, false));
		boolean mfaTokenProviderPresent = beanFactory.getBeanNamesForType(MfaTokenProvider.class, true,
				false).length > 0;
		RoleDefinitions.resolve(properties, (defaultRegion != null) ? defaultRegion : ANY_REGION, endpoint,
				this.environment.getProperty("spring.application.name"), mfaTokenProviderPresent,
				new RoleDefinitions.CustomSources() {

					@Override
					public Set<String> names() {
						return customSources;
					}

					@Override
					public @Nullable CustomCredentialsSource get(String name) {
						return customSources.contains(name) ? NOT_CREATED : null;
					}

				}, null, problems);
	}

	private static @Nullable Object shownValue(ConfigurationPropertyName name,
			@Nullable ConfigurationProperty property) {
		if (property == null || AwsRefreshKeys.looksSecret(name.toString())) {
			return null;
		}
		return property.getValue();
	}

	/**
	 * What a key of a type holds, and a valid value of it.
	 */
	private record ValueKind(String description, String example) {

		static ValueKind of(Bindable<?> target) {
			Class<?> type = target.getType().resolve(Object.class);
			if (type == Duration.class) {
				return new ValueKind("a duration (such as 30s, 5m or 1h)", "5m");
			}
			if (type == Boolean.class || type == boolean.class) {
				return new ValueKind("true or false", "true");
			}
			if (type == URI.class) {
				return new ValueKind("a URL", "http://127.0.0.1:4566");
			}
			if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
				return new ValueKind("a whole number", "10");
			}
			return new ValueKind("a " + type.getSimpleName(), "...");
		}

	}

}
