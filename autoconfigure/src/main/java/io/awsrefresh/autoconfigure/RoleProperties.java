package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Keys that describe one role. On a named role, a key left unset takes the default role's
 * value.
 *
 * @since 0.1.0
 */
public class RoleProperties {

	/**
	 * ARN of the IAM role to assume, such as arn:aws:iam::123456789012:role/app.
	 */
	private @Nullable String roleArn;

	/**
	 * Name of a CustomCredentialsSource bean that supplies this role's credentials, used
	 * instead of assuming role-arn.
	 */
	private @Nullable String customSource;

	/**
	 * Name of the role session, as CloudTrail records it. Defaults to
	 * spring.application.name.
	 */
	private @Nullable String roleSessionName;

	/**
	 * Lifetime of each set of assumed-role credentials, from 15m to 12h.
	 */
	private @Nullable Duration duration;

	/**
	 * External ID that the role's trust policy requires.
	 */
	private @Nullable String externalId;

	/**
	 * Inline session policy, in JSON, that narrows the role's permissions.
	 */
	private @Nullable String policy;

	/**
	 * ARNs of managed policies that narrow the role's permissions.
	 */
	private List<String> policyArns = new ArrayList<>();

	/**
	 * Session tags passed to STS.
	 */
	private Map<String, String> tags = new LinkedHashMap<>();

	/**
	 * Session tag keys that carry over to roles chained from this one.
	 */
	private List<String> transitiveTagKeys = new ArrayList<>();

	/**
	 * Source identity set on the role session.
	 */
	private @Nullable String sourceIdentity;

	/**
	 * Serial number or ARN of the MFA device; the token code comes from an
	 * MfaTokenProvider bean.
	 */
	private @Nullable String serialNumber;

	/**
	 * Context assertions from trusted context providers passed with the AssumeRole call,
	 * such as IAM Identity Center's for trusted identity propagation (at most 5). An
	 * assertion usually belongs to one user and lives minutes: roles built in code
	 * (AssumeRoleSpec.withProvidedContexts) are the usual place for it.
	 */
	private List<ProvidedContext> providedContexts = new ArrayList<>();

	/**
	 * Smallest session token, in bytes, that STS is asked to issue (the AssumeRole
	 * MinimumSessionTokenSize field); unset leaves the size to STS.
	 */
	private @Nullable Integer minimumSessionTokenSize;

	/**
	 * Whether the first fetch of credentials waits for their first use; when false, they
	 * are fetched at startup, which fails if they cannot be. Either way, later refreshes
	 * run in the background.
	 */
	private @Nullable Boolean deferRefresh;

	/**
	 * How long before expiry the background refresh may start; it starts at a random time
	 * in the first half of the window between prefetch-time and stale-time. Without it,
	 * the refresh starts at a random time while 60% to 50% of each set of credentials'
	 * lifetime is left (36 to 30 minutes before expiry for 1-hour credentials).
	 */
	private @Nullable Duration prefetchTime;

	/**
	 * How long before expiry a caller stops being handed the credentials without a fetch:
	 * from then on it waits for a fetch when nothing has failed. While refreshes fail,
	 * the credentials are still served until 15 seconds before expiry.
	 */
	private @Nullable Duration staleTime;

	private final Sts sts = new Sts();

	private final Iot iot = new Iot();

	public @Nullable String getRoleArn() {
		return this.roleArn;
	}

	public void setRoleArn(@Nullable String roleArn) {
		this.roleArn = roleArn;
	}

	public @Nullable String getCustomSource() {
		return this.customSource;
	}

	public void setCustomSource(@Nullable String customSource) {
		this.customSource = customSource;
	}

	public @Nullable String getRoleSessionName() {
		return this.roleSessionName;
	}

	public void setRoleSessionName(@Nullable String roleSessionName) {
		this.roleSessionName = roleSessionName;
	}

	public @Nullable Duration getDuration() {
		return this.duration;
	}

	public void setDuration(@Nullable Duration duration) {
		this.duration = duration;
	}

	public @Nullable String getExternalId() {
		return this.externalId;
	}

	public void setExternalId(@Nullable String externalId) {
		this.externalId = externalId;
	}

	public @Nullable String getPolicy() {
		return this.policy;
	}

	public void setPolicy(@Nullable String policy) {
		this.policy = policy;
	}

	public List<String> getPolicyArns() {
		return this.policyArns;
	}

	public void setPolicyArns(List<String> policyArns) {
		this.policyArns = policyArns;
	}

	public Map<String, String> getTags() {
		return this.tags;
	}

	public void setTags(Map<String, String> tags) {
		this.tags = tags;
	}

	public List<String> getTransitiveTagKeys() {
		return this.transitiveTagKeys;
	}

