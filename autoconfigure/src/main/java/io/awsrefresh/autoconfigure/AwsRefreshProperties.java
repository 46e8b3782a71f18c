package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of aws-refresh: the default role (the keys inherited from
 * {@link RoleProperties}), named roles, the source credentials, region and endpoint.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("aws.refresh")
public class AwsRefreshProperties extends RoleProperties {

	/**
	 * Default region of clients and STS. Defaults to the SDK's region chain (AWS_REGION,
	 * aws.region, the profile file).
	 */
	private @Nullable String region;

	/**
	 * Endpoint override for every client and STS, such as a local emulator.
	 */
	private @Nullable URI endpoint;

	/**
	 * More roles, by name, each injectable with @AwsRole("name").
	 */
	private Map<String, NamedRole> roles = new LinkedHashMap<>();

	private final Source source = new Source();

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

	public Map<String, NamedRole> getRoles() {
		return this.roles;
	}

	public void setRoles(Map<String, NamedRole> roles) {
		this.roles = roles;
	}

	public Source getSource() {
		return this.source;
	}

	/**
	 * A role besides the default one.
	 */
	public static class NamedRole extends RoleProperties {

		/**
		 * Name of the role whose credentials assume this one ("default" for the default
		 * role). Defaults to the source credentials.
		 */
		private @Nullable String sourceRole;

		public @Nullable String getSourceRole() {
			return this.sourceRole;
		}

		public void setSourceRole(@Nullable String sourceRole) {
			this.sourceRole = sourceRole;
		}

	}

	/**
	 * Credentials that call STS. Defaults to the SDK's default credentials chain.
	 */
	public static class Source {

		/**
		 * Name of the profile, in the AWS shared config and credentials files, to read
		 * source credentials from.
		 */
		private @Nullable String profile;

		/**
		 * Access key id of static source credentials.
		 */
		private @Nullable String accessKeyId;

		/**
		 * Secret access key of static source credentials.
		 */
		private @Nullable String secretAccessKey;

		public @Nullable String getProfile() {
			return this.profile;
		}

		public void setProfile(@Nullable String profile) {
			this.profile = profile;
		}

		public @Nullable String getAccessKeyId() {
			return this.accessKeyId;
		}

		public void setAccessKeyId(@Nullable String accessKeyId) {
			this.accessKeyId = accessKeyId;
		}

		public @Nullable String getSecretAccessKey() {
			return this.secretAccessKey;
		}

		public void setSecretAccessKey(@Nullable String secretAccessKey) {
			this.secretAccessKey = secretAccessKey;
		}

	}

}
