package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.PlaceholdersResolver;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.function.SingletonSupplier;

/**
 * Reports every {@code aws.refresh} key that fails to bind, and keeps its default. It
 * wraps Spring Boot's check of unknown keys, not the other way round: a key under a list
 * element that binds to nothing fails the list, and that check rethrows the failure up to
 * the root, which left every key bound after the list unbound and unchecked. Here it is
 * reported where the list fails, which keeps its default. Unknown keys found once
 * everything is bound fail the root, and are reported there.
 * <p>
 * A value given to a key that holds keys ({@code aws.refresh.source=x}) fails to bind
 * when nothing is under the key, and is ignored by Spring Boot when something is: both
 * are reported alike.
 */
final class AwsRefreshBindHandler extends AbstractBindHandler {

	private static final String EVERY_KEY = "see docs/configuration.md in the aws-refresh repository for every key";

	private final PropertyProblems problems;

	private final PlaceholdersResolver placeholders;

	// Read from the properties classes only when something is reported.
	private final Supplier<AwsRefreshKeys> keys = SingletonSupplier.of(AwsRefreshKeys::new);

	// Keys whose value could not be read: the keys under them did not bind either.
	private final List<ConfigurationPropertyName> failed = new ArrayList<>();

	/**
	 * Keys that hold keys and were given a value: nothing under them bound, and a key
	 * under them that is no key is a mistake of its own.
	 */
	private final List<ConfigurationPropertyName> failedGroups = new ArrayList<>();

	AwsRefreshBindHandler(PropertyProblems problems, PlaceholdersResolver placeholders) {
		super(new NoUnboundElementsBindHandler(BindHandler.DEFAULT, AwsRefreshBindHandler::checkedForUnknownKeys));
		this.problems = problems;
		this.placeholders = placeholders;
	}

