package io.awsrefresh.autoconfigure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PlaceholdersResolver;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

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
		// Bound into an instance: what bound is kept when a key is reported.
		binder(environment, placeholders).bind(PREFIX, Bindable.ofInstance(properties),
				new AwsRefreshBindHandler(problems, placeholders));
		return properties;
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
		// Blank names of this source and of those before it, which take precedence.
		Set<ConfigurationPropertyName> blank = new HashSet<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source.containsDescendantOf(prefix) != ConfigurationPropertyState.ABSENT) {
				addBlankValues(source, prefix, placeholders, blank);
				sources.add(blank.isEmpty() ? source : withoutNames(source, Set.copyOf(blank)));
			}
		}
		return new Binder(sources, placeholders);
	}

	/**
	 * Blank {@code aws.refresh} values read as unset, and are left out of the sources the
	 * binder reads: it would fail to convert one given to a key that holds keys (an empty
	 * YAML {@code http:} then left every key bound after it unbound, the region too),
	 * bind nothing under a role given one, and report the keys under it as unknown. Left
	 * out of the sources after theirs too, since a blank value overrides them as any
	 * value does: {@code AWS_REFRESH_ROLEARN=} or {@code role-arn: ${ROLE_ARN:}} means no
	 * role, whatever {@code application.yml} says.
	 */
	private static void addBlankValues(ConfigurationPropertySource source, ConfigurationPropertyName prefix,
			PlaceholdersResolver placeholders, Set<ConfigurationPropertyName> blank) {
		if (source instanceof IterableConfigurationPropertySource iterable) {
			iterable.stream()
				.filter((name) -> prefix.equals(name) || prefix.isAncestorOf(name))
				.filter((name) -> AwsRefreshBindHandler.isBlank(iterable.getConfigurationProperty(name), placeholders))
				.forEach(blank::add);
		}
	}

	/**
	 * A source with none is kept as it is: a filtered one answers every lookup by
	 * searching.
	 */
	private static ConfigurationPropertySource withoutNames(ConfigurationPropertySource source,
			Set<ConfigurationPropertyName> names) {
		return source.filter((name) -> !names.contains(name));
	}

}
