package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.awsrefresh.credentials.AssumeRoleSpec;
import io.awsrefresh.credentials.IotCredentialsSpec;
import io.awsrefresh.credentials.RoleDefinition;
import io.awsrefresh.credentials.StsRequestFields;
import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.regions.Region;

/**
 * Reads the keys of one role ({@code aws.refresh.*} or
 * {@code aws.refresh.roles.<name>.*}) into checked values. Each value is checked against
 * the rules STS would enforce at the first call, and a mistake names the key that holds
 * it; every key is checked, whatever the others hold. Only this role's own keys are read:
 * inheritance is {@link RoleSettings#orElse(RoleSettings)}.
 */
final class RolePropertiesMapper {

	private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");

	private static final Pattern POLICY_ARN = Pattern
		.compile("arn:aws[a-z-]*:iam::(\\d{12}|aws):policy/[\\w+=,.@/-]{1,512}");

	private static final Pattern CONTEXT_PROVIDER_ARN = Pattern
		.compile("arn:aws[a-z-]*:iam::aws:contextProvider/[\\w+=,.@-]{1,2000}");

	private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

	private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

	private static final Pattern SERIAL_NUMBER = Pattern.compile("[\\w+=/:,.@-]{9,256}");

	private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");

	private static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{0,256}");

	private static final Duration MIN_DURATION = Duration.ofMinutes(15);

	private static final Duration MAX_DURATION = Duration.ofHours(12);

	private final String prefix;

	private final RoleProperties role;

	private final PropertyProblems problems;

	private final boolean valid;

	private final RoleSettings settings;

	private final @Nullable String roleArn;

	private final @Nullable String customSource;

	private final @Nullable String externalId;

	private final @Nullable String policy;

	private final List<String> policyArns;

	private final List<AssumeRoleSpec.ProvidedContext> providedContexts;

	private final Map<String, String> tags;

	private final List<String> transitiveTagKeys;

	private final @Nullable String sourceIdentity;

	private final @Nullable String serialNumber;

	private final @Nullable Integer minimumSessionTokenSize;

	private final IotKeys iot;

	/**
	 * Read and check every key of one role. Each invalid value is added to
	 * {@code problems} and reads as unset.
	 * @param prefix the role's key prefix, ending with a dot
	 * @param role the role's bound keys
	 * @param problems where invalid values go
	 */
	RolePropertiesMapper(String prefix, RoleProperties role, PropertyProblems problems) {
		this.prefix = prefix;
		this.role = role;
		this.problems = problems;
		int before = problems.count();
		this.settings = readSettings();
		this.roleArn = problems.check(this::readRoleArn);
		String customSource = value(role.getCustomSource());
		this.customSource = (customSource != null) ? customSource.strip() : null;
		this.externalId = problems.check(this::readExternalId);
		this.policy = problems.check(this::readPolicy);
		this.policyArns = or(problems.check(this::readPolicyArns), List.of());
		this.providedContexts = or(problems.check(this::readProvidedContexts), List.of());
		Map<String, String> tags = problems.check(this::readTags);
		this.tags = or(tags, Map.of());
		// Checked against the tags only when those are valid, here and to the binder
		// (tags
		// given a value bind as none): one mistake, one report.
		this.transitiveTagKeys = (tags != null && !problems.isReported(key("tags")))
				? or(problems.check(() -> readTransitiveTagKeys(tags.keySet())), List.of()) : List.of();
		this.sourceIdentity = problems.check(this::readSourceIdentity);
		this.serialNumber = problems.check(this::readSerialNumber);
		this.minimumSessionTokenSize = problems.check(this::readMinimumSessionTokenSize);
		this.iot = readIot();
		this.valid = problems.count() == before;
	}

	/**
	 * Whether every key of this role passed its own check; rules that tie keys together
	 * are only checked for such roles, so one mistake is not reported twice.
	 */
	boolean isValid() {
		return this.valid;
	}

	/**
	 * The settings this role sets itself; those it leaves unset are {@code null}.
	 */
	RoleSettings settings() {
		return this.settings;
	}

