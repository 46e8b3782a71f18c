package io.awsrefresh.autoconfigure.actuate;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.awsrefresh.autoconfigure.AwsRefreshAutoConfigurations;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.metrics.SdkMetricsPublisher;
import io.awsrefresh.observation.SdkCallObservations;
import io.awsrefresh.test.Await;
import io.awsrefresh.test.emulator.AwsEmulator;
import io.awsrefresh.test.emulator.AwsEmulatorTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every SDK call of the registry's clients as Micrometer meters and as Observations,
 * against an emulator.
 */
@AwsEmulatorTest
class SdkCallsEmulatorTests {

	private final ApplicationContextRunner withoutObservations;

	private final ApplicationContextRunner contextRunner;

	private final AwsEmulator emulator;

	SdkCallsEmulatorTests(AwsEmulator emulator) {
		this.emulator = emulator;
		this.withoutObservations = new ApplicationContextRunner()
			.withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withConfiguration(AutoConfigurations.of(AwsRefreshMetricsAutoConfiguration.class,
					AwsRefreshObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues("aws.refresh.region=" + emulator.region(),
					"aws.refresh.endpoint=" + emulator.endpoint(),
					"aws.refresh.source.access-key-id=" + emulator.accessKeyId(),
					"aws.refresh.source.secret-access-key=" + emulator.secretAccessKey(),
					"aws.refresh.role-arn=arn:aws:iam::123456789012:role/app",
					"aws.refresh.roles.audit.role-arn=arn:aws:iam::210987654321:role/audit",
					"aws.refresh.roles.scanner.role-arn=arn:aws:iam::{account}:role/SecurityAudit",
					"aws.refresh.services.s3.path-style-access=true");
		this.contextRunner = this.withoutObservations.withBean(TestObservationRegistry.class,
				TestObservationRegistry::create);
	}

	@Test
	void everyCallIsMeteredWithItsServiceOperationRoleAndRegion() {
		this.contextRunner.run((context) -> {
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			SqsClient sqs = registry.client(SqsClient.class);
			sqs.listQueues();
			sqs.listQueues();
			registry.client(SqsClient.class, "audit", Region.EU_WEST_3).listQueues();
			assertThatExceptionOfType(QueueDoesNotExistException.class)
				.isThrownBy(() -> sqs.getQueueUrl((q) -> q.queueName("no-such-queue")));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			String region = this.emulator.region();

			// Recorded off the request thread: wait, within a bound, for the recorder.
			Timer calls = await(() -> meters.find("aws.sdk.api.call.duration")
				.tags("service", "SQS", "operation", "ListQueues", "role", "default", "region", region, "outcome",
						"success")
				.timer(), (timer) -> timer.count() == 2);
			assertThat(calls.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
			await(() -> meters.find("aws.sdk.api.call.duration")
				.tags("service", "SQS", "operation", "ListQueues", "role", "audit", "region", "eu-west-3")
				.timer(), (timer) -> timer.count() == 1);
			await(() -> meters.find("aws.sdk.api.call.duration")
				.tags("service", "SQS", "operation", "GetQueueUrl", "outcome", "failure")
				.timer(), (timer) -> timer.count() == 1);
			Counter ok = await(() -> meters.find("aws.sdk.api.call.attempts")
				.tags("operation", "ListQueues", "role", "default", "http.status", "200")
				.counter(), (counter) -> counter.count() == 2);
			assertThat(ok.getId().getTag("service")).isEqualTo("SQS");
			await(() -> meters.find("aws.sdk.api.call.attempts")
				.tags("operation", "GetQueueUrl", "http.status", "400")
				.counter(), (counter) -> counter.count() == 1);
			await(() -> meters.find("aws.sdk.credentials.fetch.duration")
				.tags("operation", "ListQueues", "role", "default")
				.timer(), (timer) -> timer.count() == 2);
			await(() -> meters.find("aws.sdk.http.leased.concurrency").summary(), (summary) -> summary.count() >= 4);
			// A template's roles in every account are tagged with the template's name.
			registry.session("scanner", "444444444444").client(SqsClient.class).listQueues();
			registry.session("scanner", "555555555555").client(SqsClient.class).listQueues();
			await(() -> meters.find("aws.sdk.api.call.duration")
				.tags("operation", "ListQueues", "role", "scanner")
				.timer(), (timer) -> timer.count() == 2);
			assertThat(meters.find("aws.sdk.metrics.dropped").functionCounter().count()).isZero();
		});
	}

	@Test
	void callsThroughTheEnhancedClientAndTheTransferManagerAreMeteredWithTheirRole() {
		this.contextRunner.run((context) -> {
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			String table = "metered-" + System.nanoTime();
			registry.client(DynamoDbEnhancedClient.class, "audit")
				.table(table, TableSchema.fromBean(ResourceOrder.class))
				.createTable();
			String bucket = "metered-" + System.nanoTime();
			registry.client(S3Client.class).createBucket((b) -> b.bucket(bucket));
			registry.client(S3TransferManager.class)
				.upload((u) -> u.requestBody(AsyncRequestBody.fromString("metered"))
					.putObjectRequest((p) -> p.bucket(bucket).key("k")))
				.completionFuture()
				.join();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await(() -> meters.find("aws.sdk.api.call.duration")
				.tags("service", "DynamoDB", "operation", "CreateTable", "role", "audit", "outcome", "success")
				.timer(), (timer) -> timer.count() == 1);
			await(() -> meters.find("aws.sdk.api.call.duration")
				.tags("service", "S3", "operation", "PutObject", "role", "default", "outcome", "success")
				.timer(), (timer) -> timer.count() == 1);
		});
	}

	@Test
	void everyCallIsAnObservation() {
		this.contextRunner.run((context) -> {
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			SqsClient sqs = registry.client(SqsClient.class, "audit");
			sqs.listQueues();
			assertThatExceptionOfType(QueueDoesNotExistException.class)
				.isThrownBy(() -> sqs.getQueueUrl((q) -> q.queueName("no-such-queue")));
			TestObservationRegistry observations = context.getBean(TestObservationRegistry.class);
			TestObservationRegistryAssert.assertThat(observations)
				.hasNumberOfObservationsWithNameEqualTo(SdkCallObservations.NAME, 2)
				.forAllObservationsWithNameEqualTo(SdkCallObservations.NAME,
						(observation) -> observation.hasLowCardinalityKeyValue("service", "Sqs")
							.hasLowCardinalityKeyValue("role", "audit")
							.hasLowCardinalityKeyValue("region", this.emulator.region()));
			TestObservationRegistryAssert.assertThat(observations)
				.hasObservationWithNameEqualTo(SdkCallObservations.NAME)
				.that()
				.hasContextualNameEqualTo("Sqs.ListQueues")
				.hasLowCardinalityKeyValue("operation", "ListQueues")
				.hasLowCardinalityKeyValue("outcome", "success");
			TestObservationRegistryAssert.assertThat(observations)
				.hasHandledContextsThatSatisfy((contexts) -> assertThat(contexts).anySatisfy((call) -> {
					assertThat(call.getContextualName()).isEqualTo("Sqs.GetQueueUrl");
					assertThat(call.getError()).isInstanceOf(QueueDoesNotExistException.class);
					assertThat(call.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("failure");
				}));
		});
	}

	@Test
	void everyCallIsASpanOfTheCurrentTrace() {
		SimpleTracer tracer = new SimpleTracer();
		ObservationRegistry tracing = ObservationRegistry.create();
		tracing.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
		this.withoutObservations.withBean(ObservationRegistry.class, () -> tracing).run((context) -> {
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			SqsClient sqs = registry.client(SqsClient.class);
			// A call made inside a traced unit of work is a child span of it.
			Observation request = Observation.start("orders.request", tracing);
			try (Observation.Scope scope = request.openScope()) {
				sqs.listQueues();
			}
			request.stop();
			assertThatExceptionOfType(QueueDoesNotExistException.class)
				.isThrownBy(() -> sqs.getQueueUrl((q) -> q.queueName("no-such-queue")));
			SimpleSpan parent = span(tracer, "orders.request");
			SimpleSpan listQueues = span(tracer, "Sqs.ListQueues");
			assertThat(listQueues.getTraceId()).isEqualTo(parent.getTraceId());
			assertThat(listQueues.getParentId()).isEqualTo(parent.getSpanId());
			assertThat(listQueues.getTags()).containsEntry("service", "Sqs")
				.containsEntry("operation", "ListQueues")
				.containsEntry("role", "default")
				.containsEntry("region", this.emulator.region())
				.containsEntry("outcome", "success");
			SimpleSpan failed = span(tracer, "Sqs.GetQueueUrl");
			assertThat(failed.getError()).isInstanceOf(QueueDoesNotExistException.class);
			assertThat(failed.getTags()).containsEntry("outcome", "failure");
		});
	}

	private static SimpleSpan span(SimpleTracer tracer, String name) {
		return tracer.getSpans()
			.stream()
			.filter((span) -> name.equalsIgnoreCase(span.getName()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no span " + name + " in " + tracer.getSpans()));
	}

	@Test
	void eachPartIsSwitchedOffByItsProperty() {
		this.contextRunner
			.withPropertyValues("aws.refresh.sdk-metrics.enabled=false", "aws.refresh.sdk-observations.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SdkMetricsPublisher.class)
				.doesNotHaveBean(SdkCallObservations.class));
	}

	@Test
	void nothingIsAttachedWithoutAMeterOrObservationRegistry() {
		new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withConfiguration(AutoConfigurations.of(AwsRefreshMetricsAutoConfiguration.class,
					AwsRefreshObservationAutoConfiguration.class))
			.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
					"aws.refresh.source.secret-access-key=source-secret")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SdkMetricsPublisher.class)
				.doesNotHaveBean(SdkCallObservations.class));
	}

	/**
	 * Waits, within a bound, for a meter that the recording thread updates.
	 */
	private static <M> M await(Supplier<M> meter, Predicate<M> done) {
		AtomicReference<M> found = new AtomicReference<>();
		Await.until(() -> {
			found.set(meter.get());
			return found.get() != null && done.test(found.get());
		}, Duration.ofSeconds(10));
		return found.get();
	}

	@DynamoDbBean
	public static class ResourceOrder {

		private String id;

		@DynamoDbPartitionKey
		public String getId() {
			return this.id;
		}

		public void setId(String id) {
			this.id = id;
		}

	}

}
