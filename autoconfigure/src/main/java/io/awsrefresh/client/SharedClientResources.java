package io.awsrefresh.client;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.function.SingletonSupplier;

import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;

/**
 * What every client shares instead of building its own: the sync and async HTTP clients
 * (owned by whoever supplies them), and the scheduler and async completion executor that
 * the SDK would otherwise create per client (owned here). Threads start only when a task
 * needs one.
 *
 * @since 0.1.0
 */
public final class SharedClientResources implements AutoCloseable {

	private final Supplier<@Nullable SdkHttpClient> httpClient;

	private final Supplier<@Nullable SdkAsyncHttpClient> asyncHttpClient;

	private final ScheduledThreadPoolExecutor scheduler;

	private final ThreadPoolExecutor asyncCompletion;

	private final Executor asyncCompletionExecutor;

	/**
	 * Threads that complete async clients' futures by default: as many as the SDK gives
	 * each async client of its own.
	 */
	public static final int DEFAULT_COMPLETION_THREADS = Math.max(8, Runtime.getRuntime().availableProcessors());

	/**
	 * Create the shared resources.
	 * @param httpClient supplies the sync HTTP client, or {@code null} when none is
	 * available; called when the first sync client is built, until it supplies one, whose
	 * caller closes it
	 * @param asyncHttpClient supplies the async HTTP client, or {@code null}; called when
	 * the first async client is built, until it supplies one, whose caller closes it
	 */
	public SharedClientResources(Supplier<@Nullable SdkHttpClient> httpClient,
			Supplier<@Nullable SdkAsyncHttpClient> asyncHttpClient) {
		this(httpClient, asyncHttpClient, DEFAULT_COMPLETION_THREADS);
	}

	/**
	 * Create the shared resources.
	 * @param httpClient supplies the sync HTTP client, or {@code null} when none is
	 * available; called when the first sync client is built, until it supplies one, whose
	 * caller closes it
	 * @param asyncHttpClient supplies the async HTTP client, or {@code null}; called when
	 * the first async client is built, until it supplies one, whose caller closes it
	 * @param completionThreads threads that complete async clients' futures
	 */
	public SharedClientResources(Supplier<@Nullable SdkHttpClient> httpClient,
			Supplier<@Nullable SdkAsyncHttpClient> asyncHttpClient, int completionThreads) {
		// Asked until they supply a client, then never again: a supplier that builds a
		// client on each call (Apache5HttpClient::create) still gives one shared client.
		this.httpClient = SingletonSupplier.of(httpClient);
		this.asyncHttpClient = SingletonSupplier.of(asyncHttpClient);
		this.scheduler = new ScheduledThreadPoolExecutor(2, daemonThreads("aws-refresh-scheduler-"));
		this.scheduler.setRemoveOnCancelPolicy(true);
		// A queue that cannot overflow: a burst of completions waits for a thread rather
		// than failing requests that have already succeeded. Running them on the caller
		// instead would run user callbacks on Netty's event loops.
		this.asyncCompletion = new ThreadPoolExecutor(completionThreads, completionThreads, 10, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), daemonThreads("aws-refresh-async-"));
		this.asyncCompletion.allowCoreThreadTimeOut(true);
		this.asyncCompletionExecutor = this.asyncCompletion::execute;
	}

	SdkHttpClient httpClient() {
		SdkHttpClient client = this.httpClient.get();
		if (client == null) {
			throw new IllegalStateException("Sync AWS clients need an SdkHttpClient: add "
					+ "software.amazon.awssdk:apache5-client (or apache-client, url-connection-client) "
					+ "or define an SdkHttpClient bean");
		}
		return client;
	}

	SdkAsyncHttpClient asyncHttpClient() {
		SdkAsyncHttpClient client = this.asyncHttpClient.get();
		if (client == null) {
			throw new IllegalStateException("Async AWS clients need an SdkAsyncHttpClient: add "
					+ "software.amazon.awssdk:netty-nio-client or define an SdkAsyncHttpClient bean");
		}
		return client;
	}

	/**
	 * The scheduler for timeouts and timed tasks. Tasks must be short: it has two
	 * threads.
	 * @return the shared scheduler
	 */
	public ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	/**
	 * The async completion executor as a plain {@link Executor}: the SDK shuts down
	 * executor services in a client's configuration when the client closes.
	 * @return the shared executor
	 */
	public Executor asyncCompletion() {
		return this.asyncCompletionExecutor;
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
		this.asyncCompletion.shutdown();
		try {
			if (!this.asyncCompletion.awaitTermination(5, TimeUnit.SECONDS)) {
				this.asyncCompletion.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.asyncCompletion.shutdownNow();
		}
	}

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
		factory.setDaemon(true);
		return factory;
	}

}
