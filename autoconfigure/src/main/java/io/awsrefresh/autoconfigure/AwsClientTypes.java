package io.awsrefresh.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.FieldVisitor;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.asm.SpringAsmInfo;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.ClassUtils;

import software.amazon.awssdk.core.SdkClient;

/**
 * The SDK v2 service client interfaces on the classpath, found without a list: each
 * service module puts {@code XxxClient} and {@code XxxAsyncClient} interfaces directly in
 * {@code software.amazon.awssdk.services.<service>}. Only the headers, fields and method
 * signatures of those class files are read (extends {@code AwsClient}, has a static
 * {@code builder()}, and the {@code SERVICE_METADATA_ID} constant), and the matching
 * interfaces are loaded but neither initialized nor introspected: either would load every
 * request and response class of the service, hundreds per client.
 */
final class AwsClientTypes {

	private static final String PATTERN = "classpath*:software/amazon/awssdk/services/*/*Client.class";

	private static final String AWS_CLIENT = "software/amazon/awssdk/awscore/AwsClient";

	private final Map<Class<? extends SdkClient>, String> serviceIds;

	/**
	 * Client types with their service ids.
	 * @param serviceIds the service id of each client type
	 */
	AwsClientTypes(Map<Class<? extends SdkClient>, String> serviceIds) {
		Map<Class<? extends SdkClient>, String> sorted = new TreeMap<>(Comparator.comparing(Class::getName));
		sorted.putAll(serviceIds);
		this.serviceIds = Collections.unmodifiableMap(sorted);
	}

	static AwsClientTypes scan(ClassLoader classLoader) {
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(classLoader);
		Map<Class<? extends SdkClient>, String> found = new HashMap<>();
		try {
			for (Resource resource : resolver.getResources(PATTERN)) {
				ClientInterface client = ClientInterface.read(resource);
				if (client != null && ClassUtils.isPresent(client.className, classLoader)) {
					found.put(asClientType(ClassUtils.resolveClassName(client.className, classLoader)),
							client.serviceId);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not scan the classpath for AWS SDK clients", ex);
		}
		return new AwsClientTypes(found);
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
		return List.copyOf(this.serviceIds.keySet());
	}

	/**
	 * The service id of each client type found, as {@code aws.refresh.services} keys it.
	 * @return the service ids by client type
	 */
	Map<Class<? extends SdkClient>, String> serviceIdsByType() {
		return this.serviceIds;
	}

	/**
	 * Service ids of the clients found.
	 * @return the service ids, such as {@code s3}
	 */
	Set<String> serviceIds() {
		return new LinkedHashSet<>(this.serviceIds.values());
	}

	/**
	 * What one class file says about itself, read without loading it: an interface that
	 * extends {@code AwsClient} with a static {@code builder()} and a
	 * {@code SERVICE_METADATA_ID} constant is a client.
	 */
	private static final class ClientInterface extends ClassVisitor {

		private @Nullable String className;

		private boolean awsClientInterface;

		private boolean builder;

		private @Nullable String serviceId;

		private ClientInterface() {
			super(SpringAsmInfo.ASM_VERSION);
		}

		static @Nullable ClientInterface read(Resource resource) throws IOException {
			ClientInterface client = new ClientInterface();
			try (InputStream in = resource.getInputStream()) {
				new ClassReader(in).accept(client,
						ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
			}
			return (client.awsClientInterface && client.builder && client.serviceId != null) ? client : null;
		}

		@Override
		public void visit(int version, int access, String name, String signature, String superName,
				String[] interfaces) {
			this.className = name.replace('/', '.');
			this.awsClientInterface = (access & Opcodes.ACC_INTERFACE) != 0 && List.of(interfaces).contains(AWS_CLIENT);
		}

		@Override
		public @Nullable FieldVisitor visitField(int access, String name, String descriptor, String signature,
				Object value) {
			if ("SERVICE_METADATA_ID".equals(name) && value instanceof String id) {
				this.serviceId = id.toLowerCase(Locale.ROOT);
			}
			return null;
		}

		@Override
		public @Nullable MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
				String[] exceptions) {
			if ("builder".equals(name) && (access & Opcodes.ACC_STATIC) != 0 && descriptor.startsWith("()")) {
				this.builder = true;
			}
			return null;
		}

	}

}
