package io.awsrefresh.test.iot;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * The AWS IoT credentials provider on loopback: over mutual TLS, a device whose
 * certificate the stub's authority issued asks {@code GET
 * /role-aliases/{alias}/credentials} with its thing name in the
 * {@code x-amzn-iot-thingname} header, and gets temporary credentials as JSON, the way
 * {@code <prefix>.credentials.iot.<region>.amazonaws.com} answers. A device without such
 * a certificate fails the TLS handshake; an unknown role alias gets 404. Counts requests
 * and records the thing names and every secret handed out.
 *
 * @since 0.1.0
 */
public final class IotCredentialsStub implements AutoCloseable {

	private static final Pattern PATH = Pattern.compile("/role-aliases/([^/]+)/credentials");

	private final HttpsServer server;

	private final ExecutorService threads = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "iot-stub");
		thread.setDaemon(true);
		return thread;
	});

	private final String roleAlias;

	private final AtomicInteger requests = new AtomicInteger();

	private final List<String> thingNames = new CopyOnWriteArrayList<>();

	private final List<String> secrets = new CopyOnWriteArrayList<>();

	private volatile Duration lifetime = Duration.ofHours(1);

	private IotCredentialsStub(TestCertificates authority, String roleAlias) throws IOException {
		this.roleAlias = roleAlias;
		SSLContext tls = authority.server().sslContext();
		this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setHttpsConfigurator(new HttpsConfigurator(tls) {

			@Override
			public void configure(HttpsParameters params) {
				SSLParameters parameters = tls.getDefaultSSLParameters();
				// Mutual TLS: the device's certificate is its only credential.
				parameters.setNeedClientAuth(true);
				params.setSSLParameters(parameters);
			}

		});
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.threads);
		this.server.start();
	}

	/**
	 * Start a stub that trusts the devices an authority issued certificates to, and
	 * presents a server certificate from that authority.
	 * @param authority the certificate authority
	 * @param roleAlias the one role alias it knows
	 * @return the running stub
	 * @throws IOException if the port cannot be opened
	 */
	public static IotCredentialsStub start(TestCertificates authority, String roleAlias) throws IOException {
		return new IotCredentialsStub(authority, roleAlias);
	}

	/**
	 * Where devices reach it.
	 * @return {@code https://localhost:<port>}
	 */
	public URI endpoint() {
		return URI.create("https://localhost:" + this.server.getAddress().getPort());
	}

	/**
	 * How long the credentials it hands out live.
	 * @param lifetime the lifetime
	 */
	public void credentialsLifetime(Duration lifetime) {
		this.lifetime = lifetime;
	}

	/**
	 * Credential requests that completed the TLS handshake.
	 * @return the count
	 */
	public int requests() {
		return this.requests.get();
	}

	/**
	 * The thing names devices sent, in order.
	 * @return the thing names
	 */
	public List<String> thingNames() {
		return List.copyOf(this.thingNames);
	}

	/**
	 * Every secret access key and session token handed out.
	 * @return the secrets
	 */
	public List<String> secrets() {
		return List.copyOf(this.secrets);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		this.requests.incrementAndGet();
		Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
		if (!"GET".equals(exchange.getRequestMethod()) || !path.matches()) {
			answer(exchange, 404, "{\"message\":\"Not found\"}");
			return;
		}
		String thingName = exchange.getRequestHeaders().getFirst("x-amzn-iot-thingname");
		if (thingName != null) {
			this.thingNames.add(thingName);
		}
		if (!this.roleAlias.equals(path.group(1))) {
			answer(exchange, 404, "{\"message\":\"Role alias does not exist\"}");
			return;
		}
		String secret = UUID.randomUUID().toString().replace("-", "");
		String token = "IQoJb3JpZ2luX2VjE" + UUID.randomUUID().toString().replace("-", "");
		this.secrets.add(secret);
		this.secrets.add(token);
		String accessKeyId = "ASIA" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
		answer(exchange, 200,
				"{\"credentials\":{\"accessKeyId\":\"" + accessKeyId + "\",\"secretAccessKey\":\"" + secret
						+ "\",\"sessionToken\":\"" + token + "\",\"expiration\":\"" + Instant.now().plus(this.lifetime)
						+ "\"}}");
	}

	private static void answer(HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
