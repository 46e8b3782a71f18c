package io.awsrefresh.autoconfigure;

import java.io.File;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What starting the auto-configuration loads, counted in a class loader of its own over
 * this module's test class path (without Spring Cloud AWS, which has the types it
 * configures registered at startup). The startup harness ({@code benchmarks/startup})
 * measures the time; this keeps what it found costly from coming back unseen: loading the
 * client interfaces of every SDK module on the class path (50 with 25 modules, 20 MB of
 * class files), and building HTTP or STS clients before anything calls AWS. The starter's
 * own classes are held to a budget, and roles add none.
 */
class StartupFootprintTests {

	/**
	 * The starter's own classes loaded to start with one role, with some room: 122 when
	 * this test was written. A change that needs more at startup raises it, knowingly.
	 */
	private static final int OWN_CLASS_BUDGET = 135;

	private static final String OWN = "io.awsrefresh.";

	private static final String SERVICES = "software.amazon.awssdk.services.";

	private static final String STS = SERVICES + "sts.";

	@Test
	void startingLoadsNoClientInterfaceAndBuildsNoHttpOrStsClient() throws Exception {
		// On this class path, beside STS: S3, SQS, DynamoDB and its enhanced client (as
		// clientBeansAllLoadsEveryClientInterface shows).
		Footprint footprint = start(roles(1));
		assertThat(footprint.beans()).contains("roleCredentialsProviders", "awsClientRegistry");
		assertThat(footprint.classes(serviceClassOutside(STS))).isEmpty();
		assertThat(footprint.classes(enhancedClient())).isEmpty();
		assertThat(footprint.classes(httpClientInternals())).isEmpty();
		assertThat(footprint.classes(stsClientOrRequest())).isEmpty();
	}

	@Test
	void injectingOneClientTypeLoadsThatServiceOnly() throws Exception {
		Map<String, Object> properties = roles(1);
		properties.put("probe.inject-s3", true);
		Footprint footprint = start(properties);
		assertThat(footprint.classes(serviceClassOutside(STS))).contains(S3Client.class.getName())
			.allMatch((name) -> name.startsWith(SERVICES + "s3."));
		assertThat(footprint.classes(enhancedClient())).isEmpty();
		// Built for the injected client, which has not called AWS yet.
		assertThat(footprint.classes(httpClientInternals())).isNotEmpty();
		assertThat(footprint.classes(stsClientOrRequest())).isEmpty();
	}

	@Test
	void clientBeansAllLoadsEveryClientInterface() throws Exception {
		Map<String, Object> properties = roles(1);
		properties.put("aws.refresh.client-beans", "all");
		assertThat(start(properties).loaded()).contains(S3Client.class.getName(), SqsClient.class.getName(),
				DynamoDbClient.class.getName(), DynamoDbEnhancedClient.class.getName());
	}

	@Test
	void twentyRolesLoadTheSameClassesAsOne() throws Exception {
		assertThat(start(roles(20)).classes(own())).isEqualTo(start(roles(1)).classes(own()));
	}

	@Test
	void theStarterKeepsToItsClassBudget() throws Exception {
		assertThat(start(roles(1)).classes(own())).hasSizeLessThanOrEqualTo(OWN_CLASS_BUDGET);
	}

	private static Map<String, Object> roles(int count) {
		// As the startup harness has them: static source keys, and an endpoint that is
		// never called, since nothing at startup calls STS.
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("aws.refresh.region", "eu-west-1");
		properties.put("aws.refresh.endpoint", "http://127.0.0.1:1");
		properties.put("aws.refresh.source.access-key-id", "AKIASTARTUPFOOTPRINT");
		properties.put("aws.refresh.source.secret-access-key", "startup-footprint-secret");
		properties.put("aws.refresh.role-arn", "arn:aws:iam::123456789012:role/default");
		for (int i = 1; i < count; i++) {
			properties.put("aws.refresh.roles.r" + i + ".role-arn", "arn:aws:iam::123456789012:role/r" + i);
		}
		return properties;
	}

	private static Predicate<String> own() {
		return (name) -> name.startsWith(OWN) && !name.startsWith(StartupFootprintProbe.class.getName());
	}

	private static Predicate<String> serviceClassOutside(String allowed) {
		return (name) -> name.startsWith(SERVICES) && !name.startsWith(allowed);
	}

	private static Predicate<String> enhancedClient() {
		return (name) -> name.startsWith("software.amazon.awssdk.enhanced.");
	}

	private static Predicate<String> httpClientInternals() {
		return (name) -> name.startsWith("io.netty.") || name.startsWith("org.apache.hc.")
				|| name.startsWith("org.apache.http.")
				|| name.startsWith("software.amazon.awssdk.http.apache5.internal.")
				|| name.startsWith("software.amazon.awssdk.http.nio.netty.internal.");
	}

	private static Predicate<String> stsClientOrRequest() {
		return (name) -> name.equals(STS + "DefaultStsClient") || name.startsWith(STS + "model.");
	}

	/**
	 * Start the probe in a class loader of its own, whose parent is the platform class
	 * loader: every class it defines was loaded for this startup.
	 */
	@SuppressWarnings("unchecked")
	private static Footprint start(Map<String, Object> properties) throws Exception {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		try (RecordingClassLoader loader = new RecordingClassLoader(classPath())) {
			thread.setContextClassLoader(loader);
			Method start = loader.loadClass(StartupFootprintProbe.class.getName()).getMethod("start", Map.class);
			List<String> beans = (List<String>) start.invoke(null, properties);
			return new Footprint(beans, Set.copyOf(loader.defined));
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	private static URL[] classPath() throws MalformedURLException {
		String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<URL> urls = new ArrayList<>();
		for (String entry : path.split(File.pathSeparator)) {
			if (!entry.isBlank()) {
				URL url = Path.of(entry).toUri().toURL();
				if (!url.toString().contains("/io/awspring/")) {
					urls.add(url);
				}
			}
		}
		return urls.toArray(URL[]::new);
	}

	record Footprint(List<String> beans, Set<String> loaded) {

		Set<String> classes(Predicate<String> filter) {
			Set<String> classes = new TreeSet<>();
			this.loaded.stream().filter(filter).forEach(classes::add);
			return classes;
		}

	}

	/**
	 * Records the name of every class it defines.
	 */
	static final class RecordingClassLoader extends URLClassLoader {

		private final Set<String> defined = ConcurrentHashMap.newKeySet();

		RecordingClassLoader(URL[] urls) {
			super("startup-footprint", urls, ClassLoader.getPlatformClassLoader());
		}

		@Override
		protected Class<?> findClass(String name) throws ClassNotFoundException {
			Class<?> type = super.findClass(name);
			this.defined.add(name);
			return type;
		}

	}

}
