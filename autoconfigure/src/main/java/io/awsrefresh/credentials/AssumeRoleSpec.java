package io.awsrefresh.credentials;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * Every field of an STS {@code AssumeRole} call for one role. The MFA token code is not
 * part of it: it is asked for on each refresh. Start from {@link #of(String, String)} and
 * add what the role needs with the {@code with…} methods:
 *
 * <pre class="code">
 * AssumeRoleSpec partner = AssumeRoleSpec.of("arn:aws:iam::333333333333:role/Partner", "orders")
 * 	.withExternalId(partnerExternalId)
 * 	.withDuration(Duration.ofMinutes(30));
 * </pre>
 *
 * @param roleArn ARN of the role to assume
 * @param sessionName role session name
 * @param duration lifetime of each set of credentials
 * @param externalId external id the role's trust policy requires
 * @param policy inline session policy (JSON)
 * @param policyArns managed session policy ARNs
 * @param tags session tags
 * @param transitiveTagKeys session tag keys that survive role chaining
 * @param sourceIdentity source identity of the session
 * @param serialNumber MFA device serial number or ARN
 * @param providedContexts context assertions from trusted context providers (such as IAM
 * Identity Center's trusted identity propagation)
 * @param minimumSessionTokenSize the smallest session token, in bytes, STS is asked to
 * issue ({@code MinimumSessionTokenSize}), or {@code null} for STS's choice; a size needs
 * AWS SDK 2.54.18 or newer on the class path, and is refused with an
 * {@link IllegalStateException} on an older one
 * @since 0.1.0
 */
public record AssumeRoleSpec(String roleArn, String sessionName, Duration duration, @Nullable String externalId,
		@Nullable String policy, List<String> policyArns, Map<String, String> tags, List<String> transitiveTagKeys,
		@Nullable String sourceIdentity, @Nullable String serialNumber, List<ProvidedContext> providedContexts,
		@Nullable Integer minimumSessionTokenSize) {

	/**
	 * Lifetime of each set of credentials unless one is chosen: STS's own default.
	 */
	public static final Duration DEFAULT_DURATION = Duration.ofHours(1);

	public AssumeRoleSpec {
		policyArns = List.copyOf(policyArns);
		tags = Map.copyOf(tags);
		transitiveTagKeys = List.copyOf(transitiveTagKeys);
		providedContexts = List.copyOf(providedContexts);
		if (minimumSessionTokenSize != null && !StsRequestFields.minimumSessionTokenSize()) {
			throw new IllegalStateException("A minimum session token size "
					+ StsRequestFields.needsSdk(StsRequestFields.MINIMUM_SESSION_TOKEN_SIZE_SINCE));
		}
	}

	/**
	 * A spec with every field but the provided contexts.
	 * @param roleArn ARN of the role to assume
	 * @param sessionName role session name
	 * @param duration lifetime of each set of credentials
	 * @param externalId external id the role's trust policy requires
	 * @param policy inline session policy (JSON)
	 * @param policyArns managed session policy ARNs
	 * @param tags session tags
	 * @param transitiveTagKeys session tag keys that survive role chaining
	 * @param sourceIdentity source identity of the session
	 * @param serialNumber MFA device serial number or ARN
	 * @deprecated since 0.1.0 for {@link #of(String, String)} and the {@code with…}
	 * methods, which a new field does not break
	 */
	@Deprecated(since = "0.1.0")
	public AssumeRoleSpec(String roleArn, String sessionName, Duration duration, @Nullable String externalId,
			@Nullable String policy, List<String> policyArns, Map<String, String> tags, List<String> transitiveTagKeys,
			@Nullable String sourceIdentity, @Nullable String serialNumber) {
		this(roleArn, sessionName, duration, externalId, policy, policyArns, tags, transitiveTagKeys, sourceIdentity,
				serialNumber, List.of(), null);
	}

	/**
	 * A spec with every field but the minimum session token size.
	 * @param roleArn ARN of the role to assume
	 * @param sessionName role session name
	 * @param duration lifetime of each set of credentials
	 * @param externalId external id the role's trust policy requires
	 * @param policy inline session policy (JSON)
	 * @param policyArns managed session policy ARNs
	 * @param tags session tags
	 * @param transitiveTagKeys session tag keys that survive role chaining
	 * @param sourceIdentity source identity of the session
	 * @param serialNumber MFA device serial number or ARN
	 * @param providedContexts context assertions from trusted context providers
	 * @deprecated since 0.1.0 for {@link #of(String, String)} and the {@code with…}
	 * methods, which a new field does not break
	 */
	@Deprecated(since = "0.1.0")
	public AssumeRoleSpec(String roleArn, String sessionName, Duration duration, @Nullable String externalId,
			@Nullable String policy, List<String> policyArns, Map<String, String> tags, List<String> transitiveTagKeys,
			@Nullable String sourceIdentity, @Nullable String serialNumber, List<ProvidedContext> providedContexts) {
		this(roleArn, sessionName, duration, externalId, policy, policyArns, tags, transitiveTagKeys, sourceIdentity,
				serialNumber, providedContexts, null);
	}

	/**
	 * The AssumeRole call of a role with nothing but a session name: credentials for
	 * {@link #DEFAULT_DURATION}, no external id, session policy, tags, source identity,
	 * MFA or provided context.
	 * @param roleArn ARN of the role to assume
	 * @param sessionName role session name
	 * @return the spec
	 */
	public static AssumeRoleSpec of(String roleArn, String sessionName) {
		return new AssumeRoleSpec(roleArn, sessionName, DEFAULT_DURATION, null, null, List.of(), Map.of(), List.of(),
				null, null, List.of(), null);
	}

	/**
	 * This spec with another role ARN.
	 * @param roleArn ARN of the role to assume
	 * @return a new spec
	 */
	public AssumeRoleSpec withRoleArn(String roleArn) {
		return new AssumeRoleSpec(roleArn, this.sessionName, this.duration, this.externalId, this.policy,
				this.policyArns, this.tags, this.transitiveTagKeys, this.sourceIdentity, this.serialNumber,
				this.providedContexts, this.minimumSessionTokenSize);
	}

	/**
	 * This spec with another session name.
	 * @param sessionName role session name
	 * @return a new spec
	 */
	public AssumeRoleSpec withSessionName(String sessionName) {
		return new AssumeRoleSpec(this.roleArn, sessionName, this.duration, this.externalId, this.policy,
				this.policyArns, this.tags, this.transitiveTagKeys, this.sourceIdentity, this.serialNumber,
				this.providedContexts, this.minimumSessionTokenSize);
	}

	/**
	 * This spec with another lifetime for each set of credentials.
	 * @param duration 15 minutes to the role's maximum session duration (12 hours at
	 * most, 1 hour for a chained role)
	 * @return a new spec
	 */
	public AssumeRoleSpec withDuration(Duration duration) {
		return new AssumeRoleSpec(this.roleArn, this.sessionName, duration, this.externalId, this.policy,
				this.policyArns, this.tags, this.transitiveTagKeys, this.sourceIdentity, this.serialNumber,
				this.providedContexts, this.minimumSessionTokenSize);
	}

	/**
	 * This spec with an external id.
	 * @param externalId the external id the role's trust policy requires, or {@code null}
	 * @return a new spec
	 */
	public AssumeRoleSpec withExternalId(@Nullable String externalId) {
		return new AssumeRoleSpec(this.roleArn, this.sessionName, this.duration, externalId, this.policy,
				this.policyArns, this.tags, this.transitiveTagKeys, this.sourceIdentity, this.serialNumber,
				this.providedContexts, this.minimumSessionTokenSize);
	}

	/**
	 * This spec with an inline session policy.
	 * @param policy the policy (JSON), or {@code null}
	 * @return a new spec
	 */
	public AssumeRoleSpec withPolicy(@Nullable String policy) {
		return new AssumeRoleSpec(this.roleArn, this.sessionName, this.duration, this.externalId, policy,
				this.policyArns, this.tags, this.transitiveTagKeys, this.sourceIdentity, this.serialNumber,
				this.providedContexts, this.minimumSessionTokenSize);
	}

	/**
	 * This spec with managed session policies.
	 * @param policyArns the policies' ARNs
	 * @return a new spec
	 */
	public AssumeRoleSpec withPolicyArns(List<String> policyArns) {
		return new AssumeRoleSpec(this.roleArn, this.sessionName, this.duration, this.externalId, this.policy,
				policyArns, this.tags, this.transitiveTagKeys, this.sourceIdentity, this.serialNumber,
				this.providedContexts, this.minimumSessionTokenSize);
	}

	/**
	 * This spec with session tags.
	 * @param tags the tags
	 * @return a new spec
	 */
	public AssumeRoleSpec withTags(Map<String, String> tags) {
		return new AssumeRoleSpec(this.roleArn, this.sessionName, this.duration, this.externalId, this.policy,
				this.policyArns, tags, this.transitiveTagKeys, this.sourceIdentity, this.serialNumber,
				this.providedContexts, this.minimumSessionTokenSize);
	}

	/**
	 * This spec with session tag keys that survive role chaining.
	 * @param transitiveTagKeys keys of some of the session tags
	 * @return a new spec
	 */
	public AssumeRoleSpec withTransitiveTagKeys(List<String> transitiveTagKeys) {
		return new AssumeRoleSpec(this.roleArn, this.sessionName, this.duration, this.externalId, this.policy,
				this.policyArns, this.tags, transitiveTagKeys, this.sourceIdentity, this.serialNumber,
				this.providedContexts, this.minimumSessionTokenSize);
	}

	/**
	 * This spec with a source identity.
	 * @param sourceIdentity the source identity, or {@code null}
	 * @return a new spec
	 */
	public AssumeRoleSpec withSourceIdentity(@Nullable String sourceIdentity) {
		return new AssumeRoleSpec(this.roleArn, this.sessionName, this.duration, this.externalId, this.policy,
				this.policyArns, this.tags, this.transitiveTagKeys, sourceIdentity, this.serialNumber,
				this.providedContexts, this.minimumSessionTokenSize);
	}

	/**
	 * This spec with an MFA device; the code comes from an {@link MfaTokenProvider} on
	 * each refresh.
	 * @param serialNumber the device's serial number or ARN, or {@code null}
	 * @return a new spec
	 */
	public AssumeRoleSpec withSerialNumber(@Nullable String serialNumber) {
		return new AssumeRoleSpec(this.roleArn, this.sessionName, this.duration, this.externalId, this.policy,
				this.policyArns, this.tags, this.transitiveTagKeys, this.sourceIdentity, serialNumber,
				this.providedContexts, this.minimumSessionTokenSize);
	}

	/**
	 * This spec with context assertions from trusted context providers.
	 * @param providedContexts the provided contexts
	 * @return a new spec
	 */
	public AssumeRoleSpec withProvidedContexts(List<ProvidedContext> providedContexts) {
		return new AssumeRoleSpec(this.roleArn, this.sessionName, this.duration, this.externalId, this.policy,
				this.policyArns, this.tags, this.transitiveTagKeys, this.sourceIdentity, this.serialNumber,
				providedContexts, this.minimumSessionTokenSize);
	}

	/**
	 * This spec asking STS for session tokens of at least a size.
	 * @param minimumSessionTokenSize the smallest token, in bytes, or {@code null} for
	 * STS's choice
	 * @return a new spec
	 */
	public AssumeRoleSpec withMinimumSessionTokenSize(@Nullable Integer minimumSessionTokenSize) {
		return new AssumeRoleSpec(this.roleArn, this.sessionName, this.duration, this.externalId, this.policy,
				this.policyArns, this.tags, this.transitiveTagKeys, this.sourceIdentity, this.serialNumber,
				this.providedContexts, minimumSessionTokenSize);
	}

	/**
	 * Build the request for one refresh.
	 * @param tokenCode MFA token code for this call, or {@code null} without MFA
	 * @return the AssumeRole request
	 */
	public AssumeRoleRequest toRequest(@Nullable String tokenCode) {
		AssumeRoleRequest.Builder request = AssumeRoleRequest.builder()
			.roleArn(this.roleArn)
			.roleSessionName(this.sessionName)
			.durationSeconds(Math.toIntExact(this.duration.toSeconds()))
			.externalId(this.externalId)
			.policy(this.policy)
			.sourceIdentity(this.sourceIdentity)
			.serialNumber(this.serialNumber)
			.tokenCode(tokenCode);
		if (this.minimumSessionTokenSize != null) {
			// Only when set: SDKs before 2.54.18 lack the method.
			request.minimumSessionTokenSize(this.minimumSessionTokenSize);
		}
		if (!this.policyArns.isEmpty()) {
			request.policyArns(
					this.policyArns.stream().map((arn) -> PolicyDescriptorType.builder().arn(arn).build()).toList());
		}
		if (!this.tags.isEmpty()) {
			// In key order: equal specs make equal requests.
			request.tags(new TreeMap<>(this.tags).entrySet()
				.stream()
				.map((tag) -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build())
				.toList());
		}
		if (!this.transitiveTagKeys.isEmpty()) {
			request.transitiveTagKeys(this.transitiveTagKeys);
		}
		if (!this.providedContexts.isEmpty()) {
			request.providedContexts(this.providedContexts.stream()
				.map((context) -> software.amazon.awssdk.services.sts.model.ProvidedContext.builder()
					.providerArn(context.providerArn())
					.contextAssertion(context.contextAssertion())
					.build())
				.toList());
		}
		return request.build();
	}

	/**
	 * Describes the role without the external id, policy or context assertions, which
	 * callers may consider confidential.
	 */
	@Override
	public String toString() {
		return "AssumeRoleSpec[roleArn=" + this.roleArn + ", sessionName=" + this.sessionName + ", duration="
				+ this.duration + ", mfa=" + (this.serialNumber != null) + ", providedContexts="
				+ this.providedContexts.size() + "]";
	}

	/**
	 * A context assertion from a trusted context provider, passed to STS with the
	 * AssumeRole call.
	 *
	 * @param providerArn ARN of the context provider, such as
	 * {@code arn:aws:iam::aws:contextProvider/IdentityCenter}
	 * @param contextAssertion the signed context assertion
	 */
	public record ProvidedContext(String providerArn, String contextAssertion) {

		/**
		 * Describes the context without its assertion, a bearer credential.
		 */
		@Override
		public String toString() {
			return "ProvidedContext[providerArn=" + this.providerArn + "]";
		}

	}

}
