package io.awsrefresh.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.awsrefresh.credentials.StsClientCustomizer;
import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Watches every STS client the starter builds: counts AssumeRole calls per role ARN,
 * records the MFA token codes and the access key ids that signed each call, and gives
 * each client an HTTP client whose closing is recorded (the SDK closes an HTTP client it
 * built from a builder when the STS client closes).
 */
class StsTraffic implements StsClientCustomizer, ExecutionInterceptor {

	private final Map<String, AtomicInteger> assumeRoleCalls = new ConcurrentHashMap<>();

	private final Map<String, List<String>> signingKeys = new ConcurrentHashMap<>();

	private final Map<String, List<Long>> callTimes = new ConcurrentHashMap<>();

	final List<String> tokenCodes = new CopyOnWriteArrayList<>();

	final List<TrackedHttpClient> httpClients = new CopyOnWriteArrayList<>();

	@Override
	public void customize(StsClientBuilder builder, @Nullable String callingRole, Region region) {
		// Extends the override configuration: overrideConfiguration(c -> ...) would
		// replace it, and with it the starter's timeouts and shared scheduler.
		builder
			.overrideConfiguration(builder.overrideConfiguration().toBuilder().addExecutionInterceptor(this).build());
		// Replaces the shared HTTP client, which STS clients must not close, with one
		// each STS client owns, so that closing the STS client shows.
		builder.httpClient(null);
		builder.httpClientBuilder(new TrackingBuilder());
	}

	@Override
	public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
		if (context.request() instanceof AssumeRoleRequest request) {
			this.assumeRoleCalls.computeIfAbsent(request.roleArn(), (arn) -> new AtomicInteger()).incrementAndGet();
			this.callTimes.computeIfAbsent(request.roleArn(), (arn) -> new CopyOnWriteArrayList<>())
				.add(System.nanoTime());
			if (request.tokenCode() != null) {
				this.tokenCodes.add(request.tokenCode());
			}
		}
	}

	@Override
	public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
		if (context.request() instanceof AssumeRoleRequest request) {
			String authorization = context.httpRequest().firstMatchingHeader("Authorization").orElse("");
			int start = authorization.indexOf("Credential=") + "Credential=".length();
			String accessKeyId = authorization.substring(start, authorization.indexOf('/', start));
			this.signingKeys.computeIfAbsent(request.roleArn(), (arn) -> new CopyOnWriteArrayList<>()).add(accessKeyId);
		}
	}

	int assumeRoleCalls(String roleArn) {
		AtomicInteger calls = this.assumeRoleCalls.get(roleArn);
		return (calls != null) ? calls.get() : 0;
	}

	/**
	 * Shortest time between two AssumeRole calls for a role.
	 */
	java.time.Duration shortestGap(String roleArn) {
		List<Long> times = this.callTimes.getOrDefault(roleArn, List.of());
		long shortest = Long.MAX_VALUE;
		for (int i = 1; i < times.size(); i++) {
			shortest = Math.min(shortest, times.get(i) - times.get(i - 1));
		}
		return java.time.Duration.ofNanos(shortest);
	}

	List<String> signingKeys(String roleArn) {
		return this.signingKeys.getOrDefault(roleArn, List.of());
	}

	private final class TrackingBuilder implements SdkHttpClient.Builder<TrackingBuilder> {

		@Override
		public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
			TrackedHttpClient client = new TrackedHttpClient(
					Apache5HttpClient.builder().buildWithDefaults(serviceDefaults));
			StsTraffic.this.httpClients.add(client);
			return client;
		}

	}

	static final class TrackedHttpClient implements SdkHttpClient {

		private final SdkHttpClient delegate;

		volatile boolean closed;

		TrackedHttpClient(SdkHttpClient delegate) {
			this.delegate = delegate;
		}

		@Override
		public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
			return this.delegate.prepareRequest(request);
		}

		@Override
		public void close() {
			this.closed = true;
			this.delegate.close();
		}

	}

}
