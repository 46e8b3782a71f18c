package io.awsrefresh.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.awsrefresh.credentials.RunTimeRoleFixture;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.Ordered;

import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.http.HttpMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricCollector;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.metrics.MetricRecord;
import software.amazon.awssdk.metrics.SdkMetric;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SDK's per-call metrics as Micrometer meters: each call's duration, retries,
 * credentials time and HTTP attempts, tagged with the client's role (as a low-cardinality
 * tag) and region; recorded off the request thread, calls beyond the queue dropped and
 * counted, and every queued call recorded before {@code close()} returns. No client is
 * built: the SDK's publisher is taken from a customized builder and handed collections
 * built here.
 */
class SdkMetricsPublisherTests {

	private static final int QUEUE_CAPACITY = 10_000;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final RunTimeRoleFixture roles = new RunTimeRoleFixture();

	private final SdkMetricsPublisher publisher = new SdkMetricsPublisher(this.meters,
			this.roles.providers()::tagNameOf);

	@AfterEach
	void closePublisher() {
		this.publisher.close();
		this.roles.close();
	}

	@Test
	void aCallBecomesMetersTaggedWithServiceOperationRoleAndRegion() {
		MetricCollector call = call("S3", "PutObject", Duration.ofMillis(250), true);
		call.reportMetric(CoreMetric.RETRY_COUNT, 2);
		call.reportMetric(CoreMetric.CREDENTIALS_FETCH_DURATION, Duration.ofMillis(3));
		attempt(call, 503, 4, 1);
		attempt(call, 503, 5, 2);
		attempt(call, 200, 3, 0);
		publisherFor(this.roles.auditIn("123456789012"), Region.EU_WEST_1).publish(call.collect());
		recordQueuedCalls();
		String[] tags = { "service", "S3", "operation", "PutObject", "role", "audit", "region", "eu-west-1" };
		assertThat(this.meters.find("aws.sdk.api.call.duration").timers()).singleElement().satisfies((timer) -> {
			assertThat(timer.getId().getTag("outcome")).isEqualTo("success");
			assertThat(timer.count()).isOne();
			assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250);
		});
		assertThat(this.meters.get("aws.sdk.api.call.duration").tags(tags).timer().count()).isOne();
		assertThat(this.meters.get("aws.sdk.retry.count").tags(tags).counter().count()).isEqualTo(2);
		assertThat(this.meters.get("aws.sdk.credentials.fetch.duration")
			.tags(tags)
			.timer()
			.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3);
		assertThat(this.meters.get("aws.sdk.api.call.attempts").tags(tags).tag("http.status", "503").counter().count())
			.isEqualTo(2);
		assertThat(this.meters.get("aws.sdk.api.call.attempts").tags(tags).tag("http.status", "200").counter().count())
			.isOne();
		// The HTTP pool is shared by every client: its meters carry the pool only.
		DistributionSummary leased = this.meters.get("aws.sdk.http.leased.concurrency").summary();
		assertThat(leased.getId().getTags()).extracting((tag) -> tag.getKey() + "=" + tag.getValue())
			.containsExactly("http.client=Apache5");
		assertThat(leased.count()).isEqualTo(3);
		assertThat(leased.totalAmount()).isEqualTo(12);
		assertThat(leased.max()).isEqualTo(5);
		DistributionSummary pending = this.meters.get("aws.sdk.http.pending.concurrency.acquires")
			.tag("http.client", "Apache5")
			.summary();
		assertThat(pending.count()).isEqualTo(3);
		assertThat(pending.totalAmount()).isEqualTo(3);
	}

	@Test
	void aFailedCallIsTaggedFailureAndWhatTheSdkDidNotReportIsLeftOutOrUnknown() {
		MetricCollector call = MetricCollector.create("ApiCall");
		call.reportMetric(CoreMetric.API_CALL_DURATION, Duration.ofSeconds(2));
		call.reportMetric(CoreMetric.RETRY_COUNT, 0);
		// An attempt that got no answer: a connection refused, say.
		call.createChild("ApiCallAttempt");
		publisherFor("default", Region.US_EAST_1).publish(call.collect());
		recordQueuedCalls();
		String[] tags = { "service", "unknown", "operation", "unknown", "role", "default", "region", "us-east-1" };
		Timer duration = this.meters.get("aws.sdk.api.call.duration").tags(tags).timer();
		assertThat(duration.getId().getTag("outcome")).isEqualTo("failure");
		assertThat(duration.totalTime(TimeUnit.SECONDS)).isEqualTo(2);
		assertThat(this.meters.get("aws.sdk.api.call.attempts").tags(tags).counter().getId().getTag("http.status"))
			.isEqualTo("none");
		assertThat(this.meters.find("aws.sdk.retry.count").meters()).isEmpty();
		assertThat(this.meters.find("aws.sdk.credentials.fetch.duration").meters()).isEmpty();
		assertThat(this.meters.find("aws.sdk.http.leased.concurrency").meters()).isEmpty();
	}

	@Test
	void rolesAreTaggedWithANameThatDoesNotGrowWithAccountsOrRolesBuiltInCode() {
		publisherFor(this.roles.auditIn("123456789012"), Region.EU_WEST_1)
			.publish(call("SQS", "SendMessage").collect());
		publisherFor(this.roles.auditIn("210987654321"), Region.EU_WEST_1)
			.publish(call("SQS", "SendMessage").collect());
		publisherFor(this.roles.builtInCode(), Region.EU_WEST_1).publish(call("SQS", "SendMessage").collect());
		publisherFor("orders", Region.EU_CENTRAL_1).publish(call("SQS", "SendMessage").collect());
		recordQueuedCalls();
		assertThat(this.meters.find("aws.sdk.api.call.duration").timers()).extracting(
				(timer) -> timer.getId().getTag("role") + " " + timer.getId().getTag("region") + " " + timer.count())
			.containsExactlyInAnyOrder("audit eu-west-1 2", "built-in-code eu-west-1 1", "orders eu-central-1 1");
	}

	@Test
	void callsBeyondTheQueueAreDroppedAndCountedWhileTheQueuedOnesAreRecorded() throws Exception {
		MetricPublisher client = publisherFor("default", Region.EU_WEST_1);
		Blocking first = new Blocking(call("DynamoDB", "GetItem").collect());
		client.publish(first);
		assertThat(first.recording.await(10, TimeUnit.SECONDS)).isTrue();
		MetricCollection call = call("DynamoDB", "GetItem").collect();
		for (int i = 0; i < QUEUE_CAPACITY; i++) {
			client.publish(call);
		}
		assertThat(dropped()).isZero();
		for (int i = 0; i < 5; i++) {
			client.publish(call);
		}
		assertThat(dropped()).isEqualTo(5);
		first.release.countDown();
		recordQueuedCalls();
		assertThat(this.meters.get("aws.sdk.api.call.duration").timer().count()).isEqualTo(QUEUE_CAPACITY + 1);
		assertThat(dropped()).isEqualTo(5);
	}

	@Test
	void closeRecordsEveryQueuedCallThenDropsAndCountsLaterOnes() {
		MetricPublisher client = publisherFor("default", Region.EU_WEST_1);
		for (int i = 0; i < 1000; i++) {
			client.publish(call("S3", "GetObject").collect());
		}
		this.publisher.close();
		assertThat(this.meters.get("aws.sdk.api.call.duration").timer().count()).isEqualTo(1000);
		client.publish(call("S3", "GetObject").collect());
		assertThat(dropped()).isOne();
		assertThat(this.meters.get("aws.sdk.api.call.duration").timer().count()).isEqualTo(1000);
	}

	@Test
	void aCallThatCannotBeRecordedDoesNotStopTheCallsAfterIt() {
		MetricPublisher client = publisherFor("default", Region.EU_WEST_1);
		client.publish(new Delegating(call("S3", "GetObject").collect()) {

			@Override
			public <T> List<T> metricValues(SdkMetric<T> metric) {
				throw new IllegalStateException("unreadable");
			}

		});
		client.publish(call("S3", "PutObject").collect());
		recordQueuedCalls();
		assertThat(this.meters.find("aws.sdk.api.call.duration").timers())
			.extracting((timer) -> timer.getId().getTag("operation"))
			.containsExactly("PutObject");
		assertThat(dropped()).isZero();
	}

	@Test
	void aClientKeepsWhatTheApplicationConfiguredAndGetsThePublisherAfterItsOwn() {
		MetricPublisher own = new MetricPublisher() {

			@Override
			public void publish(MetricCollection metricCollection) {
			}

			@Override
			public void close() {
			}

		};
		S3ClientBuilder builder = S3Client.builder()
			.overrideConfiguration((config) -> config.addMetricPublisher(own).apiCallTimeout(Duration.ofSeconds(7)));
		this.publisher.customize(builder, "default", Region.EU_WEST_1);
		ClientOverrideConfiguration config = builder.overrideConfiguration();
		assertThat(config.metricPublishers()).hasSize(2).first().isSameAs(own);
		assertThat(config.apiCallTimeout()).contains(Duration.ofSeconds(7));
		assertThat(this.publisher.getOrder()).isEqualTo(Ordered.LOWEST_PRECEDENCE);
	}

	/**
	 * The publisher the SDK would hand a client's calls to.
	 */
	private MetricPublisher publisherFor(String role, Region region) {
		S3ClientBuilder builder = S3Client.builder();
		this.publisher.customize(builder, role, region);
		return builder.overrideConfiguration().metricPublishers().get(0);
	}

	/**
	 * Calls are recorded on the publisher's own thread; closing it waits for every queued
	 * one.
	 */
	private void recordQueuedCalls() {
		this.publisher.close();
	}

	private double dropped() {
		return this.meters.get("aws.sdk.metrics.dropped").functionCounter().count();
	}

	private static MetricCollector call(String service, String operation) {
		return call(service, operation, Duration.ofMillis(20), true);
	}

	private static MetricCollector call(String service, String operation, Duration duration, boolean successful) {
		MetricCollector call = MetricCollector.create("ApiCall");
		call.reportMetric(CoreMetric.SERVICE_ID, service);
		call.reportMetric(CoreMetric.OPERATION_NAME, operation);
		call.reportMetric(CoreMetric.API_CALL_DURATION, duration);
		call.reportMetric(CoreMetric.API_CALL_SUCCESSFUL, successful);
		return call;
	}

	private static void attempt(MetricCollector call, int status, int leased, int pending) {
		MetricCollector attempt = call.createChild("ApiCallAttempt");
		attempt.reportMetric(HttpMetric.HTTP_STATUS_CODE, status);
		MetricCollector http = attempt.createChild("HttpClient");
		http.reportMetric(HttpMetric.HTTP_CLIENT_NAME, "Apache5");
		http.reportMetric(HttpMetric.LEASED_CONCURRENCY, leased);
		http.reportMetric(HttpMetric.PENDING_CONCURRENCY_ACQUIRES, pending);
	}

	/**
	 * A call as the SDK collected it, for a test to change how it reads.
	 */
	private static class Delegating implements MetricCollection {

		private final MetricCollection call;

		Delegating(MetricCollection call) {
			this.call = call;
		}

		@Override
		public String name() {
			return this.call.name();
		}

		@Override
		public <T> List<T> metricValues(SdkMetric<T> metric) {
			return this.call.metricValues(metric);
		}

		@Override
		public List<MetricCollection> children() {
			return this.call.children();
		}

		@Override
		public Instant creationTime() {
			return this.call.creationTime();
		}

		@Override
		public Iterator<MetricRecord<?>> iterator() {
			return this.call.iterator();
		}

	}

	/**
	 * A call whose recording waits until the test releases it, holding the publisher's
	 * recording thread.
	 */
	private static final class Blocking extends Delegating {

		final CountDownLatch recording = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		Blocking(MetricCollection call) {
			super(call);
		}

		@Override
		public <T> List<T> metricValues(SdkMetric<T> metric) {
			this.recording.countDown();
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return super.metricValues(metric);
		}

	}

}
