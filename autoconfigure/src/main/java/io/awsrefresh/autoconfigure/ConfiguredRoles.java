package io.awsrefresh.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.awsrefresh.autoconfigure.AwsRefreshProperties.NamedRole;
import io.awsrefresh.credentials.AssumeRoleSpec;
import io.awsrefresh.credentials.RefreshSettings;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleDefinition;
import org.jspecify.annotations.Nullable;

/**
 * Reads the bound {@code aws.refresh.*} roles into {@link ConfiguredRole}s, each after
 * the role it is chained from: every role's own keys are read and checked by a
 * {@link RolePropertiesMapper}, a named role's unset settings are taken from the default
 * role's ({@link RoleSettings#orElse(RoleSettings)}), and the rules that tie settings
 * together are checked on the result. Their messages name the role's own key and say
 * where an inherited or default value came from.
 */
final class ConfiguredRoles {

	private static final String PREFIX = "aws.refresh.";

	private static final String DEFAULT_ROLE = RoleCredentialsProviders.DEFAULT_ROLE;

	private static final Pattern SESSION_NAME_INVALID_CHARS = Pattern.compile("[^\\w+=,.@-]");

	private static final Duration MAX_CHAINED_DURATION = Duration.ofHours(1);

	private static final String FALLBACK_SESSION_NAME = "aws-refresh";

	private final RolePropertiesMapper defaultRole;

	private final RoleSettings defaultRoleOwn;

	private final RoleSettings defaultSettings;

	private final Map<String, ConfiguredRole> defined = new LinkedHashMap<>();

	private final PropertyProblems problems;

	private ConfiguredRoles(AwsRefreshProperties properties, RoleSettings defaults, PropertyProblems problems) {
		this.problems = problems;
		this.defaultRole = new RolePropertiesMapper(PREFIX, properties, problems);
		this.defaultRoleOwn = this.defaultRole.settings();
		this.defaultSettings = this.defaultRoleOwn.orElse(defaults);
	}

	/**
	 * Read and check every role. Every invalid value is added to {@code problems}; a role
	 * with an invalid value is left out of the result.
	 * @param properties the bound properties
	 * @param applicationName spring.application.name, for the default session name
	 * @param problems where invalid values go
	 * @return the default role first, then named roles, each after its source role
	 */
	static List<ConfiguredRole> read(AwsRefreshProperties properties, @Nullable String applicationName,
			PropertyProblems problems) {
		return read(properties, applicationName, problems, new ArrayList<>());
	}

	/**
	 * Check and read every role, and note what each names that only beans or the class
	 * path can answer, valid role or not.
	 * @param properties the bound properties
	 * @param applicationName spring.application.name, for the default session name
	 * @param problems where invalid values go
	 * @param references where the names go
	 * @return the default role first, then named roles, each after its source role
	 */
	static List<ConfiguredRole> read(AwsRefreshProperties properties, @Nullable String applicationName,
			PropertyProblems problems, List<NamedReference> references) {
		ConfiguredRoles definitions = new ConfiguredRoles(properties,
				RoleSettings.defaults(defaultSessionName(applicationName)), problems);
		references(definitions.defaultRole, references);
		definitions.define(DEFAULT_ROLE, definitions.defaultRole, definitions.defaultRoleOwn,
				definitions.defaultSettings, null);
		Map<String, NamedRole> named = properties.getRoles();
		for (String name : RoleChains.order(named, problems)) {
			NamedRole role = named.get(name);
			RolePropertiesMapper mapper = new RolePropertiesMapper(AwsRefreshKeys.entry(PREFIX + "roles", name) + ".",
					role, problems);
			references(mapper, references);
			RoleSettings own = mapper.settings();
			definitions.define(name, mapper, own, own.orElse(definitions.defaultSettings),
					PropertyValues.blankToNull(role.getSourceRole()));
		}
		return List.copyOf(definitions.defined.values());
	}

