package io.awsrefresh.credentials;

import java.util.Collection;

/**
 * Thrown when a role name is asked for that is not configured.
 *
 * @since 0.1.0
 */
public class UnknownRoleException extends IllegalArgumentException {

	private final String roleName;

	public UnknownRoleException(String roleName, Collection<String> configuredRoles) {
		super("No role named '" + roleName + "'; configured roles: " + configuredRoles);
		this.roleName = roleName;
	}

	/**
	 * Name that was asked for.
	 * @return the role name
	 */
	public String getRoleName() {
		return this.roleName;
	}

}
