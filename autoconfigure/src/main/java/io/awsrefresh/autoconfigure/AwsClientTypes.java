package io.awsrefresh.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.awsrefresh.client.SdkClientTypes;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.ClassMetadata;
import org.springframework.core.type.classreading.CachingMetadataReaderFactory;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.util.ClassUtils;

import software.amazon.awssdk.core.SdkClient;

/**
 * The SDK v2 service client interfaces on the classpath, found without a list: each
 * service module puts {@code XxxClient} and {@code XxxAsyncClient} interfaces directly in
 * {@code software.amazon.awssdk.services.<service>}. Only those class files are read (as
 * bytecode metadata), and only the matches are loaded.
 *
 * @since 0.1.0
 */
public final class AwsClientTypes {

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
				ClassMetadata metadata = readers.getMetadataReader(resource).getClassMetadata();
				if (metadata.isInterface() && Arrays.asList(metadata.getInterfaceNames()).contains(AWS_CLIENT)
						&& ClassUtils.isPresent(metadata.getClassName(), classLoader)) {
					Class<?> type = ClassUtils.resolveClassName(metadata.getClassName(), classLoader);
					if (SdkClientTypes.isClientType(type)) {
						types.add(SdkClientTypes.requireClientType(type));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not scan the classpath for AWS SDK clients", ex);
		}
		return new AwsClientTypes(List.copyOf(types));
	}

	/**
	 * The client interfaces found, sorted by name.
	 * @return the client types
	 */
	public List<Class<? extends SdkClient>> types() {
		return this.types;
	}

	/**
	 * Service ids of the clients found.
	 * @return the service ids, such as {@code s3}
	 */
	public Set<String> serviceIds() {
		Set<String> ids = new LinkedHashSet<>();
		this.types.forEach((type) -> ids.add(SdkClientTypes.serviceId(type)));
		return ids;
	}

}