	private static void references(RolePropertiesMapper role, List<NamedReference> references) {
		if (role.customSource() != null) {
			references.add(new NamedReference(NamedReference.Kind.CUSTOM_SOURCE, role.key("custom-source"),
					role.customSource()));
		}
		if (role.serialNumber() != null) {
			references.add(
					new NamedReference(NamedReference.Kind.MFA_DEVICE, role.key("serial-number"), role.serialNumber()));
		}
		if (role.roleArn() != null && role.roleArn().contains(RoleDefinition.ACCOUNT)) {
			references.add(new NamedReference(NamedReference.Kind.ROLE_TEMPLATE, role.key("role-arn"), role.roleArn()));
		}
	}

	/**
	 * A value that names what only beans or the class path can answer: a custom source
	 * bean, an MFA device (which needs an MfaTokenProvider bean), a role template (which
	 * needs Caffeine).
	 *
	 * @param kind what is named
	 * @param key the key that names it
	 * @param value the value
	 */
	record NamedReference(Kind kind, String key, String value) {

		enum Kind {

			CUSTOM_SOURCE, MFA_DEVICE, ROLE_TEMPLATE

		}

	}

	static String defaultSessionName(@Nullable String applicationName) {
		if (applicationName == null) {
			return FALLBACK_SESSION_NAME;
		}
		String name = SESSION_NAME_INVALID_CHARS.matcher(applicationName.strip()).replaceAll("-");
		name = name.substring(0, Math.min(name.length(), 64));
		return (name.length() >= 2) ? name : FALLBACK_SESSION_NAME;
	}

	/**
	 * Define one role, after the role it is chained from.
	 * @param own the settings the role sets itself
	 * @param settings the role's complete settings
	 */
	private void define(String name, RolePropertiesMapper role, RoleSettings own, RoleSettings settings,
			@Nullable String sourceRole) {
		if (!role.isValid()) {
			return;
		}
		ConfiguredRole definition = this.problems.check(() -> definition(name, role, own, settings, sourceRole));
		if (definition != null) {
			this.defined.put(name, definition);
		}
	}

	private ConfiguredRole definition(String name, RolePropertiesMapper role, RoleSettings own, RoleSettings settings,
			@Nullable String sourceRole) {
		Setting setting = new Setting(role, own);
		String roleArn = role.roleArn();
		String customSource = role.customSource();
		ConfiguredRole.Source source;
		if (role.iot().anySet()) {
			source = iot(role, customSource, roleArn, sourceRole);
		}
		else if (customSource != null) {
			source = custom(role, customSource, roleArn, sourceRole);
		}
		else if (roleArn != null) {
			checkTemplate(name, role, roleArn, sourceRole);
			AssumeRoleSpec spec = role.assumeRole(roleArn, settings);
			checkAccountPlaceholder(role, spec, setting);
			checkChainedDuration(role, settings, sourceRole, setting);
			source = new ConfiguredRole.AssumeRole(spec, sourceRole, settings.stsRegion(), settings.stsEndpoint());
		}
		else if (role != this.defaultRole) {
			throw new InvalidAwsRefreshPropertyException(role.key("role-arn"), null,
					"a named role needs the ARN of the role to assume (or custom-source, the name of a "
							+ "CustomCredentialsSource bean, or iot.* for a device certificate)",
					role.key("role-arn") + "=arn:aws:iam::123456789012:role/" + name);
		}
		else {
			List<String> assumeRoleKeys = role.assumeRoleRequestKeys();
			if (!assumeRoleKeys.isEmpty()) {
				throw new InvalidAwsRefreshPropertyException(assumeRoleKeys.get(0), null,
						"this key shapes the STS AssumeRole call, and the default role assumes no role: without "
								+ role.key("role-arn") + " its credentials are the source credentials as they are; "
								+ "set role-arn or remove " + String.join(", ", assumeRoleKeys),
						role.key("role-arn") + "=arn:aws:iam::123456789012:role/app");
			}
			source = new ConfiguredRole.Direct();
		}
		return new ConfiguredRole(name, role.key(""), source, refresh(role, settings, source, setting));
	}

