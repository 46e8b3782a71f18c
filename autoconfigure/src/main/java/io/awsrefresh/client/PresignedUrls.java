package io.awsrefresh.client;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.awscore.presigner.PresignedRequest;

/**
 * When a presigned URL really stops working. A URL signed with session credentials (an
 * assumed role's) dies when they expire, even if it asked for a longer validity:
 * {@link PresignedRequest#expiration()} is the validity asked for, not that bound. The
 * registry's presigners note the expiry of the credentials each URL is signed with, and
 * refuse credentials that expire within the minimum presign validity.
 *
 * @since 0.1.0
 */
public final class PresignedUrls {

	private static final String CREDENTIAL = "X-Amz-Credential=";

	/**
	 * Expiry of the credentials registry presigners signed with, by access key id (which
	 * is not a secret); entries leave once expired.
	 */
	private static final Map<String, Instant> SIGNED_WITH = new ConcurrentHashMap<>();

	private PresignedUrls() {
	}

	/**
	 * When a presigned request stops working: the expiration it asked for, or earlier,
	 * when the credentials a registry presigner signed it with expire first.
	 * @param request a presigned request, such as a {@code PresignedGetObjectRequest}
	 * @return the instant the URL stops working
	 */
	public static Instant validUntil(PresignedRequest request) {
		Instant requested = request.expiration();
		String accessKeyId = accessKeyId(request.url().toString());
		Instant credentials = (accessKeyId != null) ? SIGNED_WITH.get(accessKeyId) : null;
		return (credentials != null && credentials.isBefore(requested)) ? credentials : requested;
	}

	static void signedWith(String accessKeyId, Instant expiration, Instant now) {
		if (SIGNED_WITH.put(accessKeyId, expiration) == null) {
			SIGNED_WITH.values().removeIf(now::isAfter);
		}
	}

	/**
	 * The access key id in a SigV4 presigned URL's {@code X-Amz-Credential}
	 * ({@code AKID/date/region/service/aws4_request}).
	 */
	static @Nullable String accessKeyId(String url) {
		String query = URI.create(url).getRawQuery();
		if (query == null) {
			return null;
		}
		for (String parameter : query.split("&")) {
			if (parameter.startsWith(CREDENTIAL)) {
				String credential = URLDecoder.decode(parameter.substring(CREDENTIAL.length()), StandardCharsets.UTF_8);
				int slash = credential.indexOf('/');
				return (slash > 0) ? credential.substring(0, slash) : null;
			}
		}
		return null;
	}

}
