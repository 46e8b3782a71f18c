package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.awsrefresh.autoconfigure.AwsRefreshProperties.NamedRole;
import io.awsrefresh.credentials.AssumeRoleSpec;
import io.awsrefresh.credentials.RefreshSettings;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleDefinition;
import io.awsrefresh.credentials.StsEndpoint;
import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.regions.Region;

/**
 * Turns the bound {@code aws.refresh.*} roles into checked {@link RoleDefinition}s, in an
 * order where each role comes after the role it is chained from. Every rule that STS
 * would enforce at the first call is checked here, so a mistake stops startup with the
 * key that holds it.
 */
final class RoleDefinitions {

	private static final String PREFIX = "aws.refresh.";

	private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");

	private static final Pattern POLICY_ARN = Pattern
		.compile("arn:aws[a-z-]*:iam::(\\d{12}|aws):policy/[\\w+=,.@/-]{1,512}");

	private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

	private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

	private static final Pattern SERIAL_NUMBER = Pattern.compile("[\\w+=/:,.@-]{9,256}");

	private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");

	private static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{0,256}");

	private static final Pattern SESSION_NAME_INVALID_CHARS = Pattern.compile("[^\\w+=,.@-]");

	private static final Duration MIN_DURATION = Duration.ofMinutes(15);

	private static final Duration MAX_DURATION = Duration.ofHours(12);

	private static final Duration DEFAULT_DURATION = Duration.ofHours(1);

	private static final Duration MAX_CHAINED_DURATION = Duration.ofHours(1);

	/**
	 * Background refreshes start one second after prefetch time; leave them time to
	 * finish before credentials go stale.
	 */
	private static final Duration MIN_BACKGROUND_REFRESH_WINDOW = Duration.ofSeconds(5);

	private static final String FALLBACK_SESSION_NAME = "aws-refresh";

	private RoleDefinitions() {
	}

