package io.awsrefresh.credentials;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * Every field of an STS {@code AssumeRole} call for one role. The MFA token code is not
 * part of it: it is asked for on each refresh.
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
 * @since 0.1.0
 */
public record AssumeRoleSpec(String roleArn, String sessionName, Duration duration, @Nullable String externalId,
		@Nullable String policy, List<String> policyArns, Map<String, String> tags, List<String> transitiveTagKeys,
		@Nullable String sourceIdentity, @Nullable String serialNumber) {

	public AssumeRoleSpec {
		policyArns = List.copyOf(policyArns);
		tags = Map.copyOf(tags);
		transitiveTagKeys = List.copyOf(transitiveTagKeys);
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
		if (!this.policyArns.isEmpty()) {
			request.policyArns(
					this.policyArns.stream().map((arn) -> PolicyDescriptorType.builder().arn(arn).build()).toList());
		}
		if (!this.tags.isEmpty()) {
			request.tags(this.tags.entrySet()
				.stream()
				.map((tag) -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build())
				.toList());
		}
		if (!this.transitiveTagKeys.isEmpty()) {
			request.transitiveTagKeys(this.transitiveTagKeys);
		}
		return request.build();
	}

	/**
	 * Describes the role without the external id or policy, which callers may consider
	 * confidential.
	 */
	@Override
	public String toString() {
		return "AssumeRoleSpec[roleArn=" + this.roleArn + ", sessionName=" + this.sessionName + ", duration="
				+ this.duration + ", mfa=" + (this.serialNumber != null) + "]";
	}

}
