package io.awsrefresh.autoconfigure;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An STS endpoint on loopback for faults no emulator produces: refusing a role, or
 * failing after it has issued credentials. Answers with STS's real XML shapes.
 */
final class StubSts implements AutoCloseable {

	private final HttpServer server;

	private final AtomicInteger requests = new AtomicInteger();

	private volatile Mode mode = Mode.ISSUE;

	private volatile Duration delay = Duration.ZERO;

	private StubSts(HttpServer server) {
		this.server = server;
	}

	static StubSts start() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		StubSts sts = new StubSts(server);
		server.createContext("/", sts::handle);
		server.start();
		return sts;
	}

	URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	void issueCredentials() {
		this.mode = Mode.ISSUE;
	}

	void denyAccess() {
		this.mode = Mode.DENY;
	}

	void fail() {
		this.mode = Mode.FAIL;
	}

	void delay(Duration delay) {
		this.delay = delay;
	}

	int requests() {
		return this.requests.get();
	}

	private void handle(HttpExchange exchange) throws IOException {
		int request = this.requests.incrementAndGet();
		exchange.getRequestBody().readAllBytes();
		try {
			Thread.sleep(this.delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		switch (this.mode) {
			case ISSUE -> respond(exchange, 200, credentials(request));
			case DENY -> respond(exchange, 403, error("Sender", "AccessDenied",
					"User: arn:aws:iam::123456789012:user/app is not authorized to perform: sts:AssumeRole"));
			case FAIL -> respond(exchange, 503, error("Receiver", "ServiceUnavailable", "Service unavailable"));
		}
	}

	private static String credentials(int request) {
		Instant expiration = Instant.now().plus(Duration.ofMinutes(15));
		return """
				<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
				<AssumeRoleResult><Credentials><AccessKeyId>ASIASTUB%08d</AccessKeyId>
				<SecretAccessKey>stub-secret-%d</SecretAccessKey><SessionToken>stub-token-%d</SessionToken>
				<Expiration>%s</Expiration></Credentials>
				<AssumedRoleUser><AssumedRoleId>AROASTUB:session</AssumedRoleId>
				<Arn>arn:aws:sts::123456789012:assumed-role/app/session</Arn></AssumedRoleUser></AssumeRoleResult>
				<ResponseMetadata><RequestId>stub-%d</RequestId></ResponseMetadata></AssumeRoleResponse>
				""".formatted(request, request, request, expiration, request);
	}

	private static String error(String type, String code, String message) {
		return """
				<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
				<Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error>
				<RequestId>stub-error</RequestId></ErrorResponse>
				""".formatted(type, code, message);
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "text/xml");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private enum Mode {

		ISSUE, DENY, FAIL

	}

}
