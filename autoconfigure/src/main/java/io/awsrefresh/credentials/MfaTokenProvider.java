package io.awsrefresh.credentials;

/**
 * Supplies the current MFA token code for roles configured with a {@code serial-number}.
 * Called on every refresh of those roles, on the starter's refresh threads, so each
 * AssumeRole call carries a fresh code. Roles that share a device are given their codes
 * one at a time, and a code already sent for the device is not sent again: the provider
 * is asked again every second, for up to 35 seconds, until it gives a new one.
 * Implementations must return promptly (a TOTP generator, not a prompt to a person: the
 * role's refresh waits for it) and must never log the code.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface MfaTokenProvider {

	/**
	 * Return the current token code of an MFA device.
	 * @param serialNumber serial number or ARN of the MFA device
	 * @return the six-digit token code
	 */
	String tokenCode(String serialNumber);

}