	/**
	 * The starter's groups of keys are JavaBeans, so they are bound as such: left to
	 * choose, Spring Boot first tries constructor binding for each group of each role,
	 * and that attempt alone took about 10 ms of startup with 20 roles.
	 */
	@Override
	public <T> @Nullable Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target, BindContext context) {
		Bindable<T> started = super.onStart(name, target, context);
		if (started != null && started.getBindMethod() == null
				&& AwsRefreshKeys.isOurs(started.getType().resolve(Object.class))) {
			return started.withBindMethod(BindMethod.JAVA_BEAN);
		}
		return started;
	}

	@Override
	public @Nullable Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
			Exception error) {
		UnboundConfigurationPropertiesException unbound = unbound(error);
		if (unbound != null) {
			reportUnknownKeys(unbound);
		}
		// A blank value reads as unset (key: ${VARIABLE:}): the default stays. Those of
		// the sources that can be listed are left out before binding.
		else if (!isBlank(context.getConfigurationProperty(), this.placeholders)) {
			reportInvalidValue(name, target, context);
			(AwsRefreshKeys.holdsKeys(target.getType()) ? this.failedGroups : this.failed).add(name);
		}
		return (target.getValue() != null) ? target.getValue().get() : null;
	}

	@Override
	public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
		if (AwsRefreshKeys.holdsKeys(target.getType()) && hasValueOfItsOwn(name, context)) {
			reportValueOfKeyThatHoldsKeys(name, context);
		}
		return super.onSuccess(name, target, context, result);
	}

	/**
	 * Whether a key that was bound from the keys under it has a value of its own too, in
	 * a source checked for unknown keys: such a value is as unused as an unknown key is
	 * (one in an environment variable is not reported when the binding fails for it
	 * alone).
	 */
	private boolean hasValueOfItsOwn(ConfigurationPropertyName name, BindContext context) {
		for (ConfigurationPropertySource source : context.getSources()) {
			ConfigurationProperty property = source.getConfigurationProperty(name);
			if (property != null && checkedForUnknownKeys(source) && !isBlank(property, this.placeholders)) {
				return true;
			}
		}
		return false;
	}

	private void reportInvalidValue(ConfigurationPropertyName name, Bindable<?> target, BindContext context) {
		if (this.problems.isReported(AwsRefreshKeys.written(name))) {
			// Read and reported before binding, as a switch is: one report.
			return;
		}
		if (AwsRefreshKeys.holdsKeys(target.getType())) {
			reportValueOfKeyThatHoldsKeys(name, context);
		}
		else {
			this.problems.add(new InvalidAwsRefreshPropertyException(AwsRefreshKeys.written(name),
					shownValue(name, context.getConfigurationProperty()), "cannot be read as " + description(target),
					example(this.keys.get(), name)));
		}
	}

	/**
	 * A value given to a key that holds keys. Beside keys under it, Spring Boot ignores
	 * the value (or fails on it, for a list), so it is to be removed, and the example is
	 * one of the keys set, with a sample value: a key of the group not set may be
	 * rejected beside them ({@code source.profile} beside static keys).
	 */
	private void reportValueOfKeyThatHoldsKeys(ConfigurationPropertyName name, BindContext context) {
		String key = AwsRefreshKeys.written(name);
		if (this.problems.isReported(key)) {
			return;
		}
		AwsRefreshKeys keys = this.keys.get();
		String besideKeys = null;
		for (ConfigurationPropertySource source : context.getSources()) {
			if (besideKeys == null && source instanceof IterableConfigurationPropertySource iterable) {
				besideKeys = iterable.stream()
					.filter((under) -> name.isAncestorOf(under) && keys.isKey(under))
					.map(keys::example)
					.filter(Objects::nonNull)
					.findFirst()
					.orElse(null);
			}
		}
		// Not shown: a value where keys belong may be anything, a credential too.
		this.problems.add((besideKeys != null)
				? new InvalidAwsRefreshPropertyException(key, null,
						"holds keys, not a value, and keys under it are set: remove the value", besideKeys)
				: new InvalidAwsRefreshPropertyException(key, null, "holds keys, not a value: set the keys under it",
						example(keys, name)));
	}

	private void reportUnknownKeys(UnboundConfigurationPropertiesException unbound) {
		AwsRefreshKeys keys = this.keys.get();
		for (ConfigurationProperty property : unbound.getUnboundProperties()) {
			String name = AwsRefreshKeys.written(property.getName());
			if (this.problems.isReported(name)
					|| this.failed.stream().anyMatch((key) -> key.isAncestorOf(property.getName()))
					|| (keys.isKey(property.getName())
							&& this.failedGroups.stream().anyMatch((key) -> key.isAncestorOf(property.getName())))) {
				// A value that could not be read did not bind, nor did the keys under
				// it, and the keys of a list element are found again at the end: one
				// report. Under a key given a value where keys belong, only the keys
				// that are no keys are mistakes of their own.
				continue;
			}
			String nearest = keys.nearest(property.getName());
			// Nothing under a source of credentials is shown: a misspelt key there may
			// hold a secret whatever its name.
			Object shown = name.contains(".source.") ? null : shownValue(property.getName(), property);
			this.problems.add(new InvalidAwsRefreshPropertyException(name, shown,
					"binds to nothing: no aws.refresh key has this name"
							+ ((nearest != null) ? "; did you mean " + nearest + "?" : ""),
					(nearest != null) ? example(keys.nearestExample(property.getName(), shown)) : EVERY_KEY));
		}
	}

	private static @Nullable UnboundConfigurationPropertiesException unbound(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof UnboundConfigurationPropertiesException unbound) {
				return unbound;
			}
		}
		return null;
	}

	/**
	 * Whether a value is blank once its placeholders are resolved: such a value reads as
	 * unset whatever the key, as the documentation says ({@code key: ${VARIABLE:}}).
	 * @param property the property, or {@code null}
	 * @param placeholders resolves the value's placeholders
	 * @return {@code true} for a blank value
	 */
	static boolean isBlank(@Nullable ConfigurationProperty property, PlaceholdersResolver placeholders) {
		if (property == null || !(property.getValue() instanceof CharSequence value)) {
			return false;
		}
		Object resolved = placeholders.resolvePlaceholders(value.toString());
		return resolved == null || resolved.toString().isBlank();
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
	 * A valid setting of the key, to copy; the documentation where there is none.
	 */
	private static String example(AwsRefreshKeys keys, ConfigurationPropertyName key) {
		return example(keys.example(key));
	}

	private static String example(@Nullable String example) {
		return (example != null) ? example : EVERY_KEY;
	}

	/**
	 * What a key of the target's type holds. Its example comes from the key, not the
	 * type: a duration is not always a valid one of the key.
	 */
	private static String description(Bindable<?> target) {
		Class<?> type = target.getType().resolve(Object.class);
		if (type == Duration.class) {
			return "a duration (such as 30s, 5m or 1h)";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (type == URI.class) {
			return "a URL";
		}
		if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
			return "a whole number";
		}
		if (type.isEnum()) {
			return "one of " + Arrays.stream(type.getEnumConstants())
				.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
				.collect(Collectors.joining(", "));
		}
		return "a " + type.getSimpleName();
	}

}
