package io.awsrefresh.autoconfigure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.jspecify.annotations.Nullable;

import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.FieldVisitor;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.SpringAsmInfo;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import software.amazon.awssdk.awscore.AwsClient;
import software.amazon.awssdk.core.SdkClient;

/**
 * The SDK v2 service client interfaces on the classpath, found without a list: each
 * service module puts its {@code XxxClient} and {@code XxxAsyncClient} interfaces in
 * {@code software.amazon.awssdk.services.<service>} (DynamoDB's module its streams
 * service's in {@code dynamodb.streams}).
 * <p>
 * The scan is built for startup time, where every millisecond of it is paid by every
 * instance of every rollout. It reads the SDK's own index of each service jar (the
 * {@code SdkWarmUpProvider} file of {@link java.util.ServiceLoader}, which names the
 * service's client prefix), and lists the names under
 * {@code software/amazon/awssdk/services/} only in a jar or directory without one (SDKs
 * before 2.59). The candidates are named {@code *Client} in a service package, or one
 * package deeper but for the service's own code ({@code model}, {@code internal}, ...),
 * other than the {@code Default*} and {@code Delegating*} implementations beside them.
 * Each candidate is loaded but not initialized, and kept if it is an interface that
 * extends {@code AwsClient}.
 * <p>
 * Nothing else is read at startup: a client interface's class file runs to megabytes
 * (EC2's), and reading it twice, once as bytes and once as a class, cost more than the
 * rest of the scan. The service ids are read, from one class file per service, only when
 * {@code aws.refresh.services.*} keys need checking. Whether a type has a
 * {@code builder()} is checked when its client is built: every SDK-generated client
 * interface has one.
 */
final class AwsClientTypes {

	private static final String SERVICES = "software/amazon/awssdk/services/";

	private static final String SUFFIX = "Client.class";

	private final List<Class<? extends SdkClient>> types;

	/**
	 * Client types, sorted by name.
	 * @param types the client types
	 */
	AwsClientTypes(Collection<Class<? extends SdkClient>> types) {
		List<Class<? extends SdkClient>> sorted = new ArrayList<>(types);
		sorted.sort(Comparator.comparing(Class::getName));
		this.types = List.copyOf(sorted);
	}

	static AwsClientTypes scan(ClassLoader classLoader) {
		return find(classLoader, true);
	}

	/**
	 * The client types found by listing every service jar's entries, ignoring the SDK's
	 * index: what {@link #scan} falls back to for a jar without one.
	 * @param classLoader the class loader
	 * @return the client types
	 */
	static AwsClientTypes list(ClassLoader classLoader) {
		return find(classLoader, false);
	}