	/**
	 * The role to assume, checked, or {@code null}.
	 */
	@Nullable String roleArn() {
		return this.roleArn;
	}

	/**
	 * The external id, checked, or {@code null}.
	 */
	@Nullable String externalId() {
		return this.externalId;
	}

	/**
	 * Name of the custom credentials source bean, or {@code null}.
	 */
	@Nullable String customSource() {
		return this.customSource;
	}

	/**
	 * The MFA device's serial number or ARN, checked, or {@code null}.
	 */
	@Nullable String serialNumber() {
		return this.serialNumber;
	}

	/**
	 * The {@code iot.*} keys of this role, each checked on its own.
	 */
	IotKeys iot() {
		return this.iot;
	}

	/**
	 * The AssumeRole call of this role.
	 * @param roleArn the checked role ARN
	 * @param settings the role's complete settings
	 */
	AssumeRoleSpec assumeRole(String roleArn, RoleSettings settings) {
		return new AssumeRoleSpec(roleArn, settings.sessionName(), settings.duration(), this.externalId, this.policy,
				this.policyArns, this.tags, this.transitiveTagKeys, this.sourceIdentity, this.serialNumber,
				this.providedContexts, this.minimumSessionTokenSize);
	}

	/**
	 * The AssumeRole request keys this role sets, which mean nothing without role-arn.
	 */
	List<String> assumeRoleRequestKeys() {
		List<String> keys = new ArrayList<>();
		addIf(keys, "external-id", value(this.role.getExternalId()) != null);
		addIf(keys, "policy", value(this.role.getPolicy()) != null);
		addIf(keys, "policy-arns", !this.role.getPolicyArns().isEmpty());
		addIf(keys, "tags", !this.role.getTags().isEmpty());
		addIf(keys, "transitive-tag-keys", !this.role.getTransitiveTagKeys().isEmpty());
		addIf(keys, "source-identity", value(this.role.getSourceIdentity()) != null);
		addIf(keys, "serial-number", value(this.role.getSerialNumber()) != null);
		addIf(keys, "provided-contexts", !this.role.getProvidedContexts().isEmpty());
		addIf(keys, "minimum-session-token-size", this.role.getMinimumSessionTokenSize() != null);
		return keys;
	}

	private void addIf(List<String> keys, String name, boolean set) {
		if (set) {
			keys.add(key(name));
		}
	}

	private RoleSettings readSettings() {
		String sessionName = this.problems.check(() -> {
			String name = value(this.role.getRoleSessionName());
			if (name != null) {
				check("role-session-name", name, SESSION_NAME, "2 to 64 characters of letters, digits and =,.@_+-",
						"orders-service");
			}
			return name;
		});
		Duration duration = this.problems.check(() -> {
			Duration value = this.role.getDuration();
			if (value != null && (value.compareTo(MIN_DURATION) < 0 || value.compareTo(MAX_DURATION) > 0)) {
				throw new InvalidAwsRefreshPropertyException(key("duration"), value,
						"STS issues credentials for 15m to 12h (the role's maximum session duration may be lower)",
						key("duration") + "=1h");
			}
			return value;
		});
		Duration prefetchTime = this.problems.check(() -> {
			Duration value = this.role.getPrefetchTime();
			return (value != null) ? PropertyValues.positive(key("prefetch-time"), value, "5m") : null;
		});
		Duration staleTime = this.problems.check(() -> {
			Duration value = this.role.getStaleTime();
			if (value != null && (value.isNegative() || value.isZero())) {
				throw new InvalidAwsRefreshPropertyException(key("stale-time"), value,
						"must be positive, or credentials could be used up to the instant they expire",
						key("stale-time") + "=1m");
			}
			return value;
		});
		Region stsRegion = this.problems.check(() -> {
			String value = value(this.role.getSts().getRegion());
			return (value != null) ? PropertyValues.region(key("sts.region"), value.strip()) : null;
		});
		URI stsEndpoint = this.problems.check(() -> {
			URI value = this.role.getSts().getEndpoint();
			return (value != null) ? PropertyValues.endpoint(key("sts.endpoint"), value) : null;
		});
		return new RoleSettings(sessionName, duration, this.role.getDeferRefresh(), prefetchTime, staleTime, stsRegion,
				stsEndpoint);
	}

