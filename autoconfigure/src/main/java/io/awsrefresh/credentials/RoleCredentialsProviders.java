package io.awsrefresh.credentials;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * The credentials of every configured role, by name, and the owner of everything behind
 * them: the source credentials, one STS client per role and the SDK's refreshing
 * providers. {@link #close()} releases all of it.
 * <p>
 * Each assumed role is an {@link StsAssumeRoleCredentialsProvider}: with deferred
 * refresh, the first caller fetches and one caller refreshes at prefetch time while the
 * others keep the current credentials; without it, the first fetch happens while this
 * object is built and later refreshes run on the SDK's background threads.
 *
 * @since 0.1.0
 */
public final class RoleCredentialsProviders implements AutoCloseable {

	/**
	 * Name of the default role.
	 */
	public static final String DEFAULT_ROLE = "default";

	private static final Log logger = LogFactory.getLog(RoleCredentialsProviders.class);

	private static final Duration STS_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration STS_CALL_TIMEOUT = Duration.ofSeconds(15);

	private final Map<String, RoleCredentialsProvider> providers;

	private final Deque<AutoCloseable> resources;

	private RoleCredentialsProviders(Map<String, RoleCredentialsProvider> providers, Deque<AutoCloseable> resources) {
		this.providers = Collections.unmodifiableMap(providers);
		this.resources = resources;
	}

	/**
	 * Start building the providers.
	 * @param sourceCredentials credentials that call STS for roles without a source role;
	 * closed by {@link #close()} when closeable
	 * @return a builder
	 */
	public static Builder builder(AwsCredentialsProvider sourceCredentials) {
		return new Builder(sourceCredentials);
	}

	/**
	 * Credentials of the default role.
	 * @return the default role's provider
	 */
	public RoleCredentialsProvider defaultRole() {
		return get(DEFAULT_ROLE);
	}

	/**
	 * Credentials of a role.
	 * @param roleName the role name
	 * @return the role's provider
	 * @throws UnknownRoleException if no such role is configured
	 */
	public RoleCredentialsProvider get(String roleName) {
		RoleCredentialsProvider provider = this.providers.get(roleName);
		if (provider == null) {
			throw new UnknownRoleException(roleName, roleNames());
		}
		return provider;
	}

	/**
	 * Names of the configured roles, the default role first.
	 * @return the role names
	 */
	public Set<String> roleNames() {
		return this.providers.keySet();
	}

	/**
	 * Refresh status of every role.
	 * @return one status per role, the default role first
	 */
	public List<RefreshStatus> status() {
		return this.providers.values().stream().map(RoleCredentialsProvider::status).toList();
	}

	/**
	 * Close the refreshing providers, then the STS clients, then the source credentials.
	 */
	@Override
	public void close() {
		closeAll(this.resources);
	}

	private static void closeAll(Deque<AutoCloseable> resources) {
		AutoCloseable resource;
		while ((resource = resources.pollFirst()) != null) {
			try {
				resource.close();
			}
			catch (Exception ex) {
				logger.warn("Failed to close " + resource, ex);
			}
		}
	}

	/**
	 * Builds {@link RoleCredentialsProviders}; anything built before a failure is closed
	 * again.
	 */
	public static final class Builder {

		private final AwsCredentialsProvider sourceCredentials;

		private final List<RoleDefinition> roles = new ArrayList<>();

		private @Nullable MfaTokenProvider mfaTokenProvider;

		private @Nullable SdkHttpClient httpClient;

		private Consumer<StsClientBuilder> stsClientCustomizer = (builder) -> {
		};

		private Builder(AwsCredentialsProvider sourceCredentials) {
			this.sourceCredentials = sourceCredentials;
		}

		/**
		 * Add a role. A role's source role must have been added before it.
		 * @param role the role
		 * @return this builder
		 */
		public Builder role(RoleDefinition role) {
			this.roles.add(role);
			return this;
		}

		/**
		 * Set the provider of MFA token codes, required by roles with a serial number.
		 * @param mfaTokenProvider the provider
		 * @return this builder
		 */
		public Builder mfaTokenProvider(@Nullable MfaTokenProvider mfaTokenProvider) {
			this.mfaTokenProvider = mfaTokenProvider;
			return this;
		}

		/**
		 * Set the HTTP client every STS client shares; its owner closes it. Without one,
		 * each STS client builds (and closes) the SDK's default.
		 * @param httpClient the shared HTTP client
		 * @return this builder
		 */
		public Builder httpClient(@Nullable SdkHttpClient httpClient) {
			this.httpClient = httpClient;
			return this;
		}

		/**
		 * Set a callback applied to the builder of every STS client, last.
		 * @param customizer the callback
		 * @return this builder
		 */
		public Builder stsClientCustomizer(Consumer<StsClientBuilder> customizer) {
			this.stsClientCustomizer = customizer;
			return this;
		}

		/**
		 * Build every role's provider; roles without deferred refresh fetch their first
		 * credentials now.
		 * @return the providers
		 * @throws RoleCredentialsException if a role without deferred refresh cannot
		 * obtain credentials
		 */
		public RoleCredentialsProviders build() {
			Map<String, RoleCredentialsProvider> providers = new LinkedHashMap<>();
			Deque<AutoCloseable> resources = new ArrayDeque<>();
			if (this.sourceCredentials instanceof AutoCloseable closeable) {
				resources.push(closeable);
			}
			try {
				for (RoleDefinition role : this.roles) {
					RoleCredentialsProvider provider = create(role, sourceFor(role, providers), resources);
					providers.put(role.name(), provider);
					if (!role.refresh().deferRefresh()) {
						provider.resolveCredentials();
					}
				}
			}
			catch (RuntimeException ex) {
				closeAll(resources);
				throw ex;
			}
			return new RoleCredentialsProviders(providers, resources);
		}

		private AwsCredentialsProvider sourceFor(RoleDefinition role, Map<String, RoleCredentialsProvider> built) {
			if (role.sourceRole() == null) {
				return this.sourceCredentials;
			}
			RoleCredentialsProvider source = built.get(role.sourceRole());
			if (source == null) {
				throw new IllegalArgumentException("Role '" + role.name() + "' names source role '" + role.sourceRole()
						+ "', which must be added before it");
			}
			return source;
		}

		private RoleCredentialsProvider create(RoleDefinition role, AwsCredentialsProvider source,
				Deque<AutoCloseable> resources) {
			AssumeRoleSpec spec = role.assumeRole();
			if (spec == null) {
				Supplier<RefreshStatus> status = () -> new RefreshStatus(role.name(), null, null, 0, 0, null);
				return new RoleCredentialsProvider(role.name(), null, NonClosingCredentialsProvider.of(source), status);
			}
			StsCallRecorder recorder = new StsCallRecorder(role.name(), spec.roleArn());
			StsClient sts = stsClient(role, source, recorder);
			resources.push(sts);
			resources.push(recorder);
			StsAssumeRoleCredentialsProvider assumeRole = StsAssumeRoleCredentialsProvider.builder()
				.stsClient(sts)
				.refreshRequest(requests(role.name(), spec))
				.prefetchTime(role.refresh().prefetchTime())
				.staleTime(role.refresh().staleTime())
				.asyncCredentialUpdateEnabled(!role.refresh().deferRefresh())
				.build();
			// Pushed last, so it is closed (its scheduled refresh cancelled) before the
			// recorder goes quiet and the STS client it calls is closed.
			resources.push(assumeRole);
			return new RoleCredentialsProvider(role.name(), spec.roleArn(), assumeRole, recorder::status);
		}

		private StsClient stsClient(RoleDefinition role, AwsCredentialsProvider source, StsCallRecorder recorder) {
			StsClientBuilder builder = StsClient.builder()
				.region(role.sts().region())
				.credentialsProvider(NonClosingCredentialsProvider.of(source))
				// Bounded, so that a refresh against an STS that does not answer holds
				// its caller (or background thread) for seconds, not the socket timeout
				// times the SDK's attempts. A customizer may change these.
				.overrideConfiguration(
						(config) -> config.apiCallAttemptTimeout(STS_ATTEMPT_TIMEOUT).apiCallTimeout(STS_CALL_TIMEOUT));
			if (role.sts().endpoint() != null) {
				builder.endpointOverride(role.sts().endpoint());
			}
			if (this.httpClient != null) {
				builder.httpClient(this.httpClient);
			}
			this.stsClientCustomizer.accept(builder);
			// Added after the customizers: overrideConfiguration(...) replaces the whole
			// override configuration, so a customizer calling it would drop the recorder.
			builder.overrideConfiguration(
					builder.overrideConfiguration().toBuilder().addExecutionInterceptor(recorder).build());
			return builder.build();
		}

		private Supplier<AssumeRoleRequest> requests(String roleName, AssumeRoleSpec spec) {
			String serialNumber = spec.serialNumber();
			if (serialNumber == null) {
				AssumeRoleRequest request = spec.toRequest(null);
				return () -> request;
			}
			MfaTokenProvider tokens = this.mfaTokenProvider;
			if (tokens == null) {
				throw new IllegalArgumentException(
						"Role '" + roleName + "' has an MFA serial number but no MfaTokenProvider was given");
			}
			return () -> spec.toRequest(MfaTokenCodes.check(roleName, tokens.tokenCode(serialNumber)));
		}

	}

}
