package io.awsrefresh.credentials;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * One role the application uses: a name, where its credentials come from, and when they
 * are fetched and renewed.
 *
 * @param name role name ({@value RoleCredentialsProviders#DEFAULT_ROLE} for the default
 * role)
 * @param source where the role's credentials come from
 * @param refresh when to fetch and renew them
 * @param tagName the role's name in meter and observation tags, which must not grow with
 * the number of roles made at run time: a configured role's own name, the template's name
 * for a template's role in an account, {@value #BUILT_IN_CODE} for a role built in code
 * @since 0.1.0
 */
public record RoleDefinition(String name, RoleSource source, RefreshSettings refresh, String tagName) {

	/**
	 * The tag name of every role built in code.
	 */
	public static final String BUILT_IN_CODE = "built-in-code";

	/**
	 * The placeholder of a role template, replaced by an account id.
	 */
	public static final String ACCOUNT = "{account}";

	private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

	/**
	 * The name {@link #forAccount(String)} gives a template's role in an account.
	 */
	private static final Pattern ACCOUNT_ROLE_NAME = Pattern.compile(".+@\\d{12}");

	/**
	 * The name {@link RoleCredentialsProviders#forRole(AssumeRoleSpec)} gives a role
	 * built in code: its ARN, '#' and 16 hex digits of a digest.
	 */
	static final Pattern BUILT_IN_CODE_NAME = Pattern.compile("arn:.*#[0-9a-f]{16}");

	/**
	 * A configured role, tagged with its own name.
	 * @param name role name
	 * @param source where the role's credentials come from
	 * @param refresh when to fetch and renew them
	 */
	public RoleDefinition(String name, RoleSource source, RefreshSettings refresh) {
		this(name, source, refresh, name);
	}

	/**
	 * Whether a name has the form run-time roles are named in: a template's role in one
	 * account ({@code audit@123456789012}) or a role built in code (its ARN, {@code #}
	 * and a digest). A configured role of such a name would share that role's name, and
	 * so its clients.
	 * @param name a role name
	 * @return {@code true} for such a name
	 */
	public static boolean isRunTimeRoleName(String name) {
		return ACCOUNT_ROLE_NAME.matcher(name).matches() || BUILT_IN_CODE_NAME.matcher(name).matches();
	}

	/**
	 * Name of the role whose credentials call STS for this one, if any.
	 * @return the source role name, or {@code null}
	 */
	public @Nullable String sourceRole() {
		return (this.source instanceof RoleSource.AssumeRole assumeRole) ? assumeRole.sourceRole() : null;
	}

	/**
	 * Whether this is a role template: its role ARN holds {@value #ACCOUNT}, to be
	 * replaced by an account id when the role is asked for.
	 * @return {@code true} for a template
	 */
	public boolean isTemplate() {
		return this.source instanceof RoleSource.AssumeRole assumeRole && assumeRole.spec().roleArn().contains(ACCOUNT);
	}

	/**
	 * This template's role in one account: {@value #ACCOUNT} replaced in the role ARN,
	 * the session name, the external id, the policy ARNs, the source identity and the MFA
	 * serial number. The role is named {@code template@account} and tagged with the
	 * template's name.
	 * @param accountId a 12-digit AWS account id
	 * @return the role
	 * @throws IllegalArgumentException if this is not a template or the account id is not
	 * 12 digits
	 */
	public RoleDefinition forAccount(String accountId) {
		if (!isTemplate()) {
			throw new IllegalArgumentException(
					"Role '" + this.name + "' is not a template: its role-arn has no " + ACCOUNT);
		}
		if (!ACCOUNT_ID.matcher(accountId).matches()) {
			throw new IllegalArgumentException(
					"'" + accountId + "' is not an AWS account id (12 digits), for role template '" + this.name + "'");
		}
		RoleSource.AssumeRole assumeRole = (RoleSource.AssumeRole) this.source;
		AssumeRoleSpec spec = assumeRole.spec();
		// Only the fields that may hold the placeholder change: every other field, one
		// added later included, carries over.
		AssumeRoleSpec account = spec.withRoleArn(spec.roleArn().replace(ACCOUNT, accountId))
			.withSessionName(spec.sessionName().replace(ACCOUNT, accountId))
			.withExternalId(replace(spec.externalId(), accountId))
			.withPolicyArns(spec.policyArns().stream().map((arn) -> arn.replace(ACCOUNT, accountId)).toList())
			.withSourceIdentity(replace(spec.sourceIdentity(), accountId))
			.withSerialNumber(replace(spec.serialNumber(), accountId));
		return new RoleDefinition(this.name + "@" + accountId,
				new RoleSource.AssumeRole(account, assumeRole.sourceRole(), assumeRole.sts()), this.refresh,
				this.tagName);
	}

	private static @Nullable String replace(@Nullable String value, String accountId) {
		return (value != null) ? value.replace(ACCOUNT, accountId) : null;
	}

}
