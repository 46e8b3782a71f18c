package io.awsrefresh.credentials;

import software.amazon.awssdk.core.util.VersionInfo;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * Which of the AssumeRole fields the starter can send are known to the AWS SDK on the
 * class path. The starter is compiled against a recent SDK, but an application's own BOM
 * decides the SDK it runs with: Spring Cloud AWS 4.1's brings 2.47.4. A field that SDK
 * lacks must be refused where it is set, naming the SDK it needs, rather than fail every
 * refresh with a {@link NoSuchMethodError}; a role that does not set it must work. Not
 * part of the public API: the auto-configuration checks {@code aws.refresh.*} keys with
 * it.
 *
 * @since 0.1.0
 */
public final class StsRequestFields {

	/**
	 * The first SDK whose {@code AssumeRoleRequest} has {@code minimumSessionTokenSize}.
	 */
	public static final String MINIMUM_SESSION_TOKEN_SIZE_SINCE = "2.54.18";

	private StsRequestFields() {
	}

	/**
	 * Whether the SDK on the class path sends {@code MinimumSessionTokenSize}.
	 * @return whether it does
	 */
	public static boolean minimumSessionTokenSize() {
		return Holder.MINIMUM_SESSION_TOKEN_SIZE;
	}

	/**
	 * Why a field cannot be sent with the SDK on the class path, to end a message.
	 * @param since the first SDK version that has the field
	 * @return a sentence fragment naming both versions and what to do
	 */
	public static String needsSdk(String since) {
		return "needs AWS SDK for Java " + since + " or newer, and the class path has " + sdkVersion()
				+ " (a BOM such as Spring Cloud AWS's may choose it): import software.amazon.awssdk:bom " + since
				+ " or newer";
	}

	/**
	 * The version of the SDK on the class path. Read from the field at run time: as a
	 * constant it would be inlined with the version this class was compiled against.
	 * @return the version, or {@code unknown}
	 */
	static String sdkVersion() {
		try {
			return String.valueOf(VersionInfo.class.getField("SDK_VERSION").get(null));
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return "unknown";
		}
	}

	/**
	 * Looked up once, on first use: most applications never ask.
	 */
	private static final class Holder {

		static final boolean MINIMUM_SESSION_TOKEN_SIZE = hasMethod("minimumSessionTokenSize", Integer.class);

		private static boolean hasMethod(String name, Class<?> parameter) {
			try {
				AssumeRoleRequest.Builder.class.getMethod(name, parameter);
				return true;
			}
			catch (NoSuchMethodException ex) {
				return false;
			}
		}

	}

}