	public void setTransitiveTagKeys(List<String> transitiveTagKeys) {
		this.transitiveTagKeys = transitiveTagKeys;
	}

	public @Nullable String getSourceIdentity() {
		return this.sourceIdentity;
	}

	public void setSourceIdentity(@Nullable String sourceIdentity) {
		this.sourceIdentity = sourceIdentity;
	}

	public @Nullable String getSerialNumber() {
		return this.serialNumber;
	}

	public void setSerialNumber(@Nullable String serialNumber) {
		this.serialNumber = serialNumber;
	}

	public List<ProvidedContext> getProvidedContexts() {
		return this.providedContexts;
	}

	public void setProvidedContexts(List<ProvidedContext> providedContexts) {
		this.providedContexts = providedContexts;
	}

	public @Nullable Integer getMinimumSessionTokenSize() {
		return this.minimumSessionTokenSize;
	}

	public void setMinimumSessionTokenSize(@Nullable Integer minimumSessionTokenSize) {
		this.minimumSessionTokenSize = minimumSessionTokenSize;
	}

	public @Nullable Boolean getDeferRefresh() {
		return this.deferRefresh;
	}

	public void setDeferRefresh(@Nullable Boolean deferRefresh) {
		this.deferRefresh = deferRefresh;
	}

	public @Nullable Duration getPrefetchTime() {
		return this.prefetchTime;
	}

	public void setPrefetchTime(@Nullable Duration prefetchTime) {
		this.prefetchTime = prefetchTime;
	}

	public @Nullable Duration getStaleTime() {
		return this.staleTime;
	}

	public void setStaleTime(@Nullable Duration staleTime) {
		this.staleTime = staleTime;
	}

	public Sts getSts() {
		return this.sts;
	}

	public Iot getIot() {
		return this.iot;
	}

	/**
	 * Where STS calls go.
	 */
	public static class Sts {

		/**
		 * Region of the STS endpoint. Defaults to aws.refresh.region.
		 */
		private @Nullable String region;

		/**
		 * Endpoint override for STS. Defaults to aws.refresh.endpoint.
		 */
		private @Nullable URI endpoint;

		public @Nullable String getRegion() {
			return this.region;
		}

		public void setRegion(@Nullable String region) {
			this.region = region;
		}

		public @Nullable URI getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(@Nullable URI endpoint) {
			this.endpoint = endpoint;
		}

	}

	/**
	 * Where a device gets this role's credentials from the AWS IoT credentials provider,
	 * with its X.509 certificate, instead of assuming role-arn.
	 */
	public static class Iot {

		/**
		 * The account's IoT credentials provider endpoint, as 'aws iot describe-endpoint
		 * --endpoint-type iot:CredentialProvider' prints it, such as
		 * c2abcdefgh1234.credentials.iot.eu-west-1.amazonaws.com.
		 */
		private @Nullable String endpoint;

		/**
		 * IoT role alias that points to the IAM role whose credentials the device gets.
		 */
		private @Nullable String roleAlias;

		/**
		 * Thing name sent with each request, for policies that use thing variables.
		 */
		private @Nullable String thingName;

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) that holds the device certificate
		 * and private key, and optionally the authority that signed the endpoint's
		 * certificate (the JVM's trust store holds Amazon's roots).
		 */
		private @Nullable String sslBundle;

		public @Nullable String getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(@Nullable String endpoint) {
			this.endpoint = endpoint;
		}

		public @Nullable String getRoleAlias() {
			return this.roleAlias;
		}

		public void setRoleAlias(@Nullable String roleAlias) {
			this.roleAlias = roleAlias;
		}

		public @Nullable String getThingName() {
			return this.thingName;
		}

		public void setThingName(@Nullable String thingName) {
			this.thingName = thingName;
		}

		public @Nullable String getSslBundle() {
			return this.sslBundle;
		}

		public void setSslBundle(@Nullable String sslBundle) {
			this.sslBundle = sslBundle;
		}

	}

	/**
	 * A context assertion from a trusted context provider.
	 */
	public static class ProvidedContext {

		/**
		 * ARN of the context provider, such as
		 * arn:aws:iam::aws:contextProvider/IdentityCenter.
		 */
		private @Nullable String providerArn;

		/**
		 * The signed context assertion the provider issued.
		 */
		private @Nullable String contextAssertion;

		public @Nullable String getProviderArn() {
			return this.providerArn;
		}

		public void setProviderArn(@Nullable String providerArn) {
			this.providerArn = providerArn;
		}

		public @Nullable String getContextAssertion() {
			return this.contextAssertion;
		}

		public void setContextAssertion(@Nullable String contextAssertion) {
			this.contextAssertion = contextAssertion;
		}

	}

}
