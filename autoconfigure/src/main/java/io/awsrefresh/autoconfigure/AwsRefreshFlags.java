package io.awsrefresh.autoconfigure;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * The {@code aws.refresh} switches that turn a part of the starter on or off: unset,
 * blank or {@code true} is on, {@code false} is off, and anything else is a mistake.
 * Spring Boot's {@code @ConditionalOnBooleanProperty} reads any value but {@code true} as
 * off, blank included, so that a misspelt {@code flase} or a {@code yes} turns a part off
 * without a word.
 * <p>
 * The conditions ({@link ConditionalOnAwsRefreshFlag}) and the startup check read each
 * switch here, so that whichever reads a mistake first reports it the same way.
 */
final class AwsRefreshFlags {

	static final String ENABLED = "aws.refresh.enabled";

	static final String SDK_METRICS = "aws.refresh.sdk-metrics.enabled";

	static final String SDK_OBSERVATIONS = "aws.refresh.sdk-observations.enabled";

	/**
	 * Every switch; the startup check reads them all, whether or not the part they turn
	 * on is on the class path.
	 */
	static final List<String> KEYS = List.of(ENABLED, SDK_METRICS, SDK_OBSERVATIONS);

	private AwsRefreshFlags() {
	}

	/**
	 * Whether a switch is on.
	 * @param key the switch
	 * @param environment the environment
	 * @return {@code true} unless it is {@code false}
	 * @throws InvalidAwsRefreshPropertyException if it is neither {@code true} nor
	 * {@code false}
	 */
	static boolean isOn(String key, Environment environment) {
		Boolean value = read(key, environment.getProperty(key));
		return value == null || value;
	}

	/**
	 * Check every switch.
	 * @param environment the environment
	 * @param problems where a switch that is neither {@code true} nor {@code false} goes
	 */
	static void check(Environment environment, PropertyProblems problems) {
		for (String key : KEYS) {
			problems.check(() -> isOn(key, environment));
		}
	}

	private static @Nullable Boolean read(String key, @Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		return switch (value.strip().toLowerCase(Locale.ROOT)) {
			case "true" -> true;
			case "false" -> false;
			// Off is the example: the switches are on unless set.
			default ->
				throw new InvalidAwsRefreshPropertyException(key, value, "must be true or false", key + "=false");
		};
	}

}
