package io.awsrefresh.credentials;

/**
 * Told about every attempt to fetch a role's credentials, successful or not: the SPI
 * behind the starter's own logging and status, and the place for metrics, health or
 * alerting of your own. Beans of this type are picked up by the auto-configuration and
 * called in {@link org.springframework.core.annotation.Order @Order} order.
 * <p>
 * Called on the refresh thread right after the attempt, once per attempt; keep it quick
 * and non-blocking. An exception thrown here is logged and otherwise ignored. Nothing
 * passed here holds a secret.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RefreshListener {

	/**
	 * Called after each fetch attempt of a role.
	 * @param attempt what happened
	 */
	void onAttempt(RefreshAttempt attempt);

}
