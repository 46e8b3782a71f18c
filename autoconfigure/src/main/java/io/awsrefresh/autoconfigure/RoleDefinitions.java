package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.awsrefresh.autoconfigure.AwsRefreshProperties.NamedRole;
import io.awsrefresh.credentials.CustomCredentialsSource;
import io.awsrefresh.credentials.RefreshSettings;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleDefinition;
import io.awsrefresh.credentials.RoleSource;
import io.awsrefresh.credentials.StsEndpoint;
import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.regions.Region;

/**
 * Turns the bound {@code aws.refresh.*} roles into {@link RoleDefinition}s, each after
 * the role it is chained from: every role's own keys are read and checked by a
 * {@link RolePropertiesMapper}, a named role's unset settings are taken from the default
 * role's ({@link RoleSettings#orElse(RoleSettings)}), and the rules that tie settings
 * together are checked on the result, naming the key each value came from.
 */
final class RoleDefinitions {

	private static final String PREFIX = "aws.refresh.";

	private static final String DEFAULT_ROLE = RoleCredentialsProviders.DEFAULT_ROLE;

	private static final Pattern SESSION_NAME_INVALID_CHARS = Pattern.compile("[^\\w+=,.@-]");

	private static final Duration MAX_CHAINED_DURATION = Duration.ofHours(1);

	private static final String FALLBACK_SESSION_NAME = "aws-refresh";

	private final RolePropertiesMapper defaultRole;

	private final RoleSettings defaultSettings;

	private final boolean mfaTokenProviderPresent;

	private final Map<String, CustomCredentialsSource> customSources;

	private RoleDefinitions(AwsRefreshProperties properties, RoleSettings defaults, boolean mfaTokenProviderPresent,
			Map<String, CustomCredentialsSource> customSources) {
		this.defaultRole = new RolePropertiesMapper(PREFIX, properties);
		this.defaultSettings = this.defaultRole.settings().orElse(defaults);
		this.mfaTokenProviderPresent = mfaTokenProviderPresent;
		this.customSources = customSources;
	}

