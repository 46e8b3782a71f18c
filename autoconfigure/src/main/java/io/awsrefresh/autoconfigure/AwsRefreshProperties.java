package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;

/**
 * Configuration of aws-refresh: the default role (the keys inherited from
 * {@link RoleProperties}), named roles, the source credentials, region and endpoint. An
 * unknown key fails startup: a misspelt key must not silently do nothing.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(value = "aws.refresh", ignoreUnknownFields = false)
public class AwsRefreshProperties extends RoleProperties {

	/**
	 * Whether to enable aws-refresh.
	 */
	private boolean enabled = true;

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

	/**
	 * Overrides per service, keyed by the SDK's service id (s3, sqs, dynamodb, ...).
	 */
	private Map<String, Service> services = new LinkedHashMap<>();

	/**
	 * Which SDK client types get a bean: 'injected' registers the bean of a type and role
	 * when an injection point first asks for it; 'all' registers the default role's bean
	 * of every client type on the class path at startup, for lookups by type
	 * (getBean(S3Client.class), @ConditionalOnBean), at a startup cost that grows with
	 * the SDK modules on the class path.
	 */
	private ClientBeans clientBeans = ClientBeans.INJECTED;

	private final Source source = new Source();

	private final Cache cache = new Cache();

	private final Http http = new Http();

	private final Presign presign = new Presign();

	private final RunTimeRoles runTimeRoles = new RunTimeRoles();

	private final Sessions sessions = new Sessions();

	private final SdkMetrics sdkMetrics = new SdkMetrics();

	private final SdkObservations sdkObservations = new SdkObservations();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

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

	public Map<String, Service> getServices() {
		return this.services;
	}

	public void setServices(Map<String, Service> services) {
		this.services = services;
	}

	public ClientBeans getClientBeans() {
		return this.clientBeans;
	}

	public void setClientBeans(ClientBeans clientBeans) {
		this.clientBeans = clientBeans;
	}

	public Source getSource() {
		return this.source;
	}

	public Cache getCache() {
		return this.cache;
	}

	public Presign getPresign() {
		return this.presign;
	}

	public Http getHttp() {
		return this.http;
	}

	public RunTimeRoles getRunTimeRoles() {
		return this.runTimeRoles;
	}

	/**
	 * The bounds of run-time roles under their old name.
	 * @return the bounds
	 * @deprecated since 0.1.0 for {@link #getRunTimeRoles()}: a session is an
	 * {@code AwsSession}, and an STS role session has a name of its own
	 */
	@Deprecated(since = "0.1.0")
	public Sessions getSessions() {
		return this.sessions;
	}

	/**
	 * Which SDK client types get a bean.
	 */
	public enum ClientBeans {

		/**
		 * The bean of a client type and role is registered when an injection point first
		 * asks for it ({@code @Autowired S3Client}, {@code @AwsRole("audit") S3Client},
		 * {@code ObjectProvider<S3Client>}, {@code List<S3Client>}). Startup loads no
		 * client interface nobody injects. Lookups by type
		 * ({@code getBean(S3Client.class)}, {@code @ConditionalOnBean}) see a type's bean
		 * once it has been injected; the types Spring Cloud AWS configures have theirs
		 * from the start.
		 */
		INJECTED,

		/**
		 * The default role's bean of every client type on the class path is registered at
		 * startup, so lookups by type see them all. Loading every client interface costs
		 * startup in proportion to the SDK modules on the class path (the startup table
		 * in benchmarks/results/startup.md measures both).
		 */
		ALL

	}

	/**
	 * Bounds of the roles asked for at run time: role templates in an account, and roles
	 * built in code. Configured roles are never evicted.
	 */
	public static class RunTimeRoles {

		/**
		 * Most run-time roles held; beyond it the least valuable stops refreshing and its
		 * clients are closed.
		 */
		private @Nullable Long maxSize;

		/**
		 * How long a run-time role nobody uses is held.
		 */
		private @Nullable Duration expireAfterAccess;

		public @Nullable Long getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(@Nullable Long maxSize) {
			this.maxSize = maxSize;
		}

		public @Nullable Duration getExpireAfterAccess() {
			return this.expireAfterAccess;
		}

		public void setExpireAfterAccess(@Nullable Duration expireAfterAccess) {
			this.expireAfterAccess = expireAfterAccess;
		}

	}

	/**
	 * The bounds of run-time roles under their old name, still bound; the new name wins
	 * where both are set.
	 *
	 * @deprecated since 0.1.0 for {@link RunTimeRoles}
	 */
	@Deprecated(since = "0.1.0")
	public static class Sessions {

		/**
		 * Most run-time roles held: the old name of run-time-roles.max-size.
		 */
		private @Nullable Long maxSize;

		/**
		 * How long a run-time role nobody uses is held: the old name of
		 * run-time-roles.expire-after-access.
		 */
		private @Nullable Duration expireAfterAccess;

		@DeprecatedConfigurationProperty(replacement = "aws.refresh.run-time-roles.max-size", since = "0.1.0")
		public @Nullable Long getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(@Nullable Long maxSize) {
			this.maxSize = maxSize;
		}

		@DeprecatedConfigurationProperty(replacement = "aws.refresh.run-time-roles.expire-after-access",
				since = "0.1.0")
		public @Nullable Duration getExpireAfterAccess() {
			return this.expireAfterAccess;
		}

		public void setExpireAfterAccess(@Nullable Duration expireAfterAccess) {
			this.expireAfterAccess = expireAfterAccess;
		}

	}

	public SdkMetrics getSdkMetrics() {
		return this.sdkMetrics;
	}

	public SdkObservations getSdkObservations() {
		return this.sdkObservations;
	}

	/**
	 * Micrometer meters of every SDK call the registry's clients make.
	 */
	public static class SdkMetrics {

		/**
		 * Whether to record the SDK's per-call metrics (aws.sdk.*) as Micrometer meters,
		 * when a MeterRegistry exists.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Micrometer Observations (spans and timers) of every SDK call the registry's clients
	 * make.
	 */
	public static class SdkObservations {

		/**
		 * Whether every SDK call is an Observation (aws.sdk.api.call), when an
		 * ObservationRegistry exists.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Where the clients of one service go.
	 */
	public static class Service {

		/**
		 * Endpoint override for this service's clients. Defaults to aws.refresh.endpoint.
		 */
		private @Nullable URI endpoint;

		/**
		 * Region of this service's clients. Defaults to aws.refresh.region.
		 */
		private @Nullable String region;

		/**
		 * Whether S3 clients use path-style URLs (bucket in the path), which emulators
		 * need.
		 */
		private boolean pathStyleAccess;

		public @Nullable URI getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(@Nullable URI endpoint) {
			this.endpoint = endpoint;
		}

		public @Nullable String getRegion() {
			return this.region;
		}

		public void setRegion(@Nullable String region) {
			this.region = region;
		}

		public boolean isPathStyleAccess() {
			return this.pathStyleAccess;
		}

		public void setPathStyleAccess(boolean pathStyleAccess) {
			this.pathStyleAccess = pathStyleAccess;
		}

	}

	/**
	 * Bounds of the clients built on demand through the registry (other regions than the
	 * default); injected clients are never evicted.
	 */
	public static class Cache {

		/**
		 * Most clients built on demand that are kept; beyond it the least used are
		 * closed.
		 */
		private long maxSize = 64;

		/**
		 * How long a client built on demand is kept after its last use.
		 */
		private Duration expireAfterAccess = Duration.ofMinutes(30);

		public long getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(long maxSize) {
			this.maxSize = maxSize;
		}

		public Duration getExpireAfterAccess() {
			return this.expireAfterAccess;
		}

		public void setExpireAfterAccess(Duration expireAfterAccess) {
			this.expireAfterAccess = expireAfterAccess;
		}

	}

	/**
	 * The presigners the registry builds ({@code S3Presigner}).
	 */
	public static class Presign {

		/**
		 * How long the credentials a presigner signs with must still live; a presigned
		 * URL stops working when they expire, so the presigner refuses credentials that
		 * expire sooner rather than hand out a URL that dies early. Zero signs with any
		 * unexpired credentials.
		 */
		private Duration minimumValidity = Duration.ofMinutes(5);

		public Duration getMinimumValidity() {
			return this.minimumValidity;
		}

		public void setMinimumValidity(Duration minimumValidity) {
			this.minimumValidity = minimumValidity;
		}

	}

	/**
	 * The one sync HTTP client every client and STS share, and the async one async
	 * clients share.
	 */
	public static class Http {

		/**
		 * Most open connections per HTTP client (for the async client: most concurrent
		 * requests).
		 */
		private int maxConnections = 50;

		/**
		 * How long to wait for a connection to open.
		 */
		private Duration connectionTimeout = Duration.ofSeconds(2);

		/**
		 * How long to wait for data on an open connection.
		 */
		private Duration socketTimeout = Duration.ofSeconds(30);

		/**
		 * Threads that complete the futures of every async client, and run the callbacks
		 * chained to them. Defaults to the number of processors, at least 8.
		 */
		private @Nullable Integer completionThreads;

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public Duration getConnectionTimeout() {
			return this.connectionTimeout;
		}

		public void setConnectionTimeout(Duration connectionTimeout) {
			this.connectionTimeout = connectionTimeout;
		}

		public Duration getSocketTimeout() {
			return this.socketTimeout;
		}

		public @Nullable Integer getCompletionThreads() {
			return this.completionThreads;
		}

		public void setCompletionThreads(@Nullable Integer completionThreads) {
			this.completionThreads = completionThreads;
		}

		public void setSocketTimeout(Duration socketTimeout) {
			this.socketTimeout = socketTimeout;
		}

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