	private ConfiguredRole.Source custom(RolePropertiesMapper role, String name, @Nullable String roleArn,
			@Nullable String sourceRole) {
		String key = role.key("custom-source");
		if (roleArn != null) {
			throw new InvalidAwsRefreshPropertyException(key, name,
					"a role gets its credentials either from a custom source or by assuming role-arn, not both; "
							+ "remove one of " + key + " and " + role.key("role-arn"),
					key + "=" + name);
		}
		if (sourceRole != null) {
			throw new InvalidAwsRefreshPropertyException(role.key("source-role"), sourceRole,
					"source-role names the credentials that assume role-arn; a role with a custom source gets "
							+ "its credentials from that source alone",
					key + "=" + name);
		}
		List<String> assumeRoleKeys = role.assumeRoleRequestKeys();
		if (!assumeRoleKeys.isEmpty()) {
			throw new InvalidAwsRefreshPropertyException(assumeRoleKeys.get(0), null,
					"this key shapes the STS AssumeRole call, and the role gets its credentials from custom source '"
							+ name + "' instead; remove " + String.join(", ", assumeRoleKeys),
					key + "=" + name);
		}
		return new ConfiguredRole.Custom(name);
	}

	private ConfiguredRole.Source iot(RolePropertiesMapper role, @Nullable String customSource,
			@Nullable String roleArn, @Nullable String sourceRole) {
		RolePropertiesMapper.IotKeys iot = role.iot();
		String example = role.key("iot.role-alias") + "=device-role";
		if (roleArn != null || customSource != null) {
			String other = role.key((roleArn != null) ? "role-arn" : "custom-source");
			throw new InvalidAwsRefreshPropertyException(other, (roleArn != null) ? roleArn : customSource,
					"a role gets its credentials from one place: the IoT credentials provider (iot.*) or "
							+ ((roleArn != null) ? "by assuming role-arn" : "a custom source") + ", not both; remove "
							+ other + " or the iot keys",
					example);
		}
		if (sourceRole != null) {
			throw new InvalidAwsRefreshPropertyException(role.key("source-role"), sourceRole,
					"source-role names the credentials that assume role-arn; a role with iot.* gets its "
							+ "credentials with its device certificate alone",
					example);
		}
		List<String> assumeRoleKeys = role.assumeRoleRequestKeys();
		if (!assumeRoleKeys.isEmpty()) {
			throw new InvalidAwsRefreshPropertyException(assumeRoleKeys.get(0), null,
					"this key shapes the STS AssumeRole call, and the role gets its credentials from the IoT "
							+ "credentials provider instead (the role alias fixes role and duration); remove "
							+ String.join(", ", assumeRoleKeys),
					example);
		}
		String bundleExample = role.key("iot.ssl-bundle") + "=device";
		requireIotKey(role, "iot.endpoint", iot.endpoint(),
				role.key("iot.endpoint") + "=c2abcdefgh1234.credentials.iot.eu-west-1.amazonaws.com");
		requireIotKey(role, "iot.role-alias", iot.roleAlias(), example);
		requireIotKey(role, "iot.ssl-bundle", iot.sslBundle(), bundleExample);
		return new ConfiguredRole.Iot(iot.endpoint(), iot.roleAlias(), iot.thingName(), iot.sslBundle());
	}

	private static void requireIotKey(RolePropertiesMapper role, String name, @Nullable Object value, String example) {
		if (value == null) {
			throw new InvalidAwsRefreshPropertyException(role.key(name), null,
					"a role that gets its credentials from the AWS IoT credentials provider needs " + role.key(name)
							+ " (with iot.endpoint, iot.role-alias and iot.ssl-bundle, the name of a "
							+ "spring.ssl.bundle.pem.<name> bundle holding the device certificate and private key)",
					example);
		}
	}