	private static AwsClientTypes find(ClassLoader classLoader, boolean useIndex) {
		Set<String> candidates = new TreeSet<>();
		try {
			Map<String, Set<String>> indexed = useIndex ? WarmUpIndex.read(classLoader) : Map.of();
			Enumeration<URL> roots = classLoader.getResources(SERVICES);
			while (roots.hasMoreElements()) {
				URL root = roots.nextElement();
				Set<String> fromIndex = indexed.get(base(root, SERVICES));
				candidates.addAll((fromIndex != null) ? fromIndex : candidates(root, classLoader));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not scan the classpath for AWS SDK clients", ex);
		}
		List<Class<? extends SdkClient>> found = new ArrayList<>();
		for (String candidate : candidates) {
			Class<? extends SdkClient> type = clientType(candidate, classLoader);
			if (type != null) {
				found.add(type);
			}
		}
		return new AwsClientTypes(found);
	}

	/**
	 * The jar or directory a resource was found in, as the start of its URL.
	 */
	private static @Nullable String base(URL resource, String path) {
		String url = resource.toString();
		return url.endsWith(path) ? url.substring(0, url.length() - path.length()) : null;
	}

	/**
	 * Class names of the candidates under one {@code software/amazon/awssdk/services/}
	 * directory: a jar's (read from its central directory), a directory's on disk, or
	 * anything else through Spring's pattern resolver.
	 */
	private static Set<String> candidates(URL root, ClassLoader classLoader) throws IOException {
		Set<String> names = new TreeSet<>();
		URLConnection connection = root.openConnection();
		if (connection instanceof JarURLConnection jar) {
			// Not the JDK's shared cache: the JarFile is closed once its names are read.
			jar.setUseCaches(false);
			try (JarFile file = jar.getJarFile()) {
				Enumeration<JarEntry> entries = file.entries();
				while (entries.hasMoreElements()) {
					addIfCandidate(entries.nextElement().getName(), names);
				}
			}
		}
		else if ("file".equals(root.getProtocol())) {
			addCandidatesInDirectory(root, names);
		}
		else {
			PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(classLoader);
			for (String pattern : new String[] { "*/*", "*/*/*" }) {
				for (Resource resource : resolver.getResources(root + pattern + SUFFIX)) {
					String path = resource.getURL().toString();
					addIfCandidate(path.substring(path.lastIndexOf(SERVICES)), names);
				}
			}
		}
		return names;
	}

	/**
	 * Packages inside a service package that hold its own code, not another service.
	 */
	private static final Set<String> NOT_SERVICES = Set.of("model", "internal", "paginators", "waiters", "transform",
			"endpoints", "auth", "presigner", "batchmanager", "jsonschema");

	private static void addCandidatesInDirectory(URL root, Set<String> names) throws IOException {
		Path services;
		try {
			services = Path.of(root.toURI());
		}
		catch (URISyntaxException ex) {
			throw new IOException("Not a directory: " + root, ex);
		}
		try (DirectoryStream<Path> packages = Files.newDirectoryStream(services, Files::isDirectory)) {
			for (Path servicePackage : packages) {
				String service = SERVICES + servicePackage.getFileName() + "/";
				addCandidatesIn(servicePackage, service, names);
				try (DirectoryStream<Path> inner = Files.newDirectoryStream(servicePackage, Files::isDirectory)) {
					for (Path innerPackage : inner) {
						addCandidatesIn(innerPackage, service + innerPackage.getFileName() + "/", names);
					}
				}
			}
		}
	}

	private static void addCandidatesIn(Path directory, String path, Set<String> names) throws IOException {
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
			for (Path file : files) {
				addIfCandidate(path + file.getFileName(), names);
			}
		}
	}

	/**
	 * Adds the class name of
	 * {@code software/amazon/awssdk/services/<service>/<Name>Client.class}, or of one a
	 * package deeper that is not the service's own code (DynamoDB's jar holds its streams
	 * service in {@code dynamodb/streams}), unless it names an implementation
	 * ({@code Default*}, {@code Delegating*}).
	 */
	private static void addIfCandidate(String path, Set<String> names) {
		if (!path.startsWith(SERVICES) || !path.endsWith(SUFFIX)) {
			return;
		}
		int slash = path.indexOf('/', SERVICES.length());
		int last = path.lastIndexOf('/');
		if (slash < 0 || (slash != last
				&& (path.indexOf('/', slash + 1) != last || NOT_SERVICES.contains(path.substring(slash + 1, last))))) {
			return;
		}
		String simpleName = path.substring(last + 1);
		if (simpleName.startsWith("Default") || simpleName.startsWith("Delegating")) {
			return;
		}
		names.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
	}

