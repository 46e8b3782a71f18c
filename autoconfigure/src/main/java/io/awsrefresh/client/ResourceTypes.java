package io.awsrefresh.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.util.ClassUtils;

import software.amazon.awssdk.core.SdkClient;

/**
 * The resource-level objects the registry builds beside service clients: objects that are
 * not {@code XxxClient} interfaces but carry a role's credentials (or a client that
 * does), keyed and held like clients. Each is known by name and built by a class of its
 * own module, loaded only when that object is asked for, so that the modules stay
 * optional.
 */
final class ResourceTypes {

	static final String S3_PRESIGNER = "software.amazon.awssdk.services.s3.presigner.S3Presigner";

	static final String S3_UTILITIES = "software.amazon.awssdk.services.s3.S3Utilities";

	static final String S3_TRANSFER_MANAGER = "software.amazon.awssdk.transfer.s3.S3TransferManager";

	static final String DYNAMODB_ENHANCED_CLIENT = "software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient";

	static final String DYNAMODB_ENHANCED_ASYNC_CLIENT = "software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient";

	/**
	 * Each resource type by name, with the client type whose service settings (region,
	 * endpoint, path-style access) it takes.
	 */
	private static final Map<String, String> SERVICE_CLIENTS = Map.of(S3_PRESIGNER,
			"software.amazon.awssdk.services.s3.S3Client", S3_UTILITIES, "software.amazon.awssdk.services.s3.S3Client",
			S3_TRANSFER_MANAGER, "software.amazon.awssdk.services.s3.S3AsyncClient", DYNAMODB_ENHANCED_CLIENT,
			"software.amazon.awssdk.services.dynamodb.DynamoDbClient", DYNAMODB_ENHANCED_ASYNC_CLIENT,
			"software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient");

	private ResourceTypes() {
	}

	static boolean isResourceType(Class<?> type) {
		return SERVICE_CLIENTS.containsKey(type.getName());
	}

	/**
	 * The client type whose service settings a resource type takes.
	 * @param type a resource type
	 * @return the client type, such as {@code S3Client} for {@code S3Presigner}
	 */
	@SuppressWarnings("unchecked")
	static Class<? extends SdkClient> serviceClientType(Class<?> type) {
		String name = SERVICE_CLIENTS.get(type.getName());
		if (name == null) {
			throw new UnsupportedClientTypeException(type, "is neither an AWS SDK v2 service client interface "
					+ "nor one of the resource-level types the registry builds " + SERVICE_CLIENTS.keySet());
		}
		return (Class<? extends SdkClient>) ClassUtils.resolveClassName(name, type.getClassLoader());
	}

	/**
	 * The resource types whose modules are on the class path.
	 * @param classLoader the class loader to look in
	 * @return the types, sorted by name
	 */
	static List<Class<?>> present(ClassLoader classLoader) {
		List<Class<?>> types = new ArrayList<>();
		SERVICE_CLIENTS.keySet().stream().sorted().forEach((name) -> {
			if (ClassUtils.isPresent(name, classLoader)
					&& ClassUtils.isPresent(SERVICE_CLIENTS.get(name), classLoader)) {
				types.add(ClassUtils.resolveClassName(name, classLoader));
			}
		});
		return types;
	}

	/**
	 * Build the resource of a key. Each branch names a class of the resource's own
	 * module, which the JVM loads only when the branch runs.
	 * @param key the key, whose type is a resource type
	 * @param factory builds the clients a resource is built on
	 * @return the resource, with what closes it and the client under it
	 */
	static Built build(ClientKey key, ClientFactory factory) {
		return switch (key.type().getName()) {
			case S3_PRESIGNER -> S3Resources.presigner(key, factory);
			case S3_UTILITIES -> S3Resources.utilities(key);
			case S3_TRANSFER_MANAGER -> S3TransferManagerResources.transferManager(key, factory);
			case DYNAMODB_ENHANCED_CLIENT -> DynamoDbEnhancedResources.client(key, factory);
			case DYNAMODB_ENHANCED_ASYNC_CLIENT -> DynamoDbEnhancedResources.asyncClient(key, factory);
			default -> throw new UnsupportedClientTypeException(key.type(), "is not a resource type");
		};
	}

}
