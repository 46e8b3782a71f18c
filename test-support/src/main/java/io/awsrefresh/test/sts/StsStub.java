package io.awsrefresh.test.sts;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * An STS endpoint on loopback that speaks STS's wire format (query protocol requests, XML
 * answers) for the faults no emulator produces: errors, throttling, slow answers, refused
 * connections, and tokens it calls expired. It answers {@code AssumeRole} and
 * {@code GetCallerIdentity}, counts AssumeRole requests and how many were in flight at
 * once, and records every secret it hands out so that tests can look for leaks.
 *
 * @since 0.1.0
 */
public final class StsStub implements AutoCloseable {

	private static final String XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";

	private static final String EXPIRED_TOKEN = error("Sender", "ExpiredToken",
			"The security token included in the request is expired");

	private final int port;

	private final ExecutorService threads = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "sts-stub");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicInteger assumeRoleRequests = new AtomicInteger();

	private final AtomicInteger callerIdentityRequests = new AtomicInteger();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	private final AtomicInteger issued = new AtomicInteger();

	private final List<String> issuedAccessKeyIds = new CopyOnWriteArrayList<>();

	private final List<String> secrets = new CopyOnWriteArrayList<>();

	private final Set<String> expiredAccessKeyIds = ConcurrentHashMap.newKeySet();

	private volatile @Nullable HttpServer server;

	private volatile Answer answer = Answer.CREDENTIALS;

	private volatile Duration delay = Duration.ZERO;

	private volatile Duration lifetime = Duration.ofMinutes(15);

	private StsStub(HttpServer server) {
		this.server = server;
		this.port = server.getAddress().getPort();
		server.setExecutor(this.threads);
		server.createContext("/", this::handle);
		server.start();
	}

	/**
	 * Start a stub on a free loopback port, issuing credentials.
	 * @return the stub
	 * @throws IOException if no port can be bound
	 */
	public static StsStub start() throws IOException {
		return new StsStub(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
	}

	/**
	 * Where the stub listens.
	 * @return the endpoint
	 */
	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/**
	 * Answer AssumeRole with credentials.
	 */
	public void issueCredentials() {
		answer(Answer.CREDENTIALS);
	}

	/**
	 * Answer AssumeRole with {@code 403 AccessDenied}.
	 */
	public void denyAccess() {
		answer(new Answer(403, "Sender", "AccessDenied",
				"User: arn:aws:iam::123456789012:user/app is not authorized to perform: sts:AssumeRole"));
	}

	/**
	 * Answer AssumeRole with {@code 503 ServiceUnavailable}, which the SDK retries.
	 */
	public void fail() {
		answer(new Answer(503, "Receiver", "ServiceUnavailable", "Service unavailable"));
	}

	/**
	 * Answer AssumeRole with {@code 500 InternalFailure}.
	 */
	public void failInternally() {
		answer(new Answer(500, "Receiver", "InternalFailure", "An internal error occurred"));
	}

	/**
	 * Answer AssumeRole with {@code 400 Throttling}, as STS does past its request rate.
	 */
	public void throttle() {
		answer(new Answer(400, "Sender", "Throttling", "Rate exceeded"));
	}

	/**
	 * Answer AssumeRole with a body in no STS shape, as a proxy or load balancer does.
	 * @param status the HTTP status
	 * @param body the body, sent as HTML
	 */
	public void answerWithHtml(int status, String body) {
		answer(new Answer(status, "", "", body, true));
	}

	/**
	 * Stop listening: connections are refused until another answer is chosen.
	 */
	public synchronized void refuseConnections() {
		HttpServer current = this.server;
		if (current != null) {
			current.stop(0);
			this.server = null;
		}
	}

	/**
	 * Answer AssumeRole only after a delay; other actions answer at once.
	 * @param delay the delay
	 */
	public void delay(Duration delay) {
		this.delay = delay;
	}

	/**
	 * Set how long issued credentials live (STS's own answers honour DurationSeconds;
	 * this stub ignores it, so short lifetimes can be tested).
	 * @param lifetime the lifetime
	 */
	public void credentialsLifetime(Duration lifetime) {
		this.lifetime = lifetime;
	}

	/**
	 * Answer any call signed with this access key id with {@code 400 ExpiredToken}, as
	 * AWS does for credentials it no longer accepts.
	 * @param accessKeyId the access key id
	 */
	public void expireToken(String accessKeyId) {
		this.expiredAccessKeyIds.add(accessKeyId);
	}

	/**
	 * AssumeRole requests received, answered or not.
	 * @return the count
	 */
	public int assumeRoleRequests() {
		return this.assumeRoleRequests.get();
	}

	/**
	 * GetCallerIdentity requests received.
	 * @return the count
	 */
	public int callerIdentityRequests() {
		return this.callerIdentityRequests.get();
	}

	/**
	 * Most AssumeRole requests in flight at once.
	 * @return the count
	 */
	public int maxInFlight() {
		return this.maxInFlight.get();
	}

	/**
	 * Credentials issued so far.
	 * @return the count
	 */
	public int issued() {
		return this.issued.get();
	}

	/**
	 * Access key ids of the credentials issued, in order.
	 * @return the access key ids
	 */
	public List<String> issuedAccessKeyIds() {
		return List.copyOf(this.issuedAccessKeyIds);
	}

	/**
	 * Every secret access key and session token handed out.
	 * @return the secrets
	 */
	public List<String> secrets() {
		return List.copyOf(this.secrets);
	}

	/**
	 * Reset the request counts and the in-flight maximum.
	 */
	public void resetCounts() {
		this.assumeRoleRequests.set(0);
		this.callerIdentityRequests.set(0);
		this.maxInFlight.set(this.inFlight.get());
	}

	@Override
	public synchronized void close() {
		refuseConnections();
		this.threads.shutdownNow();
		try {
			this.threads.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private synchronized void answer(Answer answer) {
		this.answer = answer;
		if (this.server == null) {
			this.server = listenAgain();
		}
	}

	private HttpServer listenAgain() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (true) {
			try {
				HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", this.port), 0);
				server.setExecutor(this.threads);
				server.createContext("/", this::handle);
				server.start();
				return server;
			}
			catch (BindException ex) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Cannot listen on port " + this.port + " again", ex);
				}
				Thread.onSpinWait();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String action = parameter(body, "Action");
		boolean expired = this.expiredAccessKeyIds.contains(String.valueOf(signedBy(exchange)));
		if ("GetCallerIdentity".equals(action)) {
			this.callerIdentityRequests.incrementAndGet();
			if (expired) {
				respond(exchange, 400, EXPIRED_TOKEN);
			}
			else {
				respond(exchange, 200, callerIdentity());
			}
			return;
		}
		this.assumeRoleRequests.incrementAndGet();
		if (expired) {
			respond(exchange, 400, EXPIRED_TOKEN);
			return;
		}
		this.maxInFlight.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
		Answer answer;
		String answerBody;
		try {
			pause(this.delay);
			answer = this.answer;
			answerBody = (answer == Answer.CREDENTIALS) ? credentials()
					: answer.html ? answer.message : error(answer.type, answer.code, answer.message);
		}
		finally {
			// Out of flight before the answer is sent: a client that retries at once
			// must not find its previous request still counted.
			this.inFlight.decrementAndGet();
		}
		respond(exchange, answer.status, answerBody, answer.html ? "text/html" : "text/xml");
	}

	private String credentials() {
		int n = this.issued.incrementAndGet();
		String accessKeyId = "ASIASTUB%08d".formatted(n);
		String secret = "stub-secret-" + n + "-" + Long.toHexString(System.nanoTime());
		String token = "stub-token-" + n + "-" + Long.toHexString(System.nanoTime());
		this.issuedAccessKeyIds.add(accessKeyId);
		this.secrets.add(secret);
		this.secrets.add(token);
		Instant expiration = Instant.now().plus(this.lifetime);
		return """
				<AssumeRoleResponse xmlns="%s">
				<AssumeRoleResult><Credentials><AccessKeyId>%s</AccessKeyId>
				<SecretAccessKey>%s</SecretAccessKey><SessionToken>%s</SessionToken>
				<Expiration>%s</Expiration></Credentials>
				<AssumedRoleUser><AssumedRoleId>AROASTUB:session</AssumedRoleId>
				<Arn>arn:aws:sts::123456789012:assumed-role/app/session</Arn></AssumedRoleUser></AssumeRoleResult>
				<ResponseMetadata><RequestId>stub-%d</RequestId></ResponseMetadata></AssumeRoleResponse>
				""".formatted(XMLNS, accessKeyId, secret, token, expiration, n);
	}

	private static String callerIdentity() {
		return """
				<GetCallerIdentityResponse xmlns="%s"><GetCallerIdentityResult>
				<Arn>arn:aws:sts::123456789012:assumed-role/app/session</Arn><UserId>AROASTUB:session</UserId>
				<Account>123456789012</Account></GetCallerIdentityResult>
				<ResponseMetadata><RequestId>stub-identity</RequestId></ResponseMetadata></GetCallerIdentityResponse>
				""".formatted(XMLNS);
	}

	private static String error(String type, String code, String message) {
		return """
				<ErrorResponse xmlns="%s">
				<Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error>
				<RequestId>stub-error</RequestId></ErrorResponse>
				""".formatted(XMLNS, type, code, message);
	}

	private static @Nullable String parameter(String form, String name) {
		for (String pair : form.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0 && pair.substring(0, equals).equals(name)) {
				return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			}
		}
		return null;
	}

	private static @Nullable String signedBy(HttpExchange exchange) {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		int start = (authorization != null) ? authorization.indexOf("Credential=") : -1;
		if (start < 0) {
			return null;
		}
		start += "Credential=".length();
		int end = authorization.indexOf('/', start);
		return (end > start) ? authorization.substring(start, end) : null;
	}

	private static void pause(Duration delay) {
		if (!delay.isZero()) {
			try {
				Thread.sleep(delay.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		respond(exchange, status, body, "text/xml");
	}

	private static void respond(HttpExchange exchange, int status, String body, String contentType) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private record Answer(int status, String type, String code, String message, boolean html) {

		static final Answer CREDENTIALS = new Answer(200, "", "", "", false);

		Answer(int status, String type, String code, String message) {
			this(status, type, code, message, false);
		}

	}

}
