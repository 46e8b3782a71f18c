package io.awsrefresh.credentials;

import org.jspecify.annotations.Nullable;

/**
 * One role the application uses: the default role or a named one.
 *
 * @param name role name ({@value RoleCredentialsProviders#DEFAULT_ROLE} for the default
 * role)
 * @param sourceRole name of the role whose credentials call STS for this one, or
 * {@code null} to use the source credentials
 * @param assumeRole what to assume, or {@code null} to use the source credentials as they
 * are
 * @param refresh when to fetch and renew
 * @param sts where STS calls go
 * @since 0.1.0
 */
public record RoleDefinition(String name, @Nullable String sourceRole, @Nullable AssumeRoleSpec assumeRole,
		RefreshSettings refresh, StsEndpoint sts) {

}
