package io.awsrefresh.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

/**
 * Thrown at startup when an {@code aws.refresh.*} value is invalid. Names the key, the
 * problem and a valid example; the offending value is shown only for keys that are not
 * secret.
 *
 * @since 0.1.0
 */
public class InvalidAwsRefreshPropertyException extends RuntimeException {

	private final String property;

	private final @Nullable String value;

	private final String reason;

	private final String example;

	private final @Nullable String valueProperty;

	InvalidAwsRefreshPropertyException(String property, @Nullable Object shownValue, String reason, String example) {
		this(property, shownValue, reason, example, null);
	}

	InvalidAwsRefreshPropertyException(String property, @Nullable Object shownValue, String reason, String example,
			@Nullable String valueProperty) {
		super("Invalid '" + property + "'" + ((shownValue != null) ? " ('" + display(shownValue) + "')" : "") + ": "
				+ reason);
		this.property = property;
		this.value = (shownValue != null) ? String.valueOf(display(shownValue)) : null;
		this.reason = reason;
		this.example = escapeKey(example);
		this.valueProperty = valueProperty;
	}

	/**
	 * Escapes what a {@code .properties} file would read as the end of the key: a space,
	 * colon or equals sign inside a bracketed map key ({@code tags[project:name]}, which
	 * STS allows), so that the example is a line to copy.
	 */
	private static String escapeKey(String example) {
		if (!example.startsWith("aws.refresh")) {
			// Where to look instead of a setting.
			return example;
		}
		StringBuilder line = new StringBuilder(example.length() + 4);
		int depth = 0;
		for (int i = 0; i < example.length(); i++) {
			char c = example.charAt(i);
			if (depth == 0 && c == '=') {
				return line.append(example, i, example.length()).toString();
			}
			depth += (c == '[') ? 1 : (c == ']') ? -1 : 0;
			if (c == ' ' || c == ':' || c == '=' || c == '\\') {
				line.append('\\');
			}
			line.append(c);
		}
		return line.toString();
	}

	/**
	 * Shows durations the way they are written in configuration ({@code 5m}, not
	 * {@code PT5M}).
	 */
	static Object display(Object value) {
		if (!(value instanceof Duration duration)) {
			return value;
		}
		ChronoUnit unit = ChronoUnit.MILLIS;
		if (duration.isZero()) {
			unit = ChronoUnit.SECONDS;
		}
		else if (duration.getNano() % 1_000_000 != 0) {
			unit = ChronoUnit.NANOS;
		}
		else if (duration.toMillis() % 3_600_000 == 0) {
			unit = ChronoUnit.HOURS;
		}
		else if (duration.toMillis() % 60_000 == 0) {
			unit = ChronoUnit.MINUTES;
		}
		else if (duration.toMillis() % 1000 == 0) {
			unit = ChronoUnit.SECONDS;
		}
		return DurationStyle.SIMPLE.print(duration, unit);
	}

	/**
	 * Full name of the offending key, such as {@code aws.refresh.roles.audit.duration}.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * The offending value as written in configuration, or {@code null} where it is not
	 * shown: secrets, values that may be confidential, and values that are missing.
	 * @return the value, or {@code null}
	 */
	public @Nullable String getValue() {
		return this.value;
	}

	/**
	 * The key the offending value was set under, when it is not {@link #getProperty()}:
	 * the default role's key whose value a named role inherits.
	 * @return the key, or {@code null} when the value is the property's own or a default
	 */
	public @Nullable String getValueProperty() {
		return this.valueProperty;
	}

	/**
	 * What is wrong with the value.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * A valid setting of the key, in {@code key=value} form: a line of a
	 * {@code .properties} file to copy, its key escaped where it holds a space, colon or
	 * equals sign.
	 * @return the example
	 */
	public String getExample() {
		return this.example;
	}

}
