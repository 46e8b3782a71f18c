package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PlaceholdersResolver;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Binds {@code aws.refresh.*} once, reporting every value that cannot be converted and
 * every key that binds to nothing instead of stopping at the first.
 */
final class AwsRefreshBinder {

	private static final String PREFIX = "aws.refresh";

	private AwsRefreshBinder() {
	}

	/**
	 * Bind the properties. A value that cannot be converted keeps its default, so that
	 * the other keys are still bound and checked.
	 * @param environment the environment
	 * @param problems where values that cannot be converted and unknown keys go
	 * @return the bound properties
	 */
	static AwsRefreshProperties bind(Environment environment, PropertyProblems problems) {
		AwsRefreshProperties properties = new AwsRefreshProperties();
		PlaceholdersResolver placeholders = new PropertySourcesPlaceholdersResolver(environment);
		BindHandler reportFailures = new AbstractBindHandler() {

			@Override
			public @Nullable Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
					Exception error) {
				if (isBlank(context.getConfigurationProperty(), placeholders)) {
					// A blank value reads as unset (key: ${VARIABLE:}): the default
					// stays.
					return (target.getValue() != null) ? target.getValue().get() : null;
				}
				ValueKind kind = ValueKind.of(target);
				problems.add(new InvalidAwsRefreshPropertyException(name.toString(),
						shownValue(name, context.getConfigurationProperty()), "cannot be read as " + kind.description(),
						name + "=" + kind.example()));
				return (target.getValue() != null) ? target.getValue().get() : null;
			}

		};
		try {
			// Bound into an instance: what bound is kept when unknown keys are reported.
			binder(environment, placeholders).bind(PREFIX, Bindable.ofInstance(properties),
					new NoUnboundElementsBindHandler(reportFailures, AwsRefreshBinder::checkedForUnknownKeys));
		}
		catch (BindException ex) {
			if (!(ex.getCause() instanceof UnboundConfigurationPropertiesException unbound)) {
				throw ex;
			}
			reportUnknownKeys(unbound, problems, placeholders);
		}
		return properties;
	}

	/**
	 * Whether a value is blank once its placeholders are resolved: such a value reads as
	 * unset whatever the key's type, as the documentation says, where the conversion
	 * service would fail (a boolean) or give nothing (a duration, a URL), which would
	 * leave the key reported as unknown.
	 */
	private static boolean isBlank(@Nullable ConfigurationProperty property, PlaceholdersResolver placeholders) {
		if (property == null || !(property.getValue() instanceof CharSequence value)) {
			return false;
		}
		Object resolved = placeholders.resolvePlaceholders(value.toString());
		return resolved == null || resolved.toString().isBlank();
	}

	/**
	 * What {@link Binder#get(Environment)} builds, over only the property sources that
	 * may hold an {@code aws.refresh} key. The binder looks up every property of every
	 * role in every source it has, and most sources (the environment variables, the
	 * system properties) hold none: with 20 roles, skipping them saves a third of the
	 * binding's time. Placeholders still resolve against every source.
	 */
	private static Binder binder(Environment environment, PlaceholdersResolver placeholders) {
		ConfigurationPropertyName prefix = ConfigurationPropertyName.of(PREFIX);
		List<ConfigurationPropertySource> sources = new ArrayList<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source.containsDescendantOf(prefix) != ConfigurationPropertyState.ABSENT) {
				sources.add(source);
			}
		}
		return new Binder(sources, placeholders);
	}

	private static void reportUnknownKeys(UnboundConfigurationPropertiesException unbound, PropertyProblems problems,
			PlaceholdersResolver placeholders) {
		AwsRefreshKeys keys = new AwsRefreshKeys();
		for (ConfigurationProperty property : unbound.getUnboundProperties()) {
			String name = property.getName().toString();
			if (problems.isReported(name)) {
				// A value that could not be converted did not bind either: one report.
				continue;
			}
			if (isBlank(property, placeholders) && keys.isKey(name)) {
				// Blank, so converted to nothing, and so not bound: unset, not unknown.
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

	private static @Nullable Object shownValue(ConfigurationPropertyName name,
			@Nullable ConfigurationProperty property) {
		if (property == null || AwsRefreshKeys.looksSecret(name.toString())) {
			return null;
		}
		// A URL under a misspelt key may carry a password.
		return PropertyValues.withoutUserInfo(String.valueOf(property.getValue()));
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
			if (type.isEnum()) {
				List<String> values = Arrays.stream(type.getEnumConstants())
					.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
					.toList();
				return new ValueKind("one of " + String.join(", ", values), values.get(0));
			}
			return new ValueKind("a " + type.getSimpleName(), "...");
		}

	}

}
