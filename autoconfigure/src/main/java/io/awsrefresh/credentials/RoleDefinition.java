package io.awsrefresh.credentials;

import org.jspecify.annotations.Nullable;

/**
 * One role the application uses: a name, where its credentials come from, and when they
 * are fetched and renewed.
 *
 * @param name role name ({@value RoleCredentialsProviders#DEFAULT_ROLE} for the default
 * role)
 * @param source where the role's credentials come from
 * @param refresh when to fetch and renew them
 * @since 0.1.0
 */
public record RoleDefinition(String name, RoleSource source, RefreshSettings refresh) {

	/**
	 * Name of the role whose credentials call STS for this one, if any.
	 * @return the source role name, or {@code null}
	 */
	public @Nullable String sourceRole() {
		return (this.source instanceof RoleSource.AssumeRole assumeRole) ? assumeRole.sourceRole() : null;
	}

}
