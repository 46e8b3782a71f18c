package io.awsrefresh.credentials;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK HTTP client that never opens a connection: it answers STS {@code AssumeRole}
 * with fresh credentials ({@code ASIASTUB1}, {@code ASIASTUB2}, ...) that live an hour,
 * and {@code GetCallerIdentity} with account {@code 123456789012}, and records every
 * request. Anything else gets an empty {@code 200}. Clients built on it call nobody.
 */
public final class StsHttpStub implements SdkHttpClient {

	/**
	 * The account every {@code GetCallerIdentity} answer names.
	 */
	public static final String ACCOUNT = "123456789012";

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger issued = new AtomicInteger();

	private final AtomicInteger closes = new AtomicInteger();

	private final @Nullable Function<Request, @Nullable String> assumeRoleRefusal;

	/**
	 * A stub that answers every request.
	 */
	public StsHttpStub() {
		this(null);
	}

	private StsHttpStub(@Nullable Function<Request, @Nullable String> assumeRoleRefusal) {
		this.assumeRoleRefusal = assumeRoleRefusal;
	}

	/**
	 * A stub that refuses {@code AssumeRole} requests as STS refuses a request it finds
	 * invalid: HTTP 400, error code {@code ValidationError}.
	 * @param message the error message for a request, or {@code null} to answer it
	 * @return the stub
	 */
	public static StsHttpStub refusingAssumeRole(Function<Request, @Nullable String> message) {
		return new StsHttpStub(message);
	}

	@Override
	public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
		String body = request.contentStreamProvider().map((provider) -> read(provider.newStream())).orElse("");
		Request recorded = new Request(request.httpRequest(), body);
		this.requests.add(recorded);
		return new ExecutableHttpRequest() {

			@Override
			public HttpExecuteResponse call() {
				String refusal = (StsHttpStub.this.assumeRoleRefusal != null && recorded.action().equals("AssumeRole"))
						? StsHttpStub.this.assumeRoleRefusal.apply(recorded) : null;
				boolean refused = refusal != null;
				byte[] answer = (refused ? refusal(refusal) : answer(recorded)).getBytes(StandardCharsets.UTF_8);
				return HttpExecuteResponse.builder()
					.response(SdkHttpResponse.builder()
						.statusCode(refused ? 400 : 200)
						.putHeader("Content-Type", "text/xml")
						.putHeader("Content-Length", String.valueOf(answer.length))
						.build())
					.responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer)))
					.build();
			}

			@Override
			public void abort() {
			}

		};
	}

	private static String refusal(String message) {
		return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
				+ "<Code>ValidationError</Code><Message>" + message + "</Message></Error>"
				+ "<RequestId>stub-error</RequestId></ErrorResponse>";
	}

	private String answer(Request request) {
		if (request.action().equals("AssumeRole")) {
			int n = this.issued.incrementAndGet();
			Instant expiration = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
			return "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
					+ "<Credentials><AccessKeyId>ASIASTUB" + n + "</AccessKeyId><SecretAccessKey>stub-secret-" + n
					+ "</SecretAccessKey><SessionToken>stub-token-" + n + "</SessionToken><Expiration>" + expiration
					+ "</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROASTUB:session</AssumedRoleId>"
					+ "<Arn>arn:aws:sts::" + ACCOUNT + ":assumed-role/stub/session</Arn></AssumedRoleUser>"
					+ "</AssumeRoleResult><ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata>"
					+ "</AssumeRoleResponse>";
		}
		if (request.action().equals("GetCallerIdentity")) {
			return "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
					+ "<GetCallerIdentityResult><Arn>arn:aws:sts::" + ACCOUNT + ":assumed-role/stub/session</Arn>"
					+ "<UserId>AROASTUB:session</UserId><Account>" + ACCOUNT + "</Account></GetCallerIdentityResult>"
					+ "<ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></GetCallerIdentityResponse>";
		}
		return "";
	}

	/**
	 * Every request so far, in order.
	 * @return the requests
	 */
	public List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * How often this client was closed: never, while its owner holds it.
	 * @return the close count
	 */
	public int closes() {
		return this.closes.get();
	}

	@Override
	public void close() {
		this.closes.incrementAndGet();
	}

	private static String read(InputStream in) {
		try (in) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * One request as the stub saw it.
	 *
	 * @param http the request line and headers
	 * @param body the form-encoded body
	 */
	public record Request(SdkHttpRequest http, String body) {

		/**
		 * The STS action, from the body.
		 * @return such as {@code AssumeRole}, or an empty string
		 */
		public String action() {
			return parameter("Action");
		}

		/**
		 * A parameter of the form-encoded body, decoded.
		 * @param name the parameter's name, such as {@code ExternalId}
		 * @return its value, or an empty string
		 */
		public String parameter(String name) {
			for (String parameter : this.body.split("&")) {
				if (parameter.startsWith(name + "=")) {
					return URLDecoder.decode(parameter.substring(name.length() + 1), StandardCharsets.UTF_8);
				}
			}
			return "";
		}

		/**
		 * The access key id the request was signed with.
		 * @return the access key id, or an empty string if unsigned
		 */
		public String signedBy() {
			String authorization = this.http.firstMatchingHeader("Authorization").orElse("");
			int start = authorization.indexOf("Credential=");
			if (start < 0) {
				return "";
			}
			start += "Credential=".length();
			return authorization.substring(start, authorization.indexOf('/', start));
		}

		/**
		 * The region in the request's SigV4 credential scope.
		 * @return the region id
		 */
		public String signedForRegion() {
			String authorization = this.http.firstMatchingHeader("Authorization").orElse("");
			String[] scope = authorization.substring(authorization.indexOf("Credential=")).split("/");
			return scope[2];
		}

	}

}
