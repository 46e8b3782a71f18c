package io.awsrefresh.client;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.regions.Region;

/**
 * Everything that shapes a built client: two requests with equal keys get the same
 * instance.
 *
 * @param type the client interface, such as {@code S3Client}, or the resource-level type,
 * such as {@code S3Presigner}
 * @param role the role whose credentials the client carries
 * @param region the client's region
 * @param endpoint the endpoint override, or {@code null}
 * @param pathStyleAccess whether S3 path-style addressing is forced
 */
record ClientKey(Class<?> type, String role, Region region, @Nullable URI endpoint, boolean pathStyleAccess) {

	/**
	 * The key of a client of another type with this key's role, region and endpoint: the
	 * client a resource-level object is built on.
	 */
	ClientKey withType(Class<?> type) {
		return new ClientKey(type, this.role, this.region, this.endpoint, this.pathStyleAccess);
	}

	/**
	 * The endpoint as logs, messages and the actuator show it: without the user info a
	 * URL may carry, a password perhaps (an endpoint set in code or by a connection
	 * details bean is not checked for one, as one in a property is).
	 */
	@Nullable URI shownEndpoint() {
		URI endpoint = this.endpoint;
		if (endpoint == null || endpoint.getRawUserInfo() == null) {
			return endpoint;
		}
		return URI.create(endpoint.toString().replace(endpoint.getRawUserInfo() + "@", ""));
	}

	@Override
	public String toString() {
		return type().getSimpleName() + "[role=" + this.role + ", region=" + this.region
				+ ((this.endpoint != null) ? ", endpoint=" + shownEndpoint() : "") + "]";
	}

}