	/**
	 * A template ({@code {account}} in its role ARN) is a named role that no other role
	 * is chained from: it has no credentials until an account is given.
	 */
	private void checkTemplate(String name, RolePropertiesMapper role, String roleArn, @Nullable String sourceRole) {
		if (roleArn.contains(RoleDefinition.ACCOUNT) && role == this.defaultRole) {
			throw new InvalidAwsRefreshPropertyException(role.key("role-arn"), roleArn,
					"the default role cannot be a template: " + RoleDefinition.ACCOUNT
							+ " belongs in a named role's role-arn",
					PREFIX + "roles.scanner.role-arn=arn:aws:iam::" + RoleDefinition.ACCOUNT + ":role/SecurityAudit");
		}
		ConfiguredRole source = (sourceRole != null) ? this.defined.get(sourceRole) : null;
		if (source != null && source.isTemplate()) {
			throw new InvalidAwsRefreshPropertyException(role.key("source-role"), sourceRole,
					"role '" + sourceRole + "' is a template (its role-arn holds " + RoleDefinition.ACCOUNT
							+ "): it has no credentials to assume '" + name + "' with",
					role.key("source-role") + "=" + DEFAULT_ROLE);
		}
	}

	/**
	 * Only a template's role in an account replaces {@code {account}}: in a role that is
	 * no template it would reach STS as it is written.
	 */
	private void checkAccountPlaceholder(RolePropertiesMapper role, AssumeRoleSpec spec, Setting setting) {
		if (spec.roleArn().contains(RoleDefinition.ACCOUNT)) {
			return;
		}
		String reason = "holds " + RoleDefinition.ACCOUNT + ", which only a role template (a named role whose role-arn"
				+ " holds " + RoleDefinition.ACCOUNT + ") replaces";
		if (spec.sessionName().contains(RoleDefinition.ACCOUNT)) {
			throw setting.problem("role-session-name", spec.sessionName(), reason,
					role.key("role-session-name") + "=app", RoleSettings::sessionName);
		}
		if (spec.externalId() != null && spec.externalId().contains(RoleDefinition.ACCOUNT)) {
			// An external id is a secret of sorts: not shown.
			throw new InvalidAwsRefreshPropertyException(role.key("external-id"), null, reason,
					role.key("external-id") + "=partner-7f3a");
		}
		for (int i = 0; i < spec.policyArns().size(); i++) {
			if (spec.policyArns().get(i).contains(RoleDefinition.ACCOUNT)) {
				throw new InvalidAwsRefreshPropertyException(role.key("policy-arns[" + i + "]"),
						spec.policyArns().get(i), reason,
						role.key("policy-arns[" + i + "]") + "=arn:aws:iam::123456789012:policy/Boundary");
			}
		}
		if (spec.sourceIdentity() != null && spec.sourceIdentity().contains(RoleDefinition.ACCOUNT)) {
			throw new InvalidAwsRefreshPropertyException(role.key("source-identity"), spec.sourceIdentity(), reason,
					role.key("source-identity") + "=jane");
		}
		if (spec.serialNumber() != null && spec.serialNumber().contains(RoleDefinition.ACCOUNT)) {
			throw new InvalidAwsRefreshPropertyException(role.key("serial-number"), spec.serialNumber(), reason,
					role.key("serial-number") + "=arn:aws:iam::123456789012:mfa/jane");
		}
	}

	/**
	 * STS limits a session assumed with another assumed role's credentials to an hour;
	 * the IoT credentials provider hands out an assumed role's credentials too. A custom
	 * source's credentials may or may not be an assumed role's: STS will say.
	 */
	private void checkChainedDuration(RolePropertiesMapper role, RoleSettings settings, @Nullable String sourceRole,
			Setting setting) {
		ConfiguredRole source = (sourceRole != null) ? this.defined.get(sourceRole) : null;
		if (source != null
				&& (source.source() instanceof ConfiguredRole.AssumeRole
						|| source.source() instanceof ConfiguredRole.Iot)
				&& settings.duration().compareTo(MAX_CHAINED_DURATION) > 0) {
			throw setting.problem("duration", settings.duration(),
					"STS limits a chained role session (source-role: " + sourceRole + ") to 1h",
					role.key("duration") + "=1h", RoleSettings::duration);
		}
	}