	/**
	 * The candidate as a client type, loaded but not initialized, or {@code null} if it
	 * is not an interface that extends {@code AwsClient} or its class loader does not
	 * load it.
	 */
	@SuppressWarnings("unchecked")
	private static @Nullable Class<? extends SdkClient> clientType(String className, ClassLoader classLoader) {
		try {
			Class<?> type = Class.forName(className, false, classLoader);
			return (type.isInterface() && AwsClient.class.isAssignableFrom(type)) ? (Class<? extends SdkClient>) type
					: null;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
	}

	/**
	 * The client interfaces found, sorted by name.
	 * @return the client types
	 */
	List<Class<? extends SdkClient>> types() {
		return this.types;
	}

	/**
	 * Service ids of the clients found, as {@code aws.refresh.services} keys them: the
	 * {@code SERVICE_METADATA_ID} constant, read from the class file of one interface per
	 * service package. Reading it through the class would initialize the interface, and
	 * verifying fifty of them took from 0.2 to 0.7 s; this takes tens of milliseconds,
	 * and only when there are keys to check. An interface without the constant has no id.
	 * @return the lower-cased service ids, such as {@code s3}, sorted
	 */
	Set<String> serviceIds() {
		Set<String> ids = new TreeSet<>();
		Set<String> packagesRead = new HashSet<>();
		for (Class<? extends SdkClient> type : this.types) {
			if (packagesRead.add(type.getPackageName())) {
				String id = ServiceIdConstant.read(type);
				if (id != null) {
					ids.add(id);
				}
				else {
					// Its neighbour may have one.
					packagesRead.remove(type.getPackageName());
				}
			}
		}
		return ids;
	}

	/**
	 * The SDK's own index of the services in a jar: since 2.59 each service module lists
	 * its {@code SdkWarmUpProvider} for {@link java.util.ServiceLoader}, as
	 * {@code software.amazon.awssdk.services.<service>.internal.warmup.<Prefix>WarmUpProvider},
	 * and the service's client interfaces are {@code <Prefix>Client} and
	 * {@code <Prefix>AsyncClient} beside {@code internal}. Reading that file costs one
	 * lookup and a few bytes a jar where listing a jar's entries costs a pass over all of
	 * them (54,000 with 25 modules, 150 ms in a JVM that has just started). A jar whose
	 * file names a provider of another shape is listed instead, as is one without it.
	 */
	private static final class WarmUpIndex {

		private static final String RESOURCE = "META-INF/services/software.amazon.awssdk.core.warmup.SdkWarmUpProvider";

		private static final String PACKAGE = "software.amazon.awssdk.services.";

		private static final String PROVIDER = ".internal.warmup.";

		private static final String PROVIDER_SUFFIX = "WarmUpProvider";

		/**
		 * Client candidates per jar or directory, keyed as {@link #base} keys them.
		 */
		static Map<String, Set<String>> read(ClassLoader classLoader) throws IOException {
			Map<String, Set<String>> candidates = new HashMap<>();
			Enumeration<URL> files = classLoader.getResources(RESOURCE);
			while (files.hasMoreElements()) {
				URL file = files.nextElement();
				String base = base(file, RESOURCE);
				Set<String> fromFile = candidates(file);
				if (base != null && fromFile != null) {
					candidates.put(base, fromFile);
				}
			}
			return candidates;
		}

		private static @Nullable Set<String> candidates(URL file) throws IOException {
			URLConnection connection = file.openConnection();
			connection.setUseCaches(false);
			Set<String> candidates = new TreeSet<>();
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					int comment = line.indexOf('#');
					String provider = ((comment >= 0) ? line.substring(0, comment) : line).trim();
					if (provider.isEmpty()) {
						continue;
					}
					int internal = provider.indexOf(PROVIDER);
					if (!provider.startsWith(PACKAGE) || internal < 0 || !provider.endsWith(PROVIDER_SUFFIX)) {
						return null;
					}
					String servicePackage = provider.substring(0, internal);
					String prefix = provider.substring(internal + PROVIDER.length(),
							provider.length() - PROVIDER_SUFFIX.length());
					if (prefix.isEmpty() || prefix.indexOf('.') >= 0) {
						return null;
					}
					// DynamoDB's jar also names its streams service, one package deeper.
					candidates.add(servicePackage + "." + prefix + "Client");
					candidates.add(servicePackage + "." + prefix + "AsyncClient");
				}
			}
			return candidates;
		}

	}

	/**
	 * Reads a class file's {@code SERVICE_METADATA_ID} string constant, and nothing else.
	 */
	private static final class ServiceIdConstant extends ClassVisitor {

		private @Nullable String serviceId;

		private ServiceIdConstant() {
			super(SpringAsmInfo.ASM_VERSION);
		}

		static @Nullable String read(Class<?> type) {
			ClassLoader classLoader = (type.getClassLoader() != null) ? type.getClassLoader()
					: ClassLoader.getSystemClassLoader();
			try (InputStream in = classLoader.getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
				if (in == null) {
					return null;
				}
				ServiceIdConstant constant = new ServiceIdConstant();
				new ClassReader(in).accept(constant,
						ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
				return constant.serviceId;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not read " + type.getName(), ex);
			}
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
			return null;
		}

	}

}