	/**
	 * Check and resolve every role.
	 * @param properties the bound properties
	 * @param region the resolved default region
	 * @param endpoint the default endpoint, or {@code null}
	 * @param applicationName spring.application.name, for the default session name
	 * @param mfaTokenProviderPresent whether an MfaTokenProvider bean exists
	 * @param customSources the CustomCredentialsSource beans, by name
	 * @return the default role first, then named roles, each after its source role
	 */
	static List<RoleDefinition> resolve(AwsRefreshProperties properties, Region region, @Nullable URI endpoint,
			@Nullable String applicationName, boolean mfaTokenProviderPresent,
			Map<String, CustomCredentialsSource> customSources) {
		RoleSettings defaults = RoleSettings.defaults(defaultSessionName(applicationName), region, endpoint);
		RoleDefinitions definitions = new RoleDefinitions(properties, defaults, mfaTokenProviderPresent, customSources);
		List<RoleDefinition> roles = new ArrayList<>();
		roles.add(definitions.define(DEFAULT_ROLE, definitions.defaultRole, definitions.defaultSettings,
				definitions.defaultSettings, null));
		Map<String, NamedRole> named = properties.getRoles();
		for (String name : RoleChains.order(named)) {
			NamedRole role = named.get(name);
			RolePropertiesMapper mapper = new RolePropertiesMapper(PREFIX + "roles." + name + ".", role);
			RoleSettings own = mapper.settings();
			roles.add(definitions.define(name, mapper, own, own.orElse(definitions.defaultSettings),
					PropertyValues.blankToNull(role.getSourceRole())));
		}
		return roles;
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
	 * Define one role.
	 * @param own the settings the role sets itself (for the default role, which has no
	 * role to inherit from, its complete settings)
	 * @param settings the role's complete settings
	 */
	private RoleDefinition define(String name, RolePropertiesMapper role, RoleSettings own, RoleSettings settings,
			@Nullable String sourceRole) {
		Function<String, String> origin = (key) -> origin(role, own, key);
		String roleArn = role.roleArn();
		String customSource = role.customSource();
		RoleSource source;
		if (customSource != null) {
			source = custom(role, customSource, roleArn, sourceRole);
		}
		else if (roleArn != null) {
			checkDuration(role, settings, sourceRole, origin);
			source = new RoleSource.AssumeRole(role.assumeRole(roleArn, settings, this.mfaTokenProviderPresent),
					sourceRole, new StsEndpoint(settings.stsRegion(), settings.stsEndpoint()));
		}
		else if (role != this.defaultRole) {
			throw new InvalidAwsRefreshPropertyException(role.key("role-arn"), null,
					"a named role needs the ARN of the role to assume (or custom-source, the name of a "
							+ "CustomCredentialsSource bean)",
					role.key("role-arn") + "=arn:aws:iam::123456789012:role/" + name);
		}
		else {
			source = new RoleSource.Direct();
		}
		return new RoleDefinition(name, source, refresh(settings, source, origin));
	}

	private RoleSource custom(RolePropertiesMapper role, String name, @Nullable String roleArn,
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
							+ "its credentials from that source",
					key + "=" + name);
		}
		CustomCredentialsSource source = this.customSources.get(name);
		if (source == null) {
			throw new InvalidAwsRefreshPropertyException(key, name,
					"no bean of type io.awsrefresh.credentials.CustomCredentialsSource has that name; beans of that "
							+ "type: " + this.customSources.keySet(),
					key + "=" + (this.customSources.isEmpty() ? "vaultCredentials"
							: this.customSources.keySet().iterator().next()));
		}
		return new RoleSource.Custom(name, source);
	}

	/**
	 * STS limits a session assumed with another role's credentials to an hour.
	 */
	private void checkDuration(RolePropertiesMapper role, RoleSettings settings, @Nullable String sourceRole,
			Function<String, String> origin) {
		if (isChained(sourceRole) && settings.duration().compareTo(MAX_CHAINED_DURATION) > 0) {
			String from = origin.apply("duration");
			throw new InvalidAwsRefreshPropertyException(role.key("duration"), settings.duration(),
					"STS limits a chained role session (source-role: " + sourceRole + ") to 1h"
							+ (from.equals(role.key("duration")) ? "" : "; the value is inherited from " + from),
					role.key("duration") + "=1h");
		}
	}

	private boolean isChained(@Nullable String sourceRole) {
		if (sourceRole == null) {
			return false;
		}
		return !DEFAULT_ROLE.equals(sourceRole) || this.defaultRole.roleArn() != null
				|| this.defaultRole.customSource() != null;
	}

	private RefreshSettings refresh(RoleSettings settings, RoleSource source, Function<String, String> origin) {
		Duration prefetchTime = settings.prefetchTime();
		Duration staleTime = settings.staleTime();
		// A custom source's credentials live as long as the source says: no duration to
		// check against.
		if (source instanceof RoleSource.AssumeRole && prefetchTime.compareTo(settings.duration()) >= 0) {
			String key = origin.apply("prefetch-time");
			throw new InvalidAwsRefreshPropertyException(key, prefetchTime,
					"must be shorter than the credential duration ("
							+ InvalidAwsRefreshPropertyException.display(settings.duration()) + ")",
					key + "=5m");
		}
		if (staleTime.compareTo(prefetchTime) >= 0) {
			String key = origin.apply("stale-time");
			throw new InvalidAwsRefreshPropertyException(key, staleTime,
					"must be shorter than prefetch-time (" + InvalidAwsRefreshPropertyException.display(prefetchTime)
							+ "), so refreshes start before credentials go stale",
					key + "=1m");
		}
		return new RefreshSettings(settings.deferRefresh(), prefetchTime, staleTime);
	}

	/**
	 * The key a role's value of a setting was read from: its own, or the default role's.
	 */
	private static String origin(RolePropertiesMapper role, RoleSettings own, String key) {
		Object value = switch (key) {
			case "duration" -> own.duration();
			case "prefetch-time" -> own.prefetchTime();
			case "stale-time" -> own.staleTime();
			default -> throw new IllegalArgumentException(key);
		};
		return (value != null) ? role.key(key) : PREFIX + key;
	}

}
