package io.awsrefresh.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.awsrefresh.client.AwsClientRegistry;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.classreading.CachingMetadataReaderFactory;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.util.ClassUtils;

import software.amazon.awssdk.core.SdkClient;

/**
 * The SDK v2 service client interfaces on the classpath, found without a list: each
 * service module puts {@code XxxClient} and {@code XxxAsyncClient} interfaces directly in
 * {@code software.amazon.awssdk.services.<service>}. Only those class files are read (as
 * bytecode metadata: extends {@code AwsClient}, has a static {@code builder()}), and only
 * the matching interfaces are loaded, without resolving their methods, which would load
 * every request and response class of the service.
 */
final class AwsClientTypes {

	private static final String PATTERN = "classpath*:software/amazon/awssdk/services/*/*Client.class";

	private static final String AWS_CLIENT = "software.amazon.awssdk.awscore.AwsClient";

	private final List<Class<? extends SdkClient>> types;

	AwsClientTypes(List<Class<? extends SdkClient>> types) {
		this.types = List.copyOf(types);
	}

	static AwsClientTypes scan(ClassLoader classLoader) {
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(classLoader);
		MetadataReaderFactory readers = new CachingMetadataReaderFactory(resolver);
		Set<Class<? extends SdkClient>> types = new TreeSet<>(Comparator.comparing(Class::getName));
		try {
			for (Resource resource : resolver.getResources(PATTERN)) {
				AnnotationMetadata metadata = readers.getMetadataReader(resource).getAnnotationMetadata();
				if (isClientInterface(metadata) && ClassUtils.isPresent(metadata.getClassName(), classLoader)) {
					types.add(asClientType(ClassUtils.resolveClassName(metadata.getClassName(), classLoader)));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not scan the classpath for AWS SDK clients", ex);
		}
		return new AwsClientTypes(List.copyOf(types));
	}

	private static boolean isClientInterface(AnnotationMetadata metadata) {
		return metadata.isInterface() && Arrays.asList(metadata.getInterfaceNames()).contains(AWS_CLIENT)
				&& metadata.getDeclaredMethods()
					.stream()
					.anyMatch((method) -> method.isStatic() && method.getMethodName().equals("builder"));
	}

	@SuppressWarnings("unchecked")
	private static Class<? extends SdkClient> asClientType(Class<?> type) {
		return (Class<? extends SdkClient>) type;
	}

	/**
	 * The client interfaces found, sorted by name.
	 * @return the client types
	 */
	List<Class<? extends SdkClient>> types() {
		return this.types;
	}

	/**
	 * Service ids of the clients found.
	 * @return the service ids, such as {@code s3}
	 */
	Set<String> serviceIds() {
		Set<String> ids = new LinkedHashSet<>();
		this.types.forEach((type) -> ids.add(AwsClientRegistry.serviceId(type)));
		return ids;
	}

}
