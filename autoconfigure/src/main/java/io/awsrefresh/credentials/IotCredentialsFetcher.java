package io.awsrefresh.credentials;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.json.JsonParser;
import org.springframework.boot.json.JsonParserFactory;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpService;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Fetches a role's credentials from the AWS IoT credentials provider: one
 * {@code GET /role-aliases/<alias>/credentials} over mutual TLS, with the device's
 * certificate. Owns the HTTP client that carries the device's key, and closes it.
 */
final class IotCredentialsFetcher implements CredentialsFetcher, AutoCloseable {

	static final String THING_NAME_HEADER = "x-amzn-iot-thingname";

	/**
	 * Sync HTTP clients in the order the shared client is chosen in.
	 */
	private static final List<String> PREFERRED_HTTP_SERVICES = List.of(
			"software.amazon.awssdk.http.apache5.Apache5SdkHttpService",
			"software.amazon.awssdk.http.apache.ApacheSdkHttpService",
			"software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService");

	/**
	 * Far above the few hundred bytes of an answer; a larger body is not the provider's.
	 */
	private static final int MAX_BODY = 64 * 1024;

	private final IotCredentialsSpec spec;

	private final SdkHttpClient httpClient;

	private final SdkHttpFullRequest request;

	IotCredentialsFetcher(IotCredentialsSpec spec) {
		this(spec, httpClientBuilder());
	}

	IotCredentialsFetcher(IotCredentialsSpec spec, SdkHttpClient.Builder<?> httpClient) {
		this.spec = spec;
		AttributeMap.Builder tls = AttributeMap.builder()
			.put(SdkHttpConfigurationOption.TLS_KEY_MANAGERS_PROVIDER, spec.keyManagers());
		if (spec.trustManagers() != null) {
			tls.put(SdkHttpConfigurationOption.TLS_TRUST_MANAGERS_PROVIDER, spec.trustManagers());
		}
		this.httpClient = httpClient.buildWithDefaults(tls.build());
		SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
			.method(SdkHttpMethod.GET)
			.uri(spec.credentialsUri());
		if (spec.thingName() != null) {
			request.putHeader(THING_NAME_HEADER, spec.thingName());
		}
		this.request = request.build();
	}

	/**
	 * A builder of the preferred sync HTTP client on the classpath.
	 */
	static SdkHttpClient.Builder<?> httpClientBuilder() {
		return ServiceLoader.load(SdkHttpService.class, IotCredentialsFetcher.class.getClassLoader())
			.stream()
			.min(Comparator.comparingInt((service) -> preference(service.type().getName())))
			.map((service) -> service.get().createHttpClientBuilder())
			.orElseThrow(() -> new IllegalStateException("AWS IoT credentials need a sync HTTP client of the AWS SDK "
					+ "on the classpath, such as software.amazon.awssdk:apache5-client"));
	}

	private static int preference(String serviceType) {
		int index = PREFERRED_HTTP_SERVICES.indexOf(serviceType);
		return (index >= 0) ? index : PREFERRED_HTTP_SERVICES.size();
	}

	@Override
	public AwsSessionCredentials fetch() throws IOException {
		HttpExecuteResponse response;
		try {
			response = this.httpClient.prepareRequest(HttpExecuteRequest.builder().request(this.request).build())
				.call();
		}
		catch (IOException ex) {
			if (StsFailures.isConnectionFailure(ex)) {
				throw ex;
			}
			// A device certificate the endpoint refuses fails the handshake, or (in TLS
			// 1.3, where the client's certificate is checked after the handshake) resets
			// the connection before any answer.
			throw new IOException("the TLS connection to " + this.spec.endpoint().getHost() + " failed ("
					+ ex.getMessage() + "); check that the device certificate and private key belong together, "
					+ "that AWS IoT knows the certificate and it is active, and that the endpoint's certificate "
					+ "is trusted", ex);
		}
		int status = response.httpResponse().statusCode();
		String body = body(response);
		if (status != 200) {
			throw new IOException("the AWS IoT credentials provider answered HTTP " + status
					+ describeError(body, status) + " for role alias " + this.spec.roleAlias()
					+ ((this.spec.thingName() != null) ? " and thing " + this.spec.thingName() : ""));
		}
		return credentials(body);
	}

	@Override
	public void close() {
		this.httpClient.close();
	}

	private static String body(HttpExecuteResponse response) throws IOException {
		AbortableInputStream stream = response.responseBody().orElse(null);
		if (stream == null) {
			return "";
		}
		try (InputStream in = stream) {
			byte[] bytes = in.readNBytes(MAX_BODY);
			return new String(bytes, StandardCharsets.UTF_8);
		}
	}

	/**
	 * The provider's error message, such as {@code (Access Denied)}; an error body holds
	 * no credentials.
	 */
	private static String describeError(String body, int status) {
		String message = null;
		try {
			Object value = parser().parseMap(body).get("message");
			message = (value instanceof String text) ? text : null;
		}
		catch (RuntimeException ex) {
			// Not the provider's JSON, from a proxy say: the status says enough.
		}
		if (message != null) {
			return " (" + message + ")";
		}
		return (status == 403) ? " (the certificate is not allowed to use the role alias)" : "";
	}

	private static AwsSessionCredentials credentials(String body) {
		Map<?, ?> credentials;
		try {
			credentials = (Map<?, ?>) parser().parseMap(body).get("credentials");
		}
		catch (RuntimeException ex) {
			// Never the parser's message or cause: they may quote the body, which holds
			// the
			// secrets.
			throw new IllegalStateException(
					"the AWS IoT credentials provider answered HTTP 200 with a body that is not its JSON");
		}
		String accessKeyId = field(credentials, "accessKeyId");
		String secretAccessKey = field(credentials, "secretAccessKey");
		String sessionToken = field(credentials, "sessionToken");
		String expiration = field(credentials, "expiration");
		if (accessKeyId == null || secretAccessKey == null || sessionToken == null || expiration == null) {
			throw new IllegalStateException("the AWS IoT credentials provider answered HTTP 200 without credentials");
		}
		Instant expirationTime;
		try {
			expirationTime = Instant.parse(expiration);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalStateException("the AWS IoT credentials provider answered an expiration time that is not "
					+ "an ISO-8601 instant: " + expiration);
		}
		return AwsSessionCredentials.builder()
			.accessKeyId(accessKeyId)
			.secretAccessKey(secretAccessKey)
			.sessionToken(sessionToken)
			.expirationTime(expirationTime)
			.build();
	}

	private static @Nullable String field(@Nullable Map<?, ?> credentials, String name) {
		Object value = (credentials != null) ? credentials.get(name) : null;
		return (value instanceof String text && !text.isEmpty()) ? text : null;
	}

	private static JsonParser parser() {
		return JsonParserFactory.getJsonParser();
	}

}