	/**
	 * Check and resolve every role.
	 * @param properties the bound properties
	 * @param region the resolved default region
	 * @param endpoint the default endpoint, or {@code null}
	 * @param applicationName spring.application.name, for the default session name
	 * @param mfaTokenProviderPresent whether an MfaTokenProvider bean exists
	 * @return the default role first, then named roles, each after its source role
	 */
	static List<RoleDefinition> resolve(AwsRefreshProperties properties, Region region, @Nullable URI endpoint,
			@Nullable String applicationName, boolean mfaTokenProviderPresent) {
		Map<String, NamedRole> named = properties.getRoles();
		String defaultSessionName = defaultSessionName(applicationName);
		List<RoleDefinition> roles = new ArrayList<>();
		roles
			.add(new RoleResolver(properties, null, null, region, endpoint, defaultSessionName, mfaTokenProviderPresent)
				.resolve());
		for (String name : chainOrder(named)) {
			roles.add(new RoleResolver(properties, name, named.get(name), region, endpoint, defaultSessionName,
					mfaTokenProviderPresent)
				.resolve());
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
	 * Orders named roles so that each follows the role it is chained from, rejecting
	 * unknown source roles and cycles.
	 */
	private static List<String> chainOrder(Map<String, NamedRole> named) {
		if (named.containsKey(RoleCredentialsProviders.DEFAULT_ROLE)) {
			throw new InvalidAwsRefreshPropertyException(PREFIX + "roles." + RoleCredentialsProviders.DEFAULT_ROLE,
					null, "'default' is the name of the role configured directly under aws.refresh",
					PREFIX + "roles.audit.role-arn=arn:aws:iam::123456789012:role/audit");
		}
		Set<String> ordered = new LinkedHashSet<>();
		for (String name : named.keySet()) {
			visit(name, named, ordered, new LinkedHashSet<>());
		}
		return new ArrayList<>(ordered);
	}

	private static void visit(String name, Map<String, NamedRole> named, Set<String> ordered, Set<String> path) {
		if (ordered.contains(name)) {
			return;
		}
		if (!path.add(name)) {
			List<String> cycle = new ArrayList<>(path);
			cycle = cycle.subList(cycle.indexOf(name), cycle.size());
			String last = cycle.get(cycle.size() - 1);
			throw new InvalidAwsRefreshPropertyException(PREFIX + "roles." + last + ".source-role", name,
					"role chaining forms a cycle: " + String.join(" -> ", cycle) + " -> " + name,
					PREFIX + "roles." + last + ".source-role=" + RoleCredentialsProviders.DEFAULT_ROLE);
		}
		String source = named.get(name).getSourceRole();
		if (source != null && !source.equals(RoleCredentialsProviders.DEFAULT_ROLE)) {
			if (!named.containsKey(source)) {
				List<String> known = new ArrayList<>();
				known.add(RoleCredentialsProviders.DEFAULT_ROLE);
				known.addAll(named.keySet());
				throw new InvalidAwsRefreshPropertyException(PREFIX + "roles." + name + ".source-role", source,
						"no role of that name; configured roles: " + known,
						PREFIX + "roles." + name + ".source-role=" + RoleCredentialsProviders.DEFAULT_ROLE);
			}
			visit(source, named, ordered, path);
		}
		path.remove(name);
		ordered.add(name);
	}

	/**
	 * A blank value counts as unset, so that {@code role-arn: ${ROLE_ARN:}} means "no
	 * role" rather than "invalid role".
	 */
	static <T> @Nullable T blankToNull(@Nullable T value) {
		return (value instanceof String text && text.isBlank()) ? null : value;
	}

	static Region region(String property, String value) {
		if (!Pattern.matches("[a-z0-9]+(-[a-z0-9]+)+", value)) {
			throw new InvalidAwsRefreshPropertyException(property, value, "not an AWS region id",
					property + "=eu-west-1");
		}
		return Region.of(value);
	}

	static URI endpoint(String property, URI value) {
		String scheme = value.getScheme();
		if (!value.isAbsolute() || value.getHost() == null
				|| !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
			String shown = (value.getRawUserInfo() != null) ? value.toString().replace(value.getRawUserInfo(), "***")
					: value.toString();
			throw new InvalidAwsRefreshPropertyException(property, shown, "must be an absolute http or https URL",
					property + "=http://127.0.0.1:4566");
		}
		return value;
	}

	/**
	 * Resolves one role: its own keys first, then, for a named role, the default role's.
	 */
	private static final class RoleResolver {

		private final @Nullable String name;

		private final RoleProperties role;

		private final RoleProperties defaults;

		private final String prefix;

		private final Region region;

		private final @Nullable URI endpoint;

		private final String defaultSessionName;

		private final boolean mfaTokenProviderPresent;

		RoleResolver(AwsRefreshProperties properties, @Nullable String name, @Nullable RoleProperties role,
				Region region, @Nullable URI endpoint, String defaultSessionName, boolean mfaTokenProviderPresent) {
			this.name = name;
			this.role = (role != null) ? role : properties;
			this.defaults = properties;
			this.prefix = (name != null) ? PREFIX + "roles." + name + "." : PREFIX;
			this.region = region;
			this.endpoint = endpoint;
			this.defaultSessionName = defaultSessionName;
			this.mfaTokenProviderPresent = mfaTokenProviderPresent;
		}

		RoleDefinition resolve() {
			String roleName = (this.name != null) ? this.name : RoleCredentialsProviders.DEFAULT_ROLE;
			String sourceRole = (this.role instanceof NamedRole namedRole) ? namedRole.getSourceRole() : null;
			Setting<Duration> duration = pick("duration", RoleProperties::getDuration);
			Duration lifetime = (duration.value != null) ? checkDuration(duration.key, duration.value)
					: DEFAULT_DURATION;
			if (isChained(sourceRole) && lifetime.compareTo(MAX_CHAINED_DURATION) > 0) {
				throw new InvalidAwsRefreshPropertyException(this.prefix + "duration", lifetime,
						"STS limits a chained role session (source-role: " + sourceRole + ") to 1h"
								+ (duration.key.equals(this.prefix + "duration") ? ""
										: "; the value is inherited from " + duration.key),
						this.prefix + "duration=1h");
			}
			RefreshSettings refresh = refresh(lifetime);
			StsEndpoint sts = sts();
			String roleArn = blankToNull(this.role.getRoleArn());
			if (roleArn == null) {
				if (this.name != null) {
					throw new InvalidAwsRefreshPropertyException(this.prefix + "role-arn", null,
							"a named role needs the ARN of the role to assume",
							this.prefix + "role-arn=arn:aws:iam::123456789012:role/" + this.name);
				}
				return new RoleDefinition(roleName, null, null, refresh, sts);
			}
			check(this.prefix + "role-arn", roleArn, ROLE_ARN, "not an IAM role ARN",
					"arn:aws:iam::123456789012:role/app");
			Map<String, String> tags = tags();
			AssumeRoleSpec spec = new AssumeRoleSpec(roleArn, sessionName(), lifetime, externalId(), policy(),
					policyArns(), tags, transitiveTagKeys(tags.keySet()), sourceIdentity(), serialNumber());
			return new RoleDefinition(roleName, sourceRole, spec, refresh, sts);
		}

		/**
		 * Whether this role is assumed with another assumed role's credentials.
		 */
		private boolean isChained(@Nullable String sourceRole) {
			if (sourceRole == null) {
				return false;
			}
			return !RoleCredentialsProviders.DEFAULT_ROLE.equals(sourceRole)
					|| blankToNull(this.defaults.getRoleArn()) != null;
		}

		private Duration checkDuration(String key, Duration duration) {
			if (duration.compareTo(MIN_DURATION) < 0 || duration.compareTo(MAX_DURATION) > 0) {
				throw new InvalidAwsRefreshPropertyException(key, duration,
						"STS issues credentials for 15m to 12h (the role's maximum session duration may be lower)",
						key + "=1h");
			}
			return duration;
		}

		private RefreshSettings refresh(Duration lifetime) {
			Setting<Boolean> defer = pick("defer-refresh", RoleProperties::getDeferRefresh);
			Setting<Duration> prefetch = pick("prefetch-time", RoleProperties::getPrefetchTime);
			Setting<Duration> stale = pick("stale-time", RoleProperties::getStaleTime);
			Duration prefetchTime = (prefetch.value != null) ? prefetch.value : RefreshSettings.DEFAULTS.prefetchTime();
			Duration staleTime = (stale.value != null) ? stale.value : RefreshSettings.DEFAULTS.staleTime();
			if (staleTime.isNegative() || staleTime.isZero()) {
				throw new InvalidAwsRefreshPropertyException(stale.key, staleTime,
						"must be positive, or credentials could be used up to the instant they expire",
						stale.key + "=1m");
			}
			if (prefetchTime.compareTo(lifetime) >= 0) {
				throw new InvalidAwsRefreshPropertyException(prefetch.key, prefetchTime,
						"must be shorter than the credential duration ("
								+ InvalidAwsRefreshPropertyException.display(lifetime) + ")",
						prefetch.key + "=5m");
			}
			if (staleTime.compareTo(prefetchTime) >= 0) {
				throw new InvalidAwsRefreshPropertyException(stale.key, staleTime,
						"must be shorter than prefetch-time ("
								+ InvalidAwsRefreshPropertyException.display(prefetchTime)
								+ "), so refreshes start before credentials go stale",
						stale.key + "=1m");
			}
			boolean deferRefresh = (defer.value != null) ? defer.value : RefreshSettings.DEFAULTS.deferRefresh();
			if (!deferRefresh && prefetchTime.minus(staleTime).compareTo(MIN_BACKGROUND_REFRESH_WINDOW) < 0) {
				throw new InvalidAwsRefreshPropertyException(stale.key, staleTime,
						"with defer-refresh=false, refreshes run in the background from one second after "
								+ "prefetch-time, so stale-time must be at least 5s shorter than prefetch-time ("
								+ InvalidAwsRefreshPropertyException.display(prefetchTime) + ")",
						stale.key + "=1m");
			}
			return new RefreshSettings(deferRefresh, prefetchTime, staleTime);
		}

		private StsEndpoint sts() {
			Setting<String> stsRegion = pick("sts.region", (role) -> role.getSts().getRegion());
			Setting<URI> stsEndpoint = pick("sts.endpoint", (role) -> role.getSts().getEndpoint());
			Region region = (stsRegion.value != null) ? region(stsRegion.key, stsRegion.value) : this.region;
			URI endpoint = (stsEndpoint.value != null) ? endpoint(stsEndpoint.key, stsEndpoint.value) : this.endpoint;
			return new StsEndpoint(region, endpoint);
		}

		private String sessionName() {
			Setting<String> sessionName = pick("role-session-name", RoleProperties::getRoleSessionName);
			if (sessionName.value == null) {
				return this.defaultSessionName;
			}
			return check(sessionName.key, sessionName.value, SESSION_NAME,
					"2 to 64 characters of letters, digits and =,.@_+-", "orders-service");
		}

		private @Nullable String externalId() {
			Setting<String> externalId = own("external-id", RoleProperties::getExternalId);
			if (externalId.value != null && !EXTERNAL_ID.matcher(externalId.value).matches()) {
				// The value is not echoed: some teams treat external ids as confidential.
				throw new InvalidAwsRefreshPropertyException(externalId.key, null,
						"must be 2 to 1224 characters of letters, digits and =,.@:/_+- (has "
								+ externalId.value.length() + " characters)",
						externalId.key + "=d3f1c2a9-partner-id");
			}
			return externalId.value;
		}

		private @Nullable String policy() {
			Setting<String> policy = own("policy", RoleProperties::getPolicy);
			String document = (policy.value != null) ? policy.value.strip() : null;
			if (document != null
					&& (!document.startsWith("{") || !document.endsWith("}") || document.length() > 2048)) {
				throw new InvalidAwsRefreshPropertyException(policy.key, null,
						"must be a JSON policy document of at most 2048 characters",
						policy.key + "={\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
								+ "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}");
			}
			return policy.value;
		}

		private List<String> policyArns() {
			Setting<List<String>> policyArns = own("policy-arns", RoleProperties::getPolicyArns);
			List<String> arns = policyArns.value;
			if (arns.size() > 10) {
				throw new InvalidAwsRefreshPropertyException(policyArns.key, null,
						"STS accepts at most 10 managed session policies (has " + arns.size() + ")",
						policyArns.key + "[0]=arn:aws:iam::aws:policy/ReadOnlyAccess");
			}
			for (int i = 0; i < arns.size(); i++) {
				check(policyArns.key + "[" + i + "]", arns.get(i), POLICY_ARN, "not an IAM policy ARN",
						"arn:aws:iam::aws:policy/ReadOnlyAccess");
			}
			return arns;
		}

		private Map<String, String> tags() {
			Setting<Map<String, String>> tags = own("tags", RoleProperties::getTags);
			if (tags.value.size() > 50) {
				throw new InvalidAwsRefreshPropertyException(tags.key, null,
						"STS accepts at most 50 session tags (has " + tags.value.size() + ")",
						tags.key + ".team=payments");
			}
			tags.value.forEach((key, value) -> {
				if (!TAG_KEY.matcher(key).matches() || key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
					throw new InvalidAwsRefreshPropertyException(tags.key + "." + key, null,
							"a tag key is 1 to 128 letters, digits, spaces or _.:/=+-@, not starting with aws:",
							tags.key + ".team=payments");
				}
				if (value != null && !TAG_VALUE.matcher(value).matches()) {
					throw new InvalidAwsRefreshPropertyException(tags.key + "." + key, null,
							"a tag value is at most 256 letters, digits, spaces or _.:/=+-@",
							tags.key + "." + key + "=payments");
				}
			});
			return tags.value;
		}

		private List<String> transitiveTagKeys(Set<String> tagKeys) {
			Setting<List<String>> keys = own("transitive-tag-keys", RoleProperties::getTransitiveTagKeys);
			for (int i = 0; i < keys.value.size(); i++) {
				String key = keys.value.get(i);
				if (!tagKeys.contains(key)) {
					throw new InvalidAwsRefreshPropertyException(keys.key + "[" + i + "]", key,
							"a transitive tag key must be one of the session tags " + tagKeys,
							this.prefix + "tags." + key + "=some-value");
				}
			}
			return keys.value;
		}

		private @Nullable String sourceIdentity() {
			Setting<String> sourceIdentity = own("source-identity", RoleProperties::getSourceIdentity);
			if (sourceIdentity.value == null) {
				return null;
			}
			return check(sourceIdentity.key, sourceIdentity.value, SESSION_NAME,
					"2 to 64 characters of letters, digits and =,.@_+-", "jane.doe@example.com");
		}

		private @Nullable String serialNumber() {
			Setting<String> serialNumber = own("serial-number", RoleProperties::getSerialNumber);
			if (serialNumber.value == null) {
				return null;
			}
			check(serialNumber.key, serialNumber.value, SERIAL_NUMBER, "not an MFA device serial number or ARN",
					"arn:aws:iam::123456789012:mfa/jane");
			if (!this.mfaTokenProviderPresent) {
				throw new InvalidAwsRefreshPropertyException(serialNumber.key, serialNumber.value,
						"MFA needs a bean of type io.awsrefresh.credentials.MfaTokenProvider to supply token codes; "
								+ "define one, or remove the key",
						serialNumber.key + "=arn:aws:iam::123456789012:mfa/jane");
			}
			return serialNumber.value;
		}

		private String check(String key, String value, Pattern pattern, String reason, String example) {
			if (!pattern.matcher(value).matches()) {
				throw new InvalidAwsRefreshPropertyException(key, value, reason, key + "=" + example);
			}
			return value;
		}

		/**
		 * This role's value of a key if set, else the default role's, with the key it was
		 * read from: for the refresh and session settings, which named roles inherit.
		 */
		private <T> Setting<T> pick(String key, Function<RoleProperties, @Nullable T> getter) {
			T own = blankToNull(getter.apply(this.role));
			if (own != null || this.role == this.defaults) {
				return new Setting<>(this.prefix + key, own);
			}
			return new Setting<>(PREFIX + key, blankToNull(getter.apply(this.defaults)));
		}

		/**
		 * This role's own value of a key: the fields of the AssumeRole request belong to
		 * one role's trust policy and are never inherited.
		 */
		private <T> Setting<T> own(String key, Function<RoleProperties, T> getter) {
			return new Setting<>(this.prefix + key, blankToNull(getter.apply(this.role)));
		}

	}

	/**
	 * A resolved value and the key it came from.
	 */
	private record Setting<T>(String key, T value) {

	}

}
