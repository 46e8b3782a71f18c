package io.awsrefresh.client;

/**
 * Thrown when the registry is asked for a type that is not an AWS SDK v2 service client
 * interface.
 *
 * @since 0.1.0
 */
public class UnsupportedClientTypeException extends IllegalArgumentException {

	private final Class<?> type;

	UnsupportedClientTypeException(Class<?> type, String reason) {
		super(type.getName() + " " + reason);
		this.type = type;
	}

	/**
	 * The type asked for.
	 * @return the type
	 */
	public Class<?> getType() {
		return this.type;
	}

}
