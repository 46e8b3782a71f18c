package io.awsrefresh.autoconfigure;

import java.util.List;
import java.util.Map;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * Starts aws-refresh's client auto-configurations and closes them again, for
 * {@link StartupFootprintTests}, which loads this class in a class loader of its own and
 * calls it by reflection: it takes and returns JDK types only.
 */
public final class StartupFootprintProbe {

	private StartupFootprintProbe() {
	}

	/**
	 * Start a context with these properties, then close it.
	 * @param properties the {@code aws.refresh} properties, and {@code probe.inject-s3}
	 * for a bean that injects an {@code S3Client}
	 * @return the names of the bean definitions the started context held
	 */
	public static List<String> start(Map<String, Object> properties) {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("probe", properties));
			context.register(ProbeConfiguration.class);
			if (Boolean.TRUE.equals(properties.get("probe.inject-s3"))) {
				context.register(S3User.class);
			}
			context.refresh();
			return List.of(context.getBeanDefinitionNames());
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ AwsRefreshHttpClientAutoConfiguration.class,
			AwsRefreshCredentialsAutoConfiguration.class, AwsClientRegistryAutoConfiguration.class })
	static class ProbeConfiguration {

	}

	/**
	 * An application bean that injects one client type. Registered only when asked for:
	 * Spring reads the parameter types of a configuration's bean methods whatever their
	 * conditions say.
	 */
	static class S3User {

		final S3Client s3;

		S3User(S3Client s3) {
			this.s3 = s3;
		}

	}

}
