package io.awsrefresh.client;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import software.amazon.awssdk.awscore.AwsClient;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;

/**
 * What every generated SDK v2 service client interface has in common, used so that no
 * service needs code of its own: it extends {@link AwsClient}, has a static
 * {@code builder()} and a {@code SERVICE_METADATA_ID} constant (the endpoint prefix:
 * {@code s3}, {@code sqs}, {@code dynamodb}).
 *
 */
final class SdkClientTypes {

	private SdkClientTypes() {
	}

	/**
	 * Whether a type is an SDK v2 service client interface.
	 * @param type the type
	 * @return {@code true} for types such as {@code S3Client} or {@code SqsAsyncClient}
	 */
	static boolean isClientType(Class<?> type) {
		return type.isInterface() && AwsClient.class.isAssignableFrom(type) && builderMethod(type) != null;
	}

	/**
	 * Check that a type is an SDK v2 service client interface.
	 * @param <T> the type
	 * @param type the type
	 * @return the type as a client type
	 * @throws UnsupportedClientTypeException if it is not one
	 */
	@SuppressWarnings("unchecked")
	static <T> Class<? extends SdkClient> requireClientType(Class<T> type) {
		if (!isClientType(type)) {
			throw new UnsupportedClientTypeException(type, "is not an AWS SDK v2 service client interface "
					+ "(such as S3Client or SqsAsyncClient, with a static builder() method)");
		}
		return (Class<? extends SdkClient>) type;
	}

	/**
	 * The service id of a client type, as {@code aws.refresh.services} keys it.
	 * @param type a client type
	 * @return the lower-case endpoint prefix, such as {@code s3}
	 */
	static String serviceId(Class<? extends SdkClient> type) {
		try {
			Field field = type.getField("SERVICE_METADATA_ID");
			return ((String) field.get(null)).toLowerCase(java.util.Locale.ROOT);
		}
		catch (ReflectiveOperationException | ClassCastException ex) {
			throw new UnsupportedClientTypeException(type, "has no SERVICE_METADATA_ID constant");
		}
	}

	/**
	 * A new builder for a client type.
	 * @param type a client type
	 * @return the builder its static {@code builder()} returns
	 */
	static AwsClientBuilder<?, ?> newBuilder(Class<? extends SdkClient> type) {
		Method builder = builderMethod(type);
		if (builder == null) {
			throw new UnsupportedClientTypeException(type, "has no static builder() method");
		}
		try {
			return (AwsClientBuilder<?, ?>) builder.invoke(null);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Could not create a builder for " + type.getName(), ex);
		}
	}

	/**
	 * The public builder interface a client type's static {@code builder()} returns, such
	 * as {@code S3ClientBuilder}.
	 * @param type a client type
	 * @return the builder interface
	 */
	static Class<?> builderType(Class<? extends SdkClient> type) {
		Method builder = builderMethod(type);
		if (builder == null) {
			throw new UnsupportedClientTypeException(type, "has no static builder() method");
		}
		return builder.getReturnType();
	}

	private static Method builderMethod(Class<?> type) {
		try {
			Method method = type.getMethod("builder");
			return (Modifier.isStatic(method.getModifiers())
					&& AwsClientBuilder.class.isAssignableFrom(method.getReturnType())) ? method : null;
		}
		catch (NoSuchMethodException ex) {
			return null;
		}
	}

}