	private @Nullable String readRoleArn() {
		String roleArn = value(this.role.getRoleArn());
		if (roleArn != null && !ROLE_ARN.matcher(withSampleAccount(roleArn)).matches()) {
			throw new InvalidAwsRefreshPropertyException(key("role-arn"), roleArn,
					"not an IAM role ARN" + (roleArn.contains(RoleDefinition.ACCOUNT)
							? " once " + RoleDefinition.ACCOUNT + " is replaced by a 12-digit account id" : ""),
					key("role-arn") + "=arn:aws:iam::123456789012:role/app");
		}
		return roleArn;
	}

	/**
	 * A template's values are checked as they will be used: with an account id in place
	 * of the placeholder.
	 */
	private static String withSampleAccount(String value) {
		return value.replace(RoleDefinition.ACCOUNT, "123456789012");
	}

	String key(String name) {
		return this.prefix + name;
	}

	private @Nullable String readExternalId() {
		String externalId = value(this.role.getExternalId());
		if (externalId != null && !EXTERNAL_ID.matcher(withSampleAccount(externalId)).matches()) {
			// The value is not echoed: some teams treat external ids as confidential.
			throw new InvalidAwsRefreshPropertyException(key("external-id"), null,
					"must be 2 to 1224 characters of letters, digits and =,.@:/_+- (has " + externalId.length()
							+ " characters)",
					key("external-id") + "=d3f1c2a9-partner-id");
		}
		return externalId;
	}

	private @Nullable String readPolicy() {
		String policy = value(this.role.getPolicy());
		String document = (policy != null) ? policy.strip() : null;
		if (document != null && (!document.startsWith("{") || !document.endsWith("}") || document.length() > 2048)) {
			throw new InvalidAwsRefreshPropertyException(key("policy"), null,
					"must be a JSON policy document of at most 2048 characters",
					key("policy") + "={\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
							+ "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}");
		}
		return policy;
	}

	private List<String> readPolicyArns() {
		List<String> arns = this.role.getPolicyArns();
		if (arns.size() > 10) {
			throw new InvalidAwsRefreshPropertyException(key("policy-arns"), null,
					"STS accepts at most 10 managed session policies (has " + arns.size() + ")",
					key("policy-arns") + "[0]=arn:aws:iam::aws:policy/ReadOnlyAccess");
		}
		for (int i = 0; i < arns.size(); i++) {
			check("policy-arns[" + i + "]", arns.get(i), POLICY_ARN, "not an IAM policy ARN",
					"arn:aws:iam::aws:policy/ReadOnlyAccess");
		}
		return arns;
	}

	/**
	 * STS takes at most 5 provided contexts, each a provider ARN of 20 to 2048 characters
	 * and an assertion of 4 to 2048; the assertion is a credential and never shown.
	 */
	private List<AssumeRoleSpec.ProvidedContext> readProvidedContexts() {
		List<RoleProperties.ProvidedContext> contexts = this.role.getProvidedContexts();
		String example = key("provided-contexts") + "[0].provider-arn=arn:aws:iam::aws:contextProvider/IdentityCenter";
		if (contexts.size() > 5) {
			throw new InvalidAwsRefreshPropertyException(key("provided-contexts"), null,
					"STS accepts at most 5 provided contexts (has " + contexts.size() + ")", example);
		}
		List<AssumeRoleSpec.ProvidedContext> checked = new ArrayList<>();
		for (int i = 0; i < contexts.size(); i++) {
			String name = "provided-contexts[" + i + "]";
			String providerArn = value(contexts.get(i).getProviderArn());
			String assertion = value(contexts.get(i).getContextAssertion());
			if (providerArn == null) {
				throw new InvalidAwsRefreshPropertyException(key(name + ".provider-arn"), null,
						"each provided context needs the ARN of its provider",
						key(name + ".provider-arn") + "=arn:aws:iam::aws:contextProvider/IdentityCenter");
			}
			check(name + ".provider-arn", providerArn, CONTEXT_PROVIDER_ARN, "not a context provider ARN",
					"arn:aws:iam::aws:contextProvider/IdentityCenter");
			if (assertion == null || assertion.length() < 4 || assertion.length() > 2048) {
				throw new InvalidAwsRefreshPropertyException(key(name + ".context-assertion"), null,
						"each provided context needs the provider's context assertion, 4 to 2048 characters",
						key(name + ".context-assertion") + "=${IDENTITY_CONTEXT}");
			}
			checked.add(new AssumeRoleSpec.ProvidedContext(providerArn, assertion));
		}
		return checked;
	}

