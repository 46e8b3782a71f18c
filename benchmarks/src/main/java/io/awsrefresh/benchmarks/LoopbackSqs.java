package io.awsrefresh.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A tiny SQS on loopback that answers every request with an empty {@code ListQueues}
 * result, in the AWS JSON protocol: the far end of a call whose cost is all on the
 * client's side, so that two clients calling it compare what they add.
 */
final class LoopbackSqs implements AutoCloseable {

	private static final byte[] EMPTY_LIST = "{\"QueueUrls\":[]}".getBytes(StandardCharsets.UTF_8);

	private final HttpServer server;

	private final ExecutorService threads = Executors.newFixedThreadPool(4, (task) -> {
		Thread thread = new Thread(task, "loopback-sqs");
		thread.setDaemon(true);
		return thread;
	});

	LoopbackSqs() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::answer);
		this.server.setExecutor(this.threads);
		this.server.start();
	}

	URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			in.transferTo(OutputStream.nullOutputStream());
		}
		exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
		exchange.getResponseHeaders().set("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000");
		exchange.sendResponseHeaders(200, EMPTY_LIST.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(EMPTY_LIST);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
	}

}
