package io.awsrefresh.credentials;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Answers every request as STS answers one whose signature it cannot verify, quoting the
 * canonical request with the request's own signed headers.
 */
public final class SignatureDoesNotMatchStub implements SdkHttpClient {

	@Override
	public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
		StringBuilder canonical = new StringBuilder("POST\n/\n\n");
		request.httpRequest()
			.headers()
			.entrySet()
			.stream()
			.filter((header) -> !header.getKey().equalsIgnoreCase("Authorization"))
			.sorted(Map.Entry.comparingByKey(String.CASE_INSENSITIVE_ORDER))
			.forEach((header) -> canonical.append(header.getKey().toLowerCase(Locale.ROOT))
				.append(':')
				.append(String.join(",", header.getValue()))
				.append('\n'));
		String message = "The request signature we calculated does not match the signature you provided. "
				+ "Check your AWS Secret Access Key and signing method. Consult the service documentation for "
				+ "details.\n\nThe Canonical String for this request should have been\n'" + canonical
				+ "\ncontent-type;host;x-amz-date;x-amz-security-token\n"
				+ "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'";
		byte[] answer = ("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
				+ "<Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>"
				+ message.replace("&", "&amp;").replace("<", "&lt;")
				+ "</Message></Error><RequestId>stub-error</RequestId></ErrorResponse>")
			.getBytes(StandardCharsets.UTF_8);
		return new ExecutableHttpRequest() {

			@Override
			public HttpExecuteResponse call() {
				return HttpExecuteResponse.builder()
					.response(SdkHttpResponse.builder()
						.statusCode(403)
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

	@Override
	public void close() {
	}

}
