package io.awsrefresh.autoconfigure;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * The {@code aws.refresh} switches that turn a part of the starter on or off: unset,
 * blank or true is on, false is off (as Spring's conversion reads booleans: {@code true},
 * {@code on}, {@code yes}, {@code 1} and their opposites), and anything else is a
 * mistake. Spring Boot's {@code @ConditionalOnBooleanProperty} reads any value but
 * {@code true} as off, blank included, so that a misspelt {@code flase} or a {@code yes}
 * turns a part off without a word.
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
	 * @return {@code true} unless it is false
	 * @throws InvalidAwsRefreshPropertyException if it is no boolean, or its placeholder
	 * cannot be resolved
	 */
	static boolean isOn(String key, Environment environment) {
		Boolean value = read(key, environment);
		return value == null || value;
	}

	/**
	 * Whether a switch is set to false, for the conditions: a value that is no boolean is
	 * not, so that the parts it turns on stay and the startup check reports it with every
	 * other mistake, in one report.
	 * @param key the switch
	 * @param environment the environment
	 * @return whether it is false
	 */
	static boolean isOff(String key, Environment environment) {
		try {
			return Boolean.FALSE.equals(read(key, environment));
		}
		catch (InvalidAwsRefreshPropertyException ex) {
			return false;
		}
	}

	/**
	 * Check every switch.
	 * @param environment the environment
	 * @param problems where a switch that is no boolean goes
	 */
	static void check(Environment environment, PropertyProblems problems) {
		for (String key : KEYS) {
			problems.check(() -> isOn(key, environment));
		}
	}

	private static @Nullable Boolean read(String key, Environment environment) {
		String value;
		try {
			value = environment.getProperty(key);
		}
		catch (IllegalArgumentException ex) {
			// A placeholder that cannot be resolved.
			throw new InvalidAwsRefreshPropertyException(key, null, "holds a placeholder that cannot be resolved",
					key + "=false");
		}
		if (value == null || value.isBlank()) {
			return null;
		}
		// What Spring's conversion reads as a boolean, as for every other boolean key.
		return switch (value.strip().toLowerCase(Locale.ROOT)) {
			case "true", "on", "yes", "1" -> true;
			case "false", "off", "no", "0" -> false;
			// Off is the example: the switches are on unless set.
			default ->
				throw new InvalidAwsRefreshPropertyException(key, value, "must be true or false", key + "=false");
		};
	}

}