	private Map<String, String> readTags() {
		Map<String, String> tags = this.role.getTags();
		if (tags.size() > 50) {
			throw new InvalidAwsRefreshPropertyException(key("tags"), null,
					"STS accepts at most 50 session tags (has " + tags.size() + ")", key("tags") + ".team=payments");
		}
		tags.forEach((tagKey, tagValue) -> {
			if (!TAG_KEY.matcher(tagKey).matches() || tagKey.toLowerCase(Locale.ROOT).startsWith("aws:")) {
				throw new InvalidAwsRefreshPropertyException(AwsRefreshKeys.entry(key("tags"), tagKey), null,
						"a tag key is 1 to 128 letters, digits, spaces or _.:/=+-@, not starting with aws:",
						key("tags") + ".team=payments");
			}
			if (tagValue != null && !TAG_VALUE.matcher(tagValue).matches()) {
				String key = AwsRefreshKeys.entry(key("tags"), tagKey);
				throw new InvalidAwsRefreshPropertyException(key, null,
						"a tag value is at most 256 letters, digits, spaces or _.:/=+-@", key + "=payments");
			}
		});
		return tags;
	}

	private List<String> readTransitiveTagKeys(Set<String> tagKeys) {
		List<String> keys = this.role.getTransitiveTagKeys();
		for (int i = 0; i < keys.size(); i++) {
			String tagKey = keys.get(i);
			if (!tagKeys.contains(tagKey)) {
				throw new InvalidAwsRefreshPropertyException(key("transitive-tag-keys[" + i + "]"), tagKey,
						"a transitive tag key must be one of the session tags " + tagKeys,
						AwsRefreshKeys.entry(key("tags"), tagKey) + "=some-value");
			}
		}
		return keys;
	}

	private @Nullable String readSourceIdentity() {
		String sourceIdentity = value(this.role.getSourceIdentity());
		if (sourceIdentity != null) {
			check("source-identity", sourceIdentity, SESSION_NAME, "2 to 64 characters of letters, digits and =,.@_+-",
					"jane.doe@example.com");
		}
		return sourceIdentity;
	}

	private @Nullable String readSerialNumber() {
		String serialNumber = value(this.role.getSerialNumber());
		if (serialNumber != null) {
			check("serial-number", serialNumber, SERIAL_NUMBER, "not an MFA device serial number or ARN",
					"arn:aws:iam::123456789012:mfa/jane");
		}
		return serialNumber;
	}

	private @Nullable Integer readMinimumSessionTokenSize() {
		Integer size = this.role.getMinimumSessionTokenSize();
		if (size != null && size < 1) {
			throw new InvalidAwsRefreshPropertyException(key("minimum-session-token-size"), size,
					"must be a positive number of bytes", key("minimum-session-token-size") + "=4096");
		}
		if (size != null && !StsRequestFields.minimumSessionTokenSize()) {
			throw new InvalidAwsRefreshPropertyException(key("minimum-session-token-size"), size,
					StsRequestFields.needsSdk(StsRequestFields.MINIMUM_SESSION_TOKEN_SIZE_SINCE)
							+ ", or leave the size to STS by removing the key",
					key("minimum-session-token-size") + "=4096");
		}
		return size;
	}

