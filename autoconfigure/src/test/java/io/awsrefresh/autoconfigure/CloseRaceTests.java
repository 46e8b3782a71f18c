package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.awsrefresh.client.AwsClientCustomizer;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.client.SharedClientResources;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.SmartLifecycle;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.THROWABLE;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What the starter owns when work races the context's close.
 */
class CloseRaceTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
		.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.endpoint=http://127.0.0.1:1",
				"aws.refresh.source.access-key-id=AKIAEXAMPLE", "aws.refresh.source.secret-access-key=secret");

	@Test
	void theSharedHttpClientCreatedForAClientBuiltAsTheContextClosesIsClosedToo() throws Exception {
		HttpClientCreationGate gate = new HttpClientCreationGate();
		CompletableFuture<Object> build = new CompletableFuture<>();
		this.contextRunner.withBean(HttpClientCreationGate.class, () -> gate).run((context) -> {
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			// A request thread's first S3 call, as the application shuts down: the
			// registry is open when it starts, and creates the lazy HTTP client.
			Thread caller = new Thread(() -> {
				try {
					build.complete(registry.client(S3Client.class));
				}
				catch (Throwable ex) {
					build.complete(ex);
				}
			});
			caller.setDaemon(true);
			caller.start();
			assertThat(gate.creating.await(10, TimeUnit.SECONDS)).as("HTTP client being created").isTrue();
		});
		assertThat(build.get(10, TimeUnit.SECONDS)).as("the build refused")
			.asInstanceOf(THROWABLE)
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("closed");
		SdkHttpClient httpClient = gate.created.get();
		assertThat(httpClient).isNotNull();
		SdkHttpRequest request = SdkHttpRequest.builder()
			.method(SdkHttpMethod.GET)
			.uri(URI.create("http://127.0.0.1:1/"))
			.build();
		// A closed pool refuses at once; an open one tries to connect.
		assertThatIllegalStateException()
			.isThrownBy(() -> httpClient.prepareRequest(HttpExecuteRequest.builder().request(request).build()).call())
			.withMessageContaining("shut down");
	}

	@Test
	void aClientEvictedJustBeforeTheContextClosesIsClosed() {
		List<ClosingCredentials> credentials = new CopyOnWriteArrayList<>();
		CountDownLatch busy = new CountDownLatch(2);
		CountDownLatch release = new CountDownLatch(1);
		this.contextRunner.withPropertyValues("aws.refresh.cache.max-size=1")
			.withBean(AwsClientCustomizer.class, () -> (builder, role, region) -> {
				ClosingCredentials tracking = new ClosingCredentials();
				credentials.add(tracking);
				builder.credentialsProvider(tracking);
			})
			.run((context) -> {
				// Both threads of the shared scheduler, which closes evicted clients, are
				// busy for a moment (the STS clients' timeouts and every role's refreshes
				// run there too).
				ScheduledExecutorService scheduler = context.getBean(SharedClientResources.class).scheduler();
				for (int i = 0; i < 2; i++) {
					scheduler.execute(() -> {
						busy.countDown();
						try {
							release.await(10, TimeUnit.SECONDS);
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
						}
					});
				}
				assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
				AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
				registry.client(StsClient.class, "default", Region.EU_WEST_3);
				registry.client(StsClient.class, "default", Region.EU_WEST_2);
				// One of the two is over the bound: out of the cache, its close queued.
				assertThat(registry.size()).isOne();
				assertThat(credentials).hasSize(2).allMatch((tracking) -> !tracking.closed);
			});
		assertThat(credentials).as("clients closed by the time the context is").allMatch((tracking) -> tracking.closed);
	}

	static final class ClosingCredentials implements AwsCredentialsProvider, SdkAutoCloseable {

		volatile boolean closed;

		@Override
		public AwsCredentials resolveCredentials() {
			return AwsBasicCredentials.create("AKIAEXAMPLE", "secret");
		}

		@Override
		public void close() {
			this.closed = true;
		}

	}

	@Test
	void aClientFirstBuiltWhileTheContextStopsItsLifecycleBeansIsHandedOutAndClosedWithIt() {
		// As a graceful shutdown's in-flight request does: the context is closing, no
		// bean is destroyed yet, and the client works until the beans are.
		HttpClientRecorder httpClients = new HttpClientRecorder();
		AtomicReference<FirstCallOnStop> caller = new AtomicReference<>();
		this.contextRunner.withBean(HttpClientRecorder.class, () -> httpClients)
			.withBean(FirstCallOnStop.class)
			.run((context) -> caller.set(context.getBean(FirstCallOnStop.class)));
		assertThat(caller.get().result).isInstanceOf(S3Client.class);
		assertThat(httpClients.created).hasSize(1);
		assertThatIllegalStateException().isThrownBy(() -> call(httpClients.created.get(0)))
			.withMessageContaining("shut down");
	}

	private static void call(SdkHttpClient httpClient) throws Exception {
		SdkHttpRequest request = SdkHttpRequest.builder()
			.method(SdkHttpMethod.GET)
			.uri(URI.create("http://127.0.0.1:1/"))
			.build();
		httpClient.prepareRequest(HttpExecuteRequest.builder().request(request).build()).call();
	}

	/**
	 * Makes the application's first AWS call when the context stops it.
	 */
	static final class FirstCallOnStop implements SmartLifecycle {

		private final ObjectProvider<AwsClientRegistry> registry;

		private volatile boolean running;

		volatile Object result;

		FirstCallOnStop(ObjectProvider<AwsClientRegistry> registry) {
			this.registry = registry;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			try {
				this.result = this.registry.getObject().client(S3Client.class);
			}
			catch (RuntimeException ex) {
				this.result = ex;
			}
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

	static final class HttpClientRecorder implements BeanPostProcessor {

		final List<SdkHttpClient> created = new CopyOnWriteArrayList<>();

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof SdkHttpClient client) {
				this.created.add(client);
			}
			return bean;
		}

	}

	/**
	 * Holds the creation of the starter's lazy HTTP client until the thread closing the
	 * context has destroyed every singleton it knew of and waits for that creation to end
	 * before it clears the singleton cache.
	 */
	static final class HttpClientCreationGate implements DestructionAwareBeanPostProcessor {

		final CountDownLatch creating = new CountDownLatch(1);

		volatile Thread closing;

		final AtomicReference<SdkHttpClient> created = new AtomicReference<>();

		@Override
		public Object postProcessBeforeInitialization(Object bean, String beanName) {
			if (bean instanceof SdkHttpClient client) {
				this.created.set(client);
				this.creating.countDown();
				try {
					awaitCloseWaitingForThisCreation();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return bean;
		}

		@Override
		public void postProcessBeforeDestruction(Object bean, String beanName) {
			this.closing = Thread.currentThread();
		}

		private void awaitCloseWaitingForThisCreation() throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (System.nanoTime() < deadline) {
				Thread closing = this.closing;
				if (closing != null && closing.getState() == Thread.State.WAITING
						&& Arrays.stream(closing.getStackTrace())
							.anyMatch((frame) -> frame.getMethodName().equals("destroySingletons"))) {
					return;
				}
				Thread.sleep(10);
			}
			throw new IllegalStateException("The context was not closed while the HTTP client was created");
		}

	}

}
