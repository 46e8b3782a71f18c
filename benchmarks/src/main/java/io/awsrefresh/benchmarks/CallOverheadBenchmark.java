package io.awsrefresh.benchmarks;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.awsrefresh.autoconfigure.AwsClientRegistryAutoConfiguration;
import io.awsrefresh.autoconfigure.AwsRefreshCredentialsAutoConfiguration;
import io.awsrefresh.autoconfigure.AwsRefreshHttpClientAutoConfiguration;
import io.awsrefresh.test.sts.StsStub;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListQueuesResponse;

/**
 * What the starter adds to an AWS call: the {@code SqsClient} and {@code SqsAsyncClient}
 * beans the auto-configuration injects (assumed-role credentials from a loopback STS,
 * fresh for the whole run) against plain SDK clients with static session credentials and
 * the same kinds of HTTP client (Apache 5, Netty), all calling the same loopback SQS.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// The JDK's HTTP server sends headers and body apart: without TCP_NODELAY each answer
// waits for the client's delayed ACK.
@Fork(value = 1, jvmArgsAppend = { "-Daws.disableEc2Metadata=true", "-Dsun.net.httpserver.nodelay=true", "-Xmx1g" })
// The SDK's call path takes about 20 s to compile fully: a shorter warm-up still trends.
@Warmup(iterations = 10, time = 3)
@Measurement(iterations = 5, time = 3)
public class CallOverheadBenchmark {

	private StsStub sts;

	private LoopbackSqs sqs;

	private ConfigurableApplicationContext context;

	private SqsClient injected;

	private SqsAsyncClient injectedAsync;

	private SqsClient plain;

	private SqsAsyncClient plainAsync;

	@Setup
	public void setUp() throws IOException {
		this.sts = StsStub.start();
		this.sqs = new LoopbackSqs();
		this.context = new SpringApplicationBuilder(Starter.class).web(WebApplicationType.NONE)
			.properties("aws.refresh.region=eu-west-1", "aws.refresh.endpoint=" + this.sqs.endpoint(),
					"aws.refresh.sts.endpoint=" + this.sts.endpoint(), "aws.refresh.source.access-key-id=AKIDEXAMPLE",
					"aws.refresh.source.secret-access-key=source-secret",
					"aws.refresh.role-arn=arn:aws:iam::123456789012:role/app",
					// The client beans at startup, for getBean below.
					"aws.refresh.client-beans=all", "logging.level.root=warn", "spring.main.banner-mode=off")
			.run();
		this.injected = this.context.getBean(SqsClient.class);
		this.injectedAsync = this.context.getBean(SqsAsyncClient.class);
		AwsSessionCredentials keys = AwsSessionCredentials.builder()
			.accessKeyId("ASIAEXAMPLE")
			.secretAccessKey("secret")
			.sessionToken("IQoJb3JpZ2luX2VjEXAMPLETOKEN")
			.expirationTime(Instant.now().plusSeconds(3600))
			.build();
		this.plain = SqsClient.builder()
			.region(Region.EU_WEST_1)
			.endpointOverride(this.sqs.endpoint())
			.credentialsProvider(StaticCredentialsProvider.create(keys))
			.httpClient(Apache5HttpClient.create())
			.build();
		this.plainAsync = SqsAsyncClient.builder()
			.region(Region.EU_WEST_1)
			.endpointOverride(this.sqs.endpoint())
			.credentialsProvider(StaticCredentialsProvider.create(keys))
			.httpClient(NettyNioAsyncHttpClient.create())
			.build();
	}

	@TearDown
	public void tearDown() {
		this.plain.close();
		this.plainAsync.close();
		this.context.close();
		this.sqs.close();
		this.sts.close();
	}

	/**
	 * Baseline: a plain SDK client with static credentials.
	 */
	@Benchmark
	public ListQueuesResponse plainSync() {
		return this.plain.listQueues();
	}

	/**
	 * The injected client, with the starter's self-refreshing role credentials.
	 */
	@Benchmark
	public ListQueuesResponse injectedSync() {
		return this.injected.listQueues();
	}

	/**
	 * Baseline: a plain SDK async client with static credentials.
	 */
	@Benchmark
	public ListQueuesResponse plainAsync() {
		return this.plainAsync.listQueues().join();
	}

	/**
	 * The injected async client.
	 */
	@Benchmark
	public ListQueuesResponse injectedAsync() {
		return this.injectedAsync.listQueues().join();
	}

	/**
	 * The starter's auto-configuration, nothing else.
	 */
	@ImportAutoConfiguration({ AwsRefreshHttpClientAutoConfiguration.class,
			AwsRefreshCredentialsAutoConfiguration.class, AwsClientRegistryAutoConfiguration.class })
	static class Starter {

	}

}
