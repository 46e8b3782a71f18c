package io.awsrefresh.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import io.awsrefresh.client.AwsClientCustomizer;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.http.HttpMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.metrics.SdkMetric;
import software.amazon.awssdk.regions.Region;

/**
 * Turns the AWS SDK's own per-call metrics into Micrometer meters, for every client the
 * registry builds. Each client gets a {@link MetricPublisher} that knows its role and
 * region; the SDK hands it each call's metrics on the request thread, and they are
 * recorded on a thread of this publisher's own, so a request never waits for metrics.
 * When that thread falls behind by more than 10,000 calls, further calls are dropped and
 * counted ({@code aws.sdk.metrics.dropped}).
 * <p>
 * Meters, named after the SDK's metrics and tagged {@code service}, {@code operation},
 * {@code role} (a template's name for its roles in every account, see
 * {@link RoleCredentialsProviders#tagNameOf(String)}) and {@code region}:
 * <ul>
 * <li>{@code aws.sdk.api.call.duration} (timer, also tagged {@code outcome}): whole API
 * calls, retries included;</li>
 * <li>{@code aws.sdk.api.call.attempts} (counter, also tagged {@code http.status}): each
 * HTTP attempt;</li>
 * <li>{@code aws.sdk.retry.count} (counter): retries;</li>
 * <li>{@code aws.sdk.credentials.fetch.duration} (timer): time spent getting credentials
 * for a call (near zero while the refresh engine holds valid ones);</li>
 * <li>{@code aws.sdk.http.leased.concurrency} and
 * {@code aws.sdk.http.pending.concurrency.acquires} (distribution summaries, tagged
 * {@code http.client}): the HTTP pool's connections in use, and requests waiting for one,
 * as each attempt saw them.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class SdkMetricsPublisher implements AwsClientCustomizer<AwsClientBuilder<?, ?>>, Ordered, AutoCloseable {

	private static final Log logger = LogFactory.getLog(SdkMetricsPublisher.class);

	private static final int QUEUE_CAPACITY = 10_000;

	private final MeterRegistry meters;

	private final Function<String, String> roleTags;

	private final ThreadPoolExecutor recorder;

	private final LongAdder dropped = new LongAdder();

	/**
	 * Create a publisher that records into a meter registry, tagging each role with the
	 * name read from its role name ({@code template@account} as the template's): use
	 * {@link #SdkMetricsPublisher(MeterRegistry, Function)} with
	 * {@link RoleCredentialsProviders#tagNameOf(String)} where the providers are at hand.
	 * @param meters the meter registry
	 */
	@SuppressWarnings("deprecation")
	public SdkMetricsPublisher(MeterRegistry meters) {
		this(meters, RoleCredentialsProviders::tagName);
	}

	/**
	 * Record meters in a registry, each tagged with the tag name of its client's role.
	 * @param meters the meter registry
	 * @param roleTags a role's tag name by role name, such as
	 * {@link RoleCredentialsProviders#tagNameOf(String)}
	 */
	public SdkMetricsPublisher(MeterRegistry meters, Function<String, String> roleTags) {
		this.meters = meters;
		this.roleTags = roleTags;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("aws-refresh-metrics-");
		threads.setDaemon(true);
		this.recorder = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE_CAPACITY),
				threads, (task, executor) -> this.dropped.increment());
		this.recorder.allowCoreThreadTimeOut(true);
		FunctionCounter.builder("aws.sdk.metrics.dropped", this.dropped, LongAdder::sum)
			.description("SDK call metrics dropped because recording fell behind")
			.register(meters);
	}

	/**
	 * Attaches a publisher for the client's role and region.
	 */
	@Override
	public void customize(AwsClientBuilder<?, ?> builder, String role, Region region) {
		builder.overrideConfiguration(builder.overrideConfiguration()
			.toBuilder()
			.addMetricPublisher(new ClientPublisher(this.roleTags.apply(role), region.id()))
			.build());
	}

	/**
	 * After the application's customizers, so that none of them can remove it.
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void close() {
		this.recorder.shutdown();
		try {
			if (!this.recorder.awaitTermination(5, TimeUnit.SECONDS)) {
				this.recorder.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.recorder.shutdownNow();
		}
	}

	private void record(MetricCollection call, String role, String region) {
		String service = first(call, CoreMetric.SERVICE_ID, "unknown");
		String operation = first(call, CoreMetric.OPERATION_NAME, "unknown");
		Tags tags = Tags.of("service", service, "operation", operation, "role", role, "region", region);
		Duration duration = first(call, CoreMetric.API_CALL_DURATION);
		if (duration != null) {
			boolean succeeded = first(call, CoreMetric.API_CALL_SUCCESSFUL, false);
			Timer.builder("aws.sdk.api.call.duration")
				.description("AWS API calls, retries included")
				.tags(tags)
				.tag("outcome", succeeded ? "success" : "failure")
				.register(this.meters)
				.record(duration);
		}
		int retries = first(call, CoreMetric.RETRY_COUNT, 0);
		if (retries > 0) {
			Counter.builder("aws.sdk.retry.count")
				.description("Retries of AWS API calls")
				.tags(tags)
				.register(this.meters)
				.increment(retries);
		}
		Duration credentials = first(call, CoreMetric.CREDENTIALS_FETCH_DURATION);
		if (credentials != null) {
			Timer.builder("aws.sdk.credentials.fetch.duration")
				.description("Time AWS API calls spent getting credentials")
				.tags(tags)
				.register(this.meters)
				.record(credentials);
		}
		call.childrenWithName("ApiCallAttempt").forEach((attempt) -> recordAttempt(attempt, tags));
	}

	private void recordAttempt(MetricCollection attempt, Tags tags) {
		Integer status = first(attempt, HttpMetric.HTTP_STATUS_CODE);
		Counter.builder("aws.sdk.api.call.attempts")
			.description("HTTP attempts of AWS API calls")
			.tags(tags)
			.tag("http.status", (status != null) ? status.toString() : "none")
			.register(this.meters)
			.increment();
		attempt.childrenWithName("HttpClient").forEach((http) -> {
			String client = first(http, HttpMetric.HTTP_CLIENT_NAME, "unknown");
			Integer leased = first(http, HttpMetric.LEASED_CONCURRENCY);
			if (leased != null) {
				DistributionSummary.builder("aws.sdk.http.leased.concurrency")
					.description("Connections of the HTTP pool in use, as an attempt saw it")
					.tag("http.client", client)
					.register(this.meters)
					.record(leased);
			}
			Integer pending = first(http, HttpMetric.PENDING_CONCURRENCY_ACQUIRES);
			if (pending != null) {
				DistributionSummary.builder("aws.sdk.http.pending.concurrency.acquires")
					.description("Requests waiting for a connection of the HTTP pool, as an attempt saw it")
					.tag("http.client", client)
					.register(this.meters)
					.record(pending);
			}
		});
	}

	private static <T> T first(MetricCollection collection, SdkMetric<T> metric, T fallback) {
		T value = first(collection, metric);
		return (value != null) ? value : fallback;
	}

	private static <T> @Nullable T first(MetricCollection collection, SdkMetric<T> metric) {
		List<T> values = collection.metricValues(metric);
		return values.isEmpty() ? null : values.get(0);
	}

	/**
	 * One client's publisher: hands each call's metrics to the recording thread.
	 */
	private final class ClientPublisher implements MetricPublisher {

		private final String role;

		private final String region;

		ClientPublisher(String role, String region) {
			this.role = role;
			this.region = region;
		}

		@Override
		public void publish(MetricCollection call) {
			// Once the queue is full, or the context closing, the call is dropped and
			// counted.
			SdkMetricsPublisher.this.recorder.execute(() -> {
				try {
					record(call, this.role, this.region);
				}
				catch (RuntimeException ex) {
					logger.debug("Could not record AWS SDK metrics", ex);
				}
			});
		}

		// Closed with its client: the recording thread belongs to the publisher.
		@Override
		public void close() {
		}

	}

}
