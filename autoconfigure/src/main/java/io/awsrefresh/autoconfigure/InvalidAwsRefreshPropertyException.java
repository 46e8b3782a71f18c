package io.awsrefresh.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when an {@code aws.refresh.*} value is invalid. Names the key, the
 * problem and a valid example; the offending value is shown only for keys that are not
 * secret.
 *
 * @since 0.1.0
 */
public class InvalidAwsRefreshPropertyException extends RuntimeException {

	private final String property;

	private final String reason;

	private final String example;

	InvalidAwsRefreshPropertyException(String property, @Nullable Object shownValue, String reason, String example) {
		super("Invalid '" + property + "'" + ((shownValue != null) ? " ('" + shownValue + "')" : "") + ": " + reason);
		this.property = property;
		this.reason = reason;
		this.example = example;
	}

	/**
	 * Full name of the offending key, such as {@code aws.refresh.roles.audit.duration}.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * What is wrong with the value.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * A valid setting of the key, in {@code key=value} form.
	 * @return the example
	 */
	public String getExample() {
		return this.example;
	}

}
