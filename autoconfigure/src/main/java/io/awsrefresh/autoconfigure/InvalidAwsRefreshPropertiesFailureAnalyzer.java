package io.awsrefresh.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Explains invalid {@code aws.refresh.*} values, one or several: for each, the key, the
 * value unless it is secret, where it was set (file and line, or property source), what
 * is wrong and a valid example.
 */
class InvalidAwsRefreshPropertiesFailureAnalyzer implements FailureAnalyzer, Ordered {

	private final Environment environment;

	InvalidAwsRefreshPropertiesFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidAwsRefreshPropertiesException several) {
				return analysis(several.getProblems(), cause);
			}
			if (cause instanceof InvalidAwsRefreshPropertyException one) {
				return analysis(List.of(one), cause);
			}
		}
		return null;
	}

	private FailureAnalysis analysis(List<InvalidAwsRefreshPropertyException> problems, Throwable cause) {
		StringBuilder description = new StringBuilder((problems.size() == 1) ? "An aws.refresh value is invalid:\n"
				: problems.size() + " aws.refresh values are invalid:\n");
		StringBuilder action = new StringBuilder("Update your configuration, for example:\n\n");
		for (InvalidAwsRefreshPropertyException problem : problems) {
			description.append("\n    Property: ").append(problem.getProperty());
			if (problem.getValue() != null) {
				description.append("\n    Value: \"").append(problem.getValue()).append('"');
			}
			Origin origin = origin(problem.getProperty());
			String valueProperty = problem.getValueProperty();
			if (origin == null && valueProperty != null) {
				// An inherited value: where it was set.
				origin = origin(valueProperty);
			}
			if (origin != null) {
				description.append("\n    Origin: ").append(origin);
			}
			description.append("\n    Reason: ").append(problem.getReason()).append('\n');
			action.append("    ").append(problem.getExample()).append('\n');
		}
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	/**
	 * Where the key was set; for a key that holds a list or a map, where its first entry
	 * was set. A key that was not set itself (a required key that is missing, an
	 * inherited value) has none.
	 */
	private @Nullable Origin origin(String property) {
		ConfigurationPropertyName name = name(property);
		if (name == null) {
			return null;
		}
		Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(this.environment);
		for (ConfigurationPropertySource source : sources) {
			ConfigurationProperty value = source.getConfigurationProperty(name);
			if (value != null) {
				return value.getOrigin();
			}
		}
		for (ConfigurationPropertySource source : sources) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				for (ConfigurationPropertyName descendant : iterable.filter(name::isAncestorOf)) {
					ConfigurationProperty value = source.getConfigurationProperty(descendant);
					if (value != null) {
						return value.getOrigin();
					}
				}
			}
		}
		return null;
	}

	/**
	 * The key as a property name. A key such as {@code aws.refresh.tags.aws:team}, whose
	 * last part is a map key that only the bracketed form can hold, is read as
	 * {@code aws.refresh.tags[aws:team]}.
	 */
	private static @Nullable ConfigurationPropertyName name(String property) {
		ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(property);
		// The map key is the last part: the nearest parent first.
		for (int dot = property.lastIndexOf('.'); name == null && dot > 0; dot = property.lastIndexOf('.', dot - 1)) {
			ConfigurationPropertyName parent = ConfigurationPropertyName.ofIfValid(property.substring(0, dot));
			if (parent != null) {
				name = ConfigurationPropertyName.ofIfValid(parent + "[" + property.substring(dot + 1) + "]");
			}
		}
		return name;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
