package io.awsrefresh.credentials;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Forces one refresh of a role's credentials when AWS rejects a call signed with them as
 * expired or invalid although they looked valid (revoked sessions, a skewed clock). Many
 * calls rejected together cause one refresh; credentials that were already replaced cause
 * none. The starter adds it to every client it builds; add it to SDK clients you build
 * yourself with a {@link RoleCredentialsProvider}.
 *
 * @since 0.1.0
 */
public final class ExpiredCredentialsInterceptor implements ExecutionInterceptor {

	/**
	 * What services answer for session credentials they no longer accept: STS and most
	 * query services, S3, and JSON services such as DynamoDB.
	 */
	private static final Set<String> EXPIRED_OR_INVALID = Set.of("ExpiredToken", "ExpiredTokenException",
			"InvalidClientTokenId", "InvalidToken", "TokenRefreshRequired", "InvalidAccessKeyId",
			"UnrecognizedClientException");

	private static final String CREDENTIAL = "Credential=";

	private final RoleCredentialsProvider credentials;

	/**
	 * Create an interceptor for a role.
	 * @param credentials the role's credentials, the ones the client signs with
	 */
	public ExpiredCredentialsInterceptor(RoleCredentialsProvider credentials) {
		this.credentials = credentials;
	}

	@Override
	public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes executionAttributes) {
		String errorCode = StsFailures.errorCode(context.exception());
		if (errorCode != null && EXPIRED_OR_INVALID.contains(errorCode)) {
			String accessKeyId = context.httpRequest().map(ExpiredCredentialsInterceptor::signedBy).orElse(null);
			if (accessKeyId != null) {
				this.credentials.invalidate(accessKeyId);
			}
		}
	}

	/**
	 * The access key id in a SigV4 {@code Authorization} header: public and the same
	 * whatever signer or identity API the SDK version uses.
	 */
	private static @Nullable String signedBy(SdkHttpRequest request) {
		String authorization = request.firstMatchingHeader("Authorization").orElse(null);
		int start = (authorization != null) ? authorization.indexOf(CREDENTIAL) : -1;
		if (start < 0) {
			return null;
		}
		start += CREDENTIAL.length();
		int end = authorization.indexOf('/', start);
		return (end > start) ? authorization.substring(start, end) : null;
	}

	@Override
	public String toString() {
		return "ExpiredCredentialsInterceptor[role=" + this.credentials.roleName() + "]";
	}

}