	private IotKeys readIot() {
		RoleProperties.Iot iot = this.role.getIot();
		URI endpoint = this.problems.check(() -> {
			String value = value(iot.getEndpoint());
			return (value != null) ? iotEndpoint(value.strip()) : null;
		});
		String roleAlias = this.problems.check(() -> {
			String value = value(iot.getRoleAlias());
			if (value != null && !IotCredentialsSpec.isRoleAlias(value.strip())) {
				throw new InvalidAwsRefreshPropertyException(key("iot.role-alias"), value,
						"an IoT role alias is 1 to 128 letters, digits and =,@_-",
						key("iot.role-alias") + "=device-role");
			}
			return (value != null) ? value.strip() : null;
		});
		String thingName = this.problems.check(() -> {
			String value = value(iot.getThingName());
			if (value != null && !IotCredentialsSpec.isThingName(value.strip())) {
				throw new InvalidAwsRefreshPropertyException(key("iot.thing-name"), value,
						"an IoT thing name is 1 to 128 letters, digits and :_-", key("iot.thing-name") + "=sensor-42");
			}
			return (value != null) ? value.strip() : null;
		});
		String sslBundle = value(iot.getSslBundle());
		boolean anySet = value(iot.getEndpoint()) != null || value(iot.getRoleAlias()) != null
				|| value(iot.getThingName()) != null || sslBundle != null;
		return new IotKeys(anySet, endpoint, roleAlias, thingName, (sslBundle != null) ? sslBundle.strip() : null);
	}

	/**
	 * The endpoint as {@code describe-endpoint} prints it (a host name), or as an https
	 * URL.
	 */
	private URI iotEndpoint(String value) {
		String key = key("iot.endpoint");
		String example = key + "=c2abcdefgh1234.credentials.iot.eu-west-1.amazonaws.com";
		String url = value.contains("://") ? value : "https://" + value;
		// Shown without what may be a password, whether or not URI finds user info in it.
		String shown = url.contains("@") ? null : value;
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidAwsRefreshPropertyException(key, shown, "not a host name or https URL", example);
		}
		if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null
				|| (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !"/".equals(uri.getRawPath()))) {
			throw new InvalidAwsRefreshPropertyException(key, shown,
					"must be the credentials provider's host name, or an https URL without user info or path", example);
		}
		return URI.create("https://" + uri.getRawAuthority());
	}

	private void check(String name, String value, Pattern pattern, String reason, String example) {
		// What RoleDefinition.forAccount replaces {account} in: anywhere else it would
		// reach STS as written.
		boolean replaced = "role-session-name".equals(name) || name.startsWith("policy-arns[")
				|| "source-identity".equals(name) || "serial-number".equals(name);
		if (!replaced && value.contains(RoleDefinition.ACCOUNT)) {
			throw new InvalidAwsRefreshPropertyException(key(name), value, RoleDefinition.ACCOUNT
					+ " is replaced only in role-arn, role-session-name, external-id, policy-arns, source-identity"
					+ " and serial-number", key(name) + "=" + example);
		}
		if (!pattern.matcher(replaced ? withSampleAccount(value) : value).matches()) {
			throw new InvalidAwsRefreshPropertyException(key(name), value, reason, key(name) + "=" + example);
		}
	}

	private static @Nullable String value(@Nullable String value) {
		return PropertyValues.blankToNull(value);
	}

	private static <T> T or(@Nullable T value, T fallback) {
		return (value != null) ? value : fallback;
	}

	/**
	 * The {@code iot.*} keys of a role; an invalid one reads as unset.
	 *
	 * @param anySet whether any of them is set, valid or not
	 * @param endpoint the credentials provider endpoint
	 * @param roleAlias the role alias
	 * @param thingName the thing name
	 * @param sslBundle the name of the SSL bundle with the device certificate
	 */
	record IotKeys(boolean anySet, @Nullable URI endpoint, @Nullable String roleAlias, @Nullable String thingName,
			@Nullable String sslBundle) {

	}

}
