package io.awsrefresh.autoconfigure;

import java.util.Set;

import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains keys under {@code aws.refresh} that bind to nothing (a typo, usually) without
 * echoing a value that may be a secret (under a key that looks secret, or anywhere under
 * a source of credentials), which Spring Boot's own report would print, and suggests the
 * valid key nearest to each. Runs before Spring Boot's analyzer.
 */
class UnboundAwsRefreshPropertiesFailureAnalyzer
		extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
		Set<ConfigurationProperty> unbound = cause.getUnboundProperties();
		if (unbound.isEmpty() || !unbound.stream().allMatch((property) -> isOurs(property.getName().toString()))) {
			return null;
		}
		AwsRefreshKeys keys = new AwsRefreshKeys();
		StringBuilder description = new StringBuilder("These aws.refresh keys bind to nothing:\n");
		StringBuilder action = new StringBuilder(
				"Correct or remove each key (docs/configuration.md in the aws-refresh repository lists them all)");
		for (ConfigurationProperty property : unbound) {
			String name = AwsRefreshKeys.written(property.getName());
			description.append("\n    Property: ").append(name);
			description.append("\n    Value: ").append(shown(name, property.getValue()));
			if (property.getOrigin() != null) {
				description.append("\n    Origin: ").append(property.getOrigin());
			}
			String nearest = keys.nearest(property.getName());
			if (nearest != null) {
				description.append("\n    Did you mean: ").append(nearest);
			}
			description.append('\n');
		}
		action.append(".\n");
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	private static boolean isOurs(String name) {
		return name.startsWith("aws.refresh.");
	}

	private static Object shown(String name, Object value) {
		// Nothing under a source of credentials is shown: a misspelt key there may hold a
		// secret whatever its name, as the bind handler's report treats it.
		return (name.contains(".source.") || AwsRefreshKeys.looksSecret(name)) ? "****** (not shown)"
				: "\"" + PropertyValues.withoutUserInfo(String.valueOf(value)) + "\"";
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
