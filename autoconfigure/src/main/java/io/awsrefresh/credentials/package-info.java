/**
 * Credentials that refresh themselves: roles and where their credentials come from (STS
 * AssumeRole, a custom source, an AWS IoT certificate, the source credentials), the
 * refresh engine that keeps each role's credentials fresh, the listener SPI that sees
 * every attempt, and the ownership of the STS clients and threads behind them.
 * <p>
 * The words, used the same way across the code, the properties and the docs:
 * <dl>
 * <dt>role</dt>
 * <dd>A named set of credentials the application uses: {@code default}, or
 * {@code aws.refresh.roles.<name>}. One {@link RoleCredentialsProvider} per role;
 * {@link RoleCredentialsProviders} holds them all.</dd>
 * <dt>configured role, run-time role</dt>
 * <dd>A configured role is declared in properties and lives as long as the context. A
 * run-time role is made while the application runs, from a role template for an account
 * ({@code template@account}) or from an {@link AssumeRoleSpec} built in code, and is held
 * in a bounded cache ({@code aws.refresh.run-time-roles.*}).</dd>
 * <dt>role template</dt>
 * <dd>A named role whose {@code role-arn} holds {@code {account}}: no credentials of its
 * own, one run-time role per account asked for.</dd>
 * <dt>source credentials, source role</dt>
 * <dd>What calls STS: the source credentials ({@code aws.refresh.source.*}, else the
 * SDK's default chain), or for a chained role the role named by its
 * {@code source-role}.</dd>
 * <dt>session</dt>
 * <dd>An {@code AwsSession}: a role's clients and identity, the Java counterpart of a
 * boto3 {@code Session}. Not to be confused with an STS role session, which has a name
 * ({@code role-session-name}) and is what AssumeRole starts.</dd>
 * <dt>fetch, attempt, refresh</dt>
 * <dd>A fetch obtains a role's credentials from its source; each is an attempt, told to
 * the {@link RefreshListener}s; a refresh is a fetch that replaces credentials still
 * held.</dd>
 * <dt>prefetch time, stale time, served until</dt>
 * <dd>When a refresh may start, when a caller starts waiting for a fetch if nothing has
 * failed, and until when credentials are served while fetches fail (their expiry less a
 * safety margin).</dd>
 * </dl>
 */
@NullMarked
package io.awsrefresh.credentials;

import org.jspecify.annotations.NullMarked;