	private RefreshSettings refresh(RolePropertiesMapper role, RoleSettings settings, ConfiguredRole.Source source,
			Setting setting) {
		Duration prefetchTime = settings.prefetchTime();
		Duration staleTime = settings.staleTime();
		// A custom source's credentials live as long as the source says: no duration to
		// check against.
		if (prefetchTime == null) {
			// Derived from each lifetime: nothing to order.
			return new RefreshSettings(settings.deferRefresh(), null, staleTime);
		}
		if (source instanceof ConfiguredRole.AssumeRole && prefetchTime.compareTo(settings.duration()) >= 0) {
			throw setting.problem("prefetch-time", prefetchTime,
					"must be shorter than the credential duration ("
							+ InvalidAwsRefreshPropertyException.display(settings.duration()) + ")",
					role.key("prefetch-time") + "=5m", RoleSettings::prefetchTime);
		}
		if (staleTime.compareTo(prefetchTime) >= 0) {
			if (setting.isDefault(RoleSettings::staleTime)) {
				// Only prefetch-time was set, below the default stale time: blame it.
				throw setting.problem("prefetch-time", prefetchTime,
						"must be longer than stale-time (" + InvalidAwsRefreshPropertyException.display(staleTime)
								+ ", the default), so refreshes start before credentials go stale; or set a "
								+ "shorter stale-time",
						role.key("prefetch-time") + "=5m", RoleSettings::prefetchTime);
			}
			Duration example = (prefetchTime.compareTo(Duration.ofMinutes(2)) >= 0) ? Duration.ofMinutes(1)
					: prefetchTime.dividedBy(2);
			throw setting.problem("stale-time", staleTime,
					"must be shorter than prefetch-time (" + InvalidAwsRefreshPropertyException.display(prefetchTime)
							+ "), so refreshes start before credentials go stale",
					role.key("stale-time") + "=" + InvalidAwsRefreshPropertyException.display(example),
					RoleSettings::staleTime);
		}
		return new RefreshSettings(settings.deferRefresh(), prefetchTime, staleTime);
	}

	/**
	 * Where a role's value of a setting came from: its own key, the default role's, or
	 * the built-in default.
	 */
	private final class Setting {

		private final RolePropertiesMapper role;

		private final RoleSettings own;

		Setting(RolePropertiesMapper role, RoleSettings own) {
			this.role = role;
			this.own = own;
		}

		boolean isDefault(Function<RoleSettings, @Nullable Object> field) {
			return field.apply(this.own) == null && field.apply(ConfiguredRoles.this.defaultRoleOwn) == null;
		}

		/**
		 * A problem with this role's value of a setting, reported under the role's own
		 * key, saying where the value came from when the role did not set it: the default
		 * role's key (whose origin the report shows), or the built-in default.
		 */
		InvalidAwsRefreshPropertyException problem(String key, Object value, String reason, String example,
				Function<RoleSettings, @Nullable Object> field) {
			if (field.apply(this.own) != null) {
				return new InvalidAwsRefreshPropertyException(this.role.key(key), value, reason, example);
			}
			if (this.role != ConfiguredRoles.this.defaultRole
					&& field.apply(ConfiguredRoles.this.defaultRoleOwn) != null) {
				return new InvalidAwsRefreshPropertyException(this.role.key(key), value,
						reason + "; the value is inherited from " + PREFIX + key, example, PREFIX + key);
			}
			return new InvalidAwsRefreshPropertyException(this.role.key(key), value,
					reason + "; the value is the default", example);
		}

	}

}
