package io.awsrefresh.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.awsrefresh.credentials.RoleCredentialsProviders;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Warns once, at startup, of the Spring Cloud AWS client settings that stopped reaching
 * any client because aws-refresh builds the clients Spring Cloud AWS would have built:
 * its per-service keys ({@code spring.cloud.aws.s3.path-style-access-enabled},
 * {@code spring.cloud.aws.sqs.region}, ...) and its global client keys (FIPS, dual-stack,
 * defaults mode). Spring Cloud AWS applies them only to clients it builds itself, and
 * builds none of a type whose bean aws-refresh defines: without this line they would be
 * dropped without a word. The region, credentials and endpoint keys that aws-refresh
 * replaces by design are not repeated here; its customizer beans are applied
 * ({@link SpringCloudAwsClientCustomizers}).
 */
final class SpringCloudAwsSettingsReport implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(SpringCloudAwsSettingsReport.class);

	private static final String PREFIX = "spring.cloud.aws.";

	private static final String SERVICES = "software.amazon.awssdk.services.";

	/**
	 * The prefix of each Spring Cloud AWS service's keys, and the client types whose
	 * beans it builds with them. Secrets Manager, Parameter Store and AppConfig are left
	 * out: their keys and customizers serve the clients of {@code spring.config.import},
	 * which Spring Cloud AWS builds itself at bootstrap.
	 */
	private static final Map<String, List<String>> SERVICE_CLIENTS = Map.of("s3",
			List.of(SERVICES + "s3.S3Client", SERVICES + "s3.S3AsyncClient", SERVICES + "s3.presigner.S3Presigner"),
			"sqs", List.of(SERVICES + "sqs.SqsAsyncClient"), "sns",
			List.of(SERVICES + "sns.SnsClient", SERVICES + "sns.SnsAsyncClient"), "ses",
			List.of(SERVICES + "ses.SesClient", SERVICES + "sesv2.SesV2Client"), "dynamodb",
			List.of(SERVICES + "dynamodb.DynamoDbClient"), "cloudwatch",
			List.of(SERVICES + "cloudwatch.CloudWatchAsyncClient"), "s3vectors",
			List.of(SERVICES + "s3vectors.S3VectorsClient"));

	/**
	 * Keys of a service that shape how its clients are built.
	 */
	private static final Set<String> CLIENT_KEYS = Set.of("region", "endpoint", "dualstack-enabled",
			"path-style-access-enabled", "cross-region-enabled", "accelerate-mode-enabled",
			"checksum-validation-enabled", "chunked-encoding-enabled", "use-arn-region-enabled");

	/**
	 * Global keys that shape every client Spring Cloud AWS builds.
	 */
	private static final Set<String> GLOBAL_CLIENT_KEYS = Set.of("fips-enabled", "dualstack-enabled", "defaults-mode");

	private final ConfigurableListableBeanFactory beanFactory;

	private final Environment environment;

	SpringCloudAwsSettingsReport(ConfigurableListableBeanFactory beanFactory, Environment environment) {
		this.beanFactory = beanFactory;
		this.environment = environment;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Set<String> services = servicesTakenOver();
		if (services.isEmpty()) {
			return;
		}
		Set<String> keys = keysSet(services);
		if (keys.isEmpty()) {
			return;
		}
		logger.warn("aws-refresh builds the " + String.join(", ", services)
				+ " clients Spring Cloud AWS would have built, so these Spring Cloud AWS settings reach no client: "
				+ String.join(", ", keys) + ". Set aws.refresh.services.<id>.region, .endpoint and "
				+ ".path-style-access, or write an io.awsrefresh.client.AwsClientCustomizer bean, instead "
				+ "(docs/spring-cloud-aws.md in the aws-refresh repository).");
	}

	/**
	 * The Spring Cloud AWS services whose default-role client beans aws-refresh defines.
	 */
	private Set<String> servicesTakenOver() {
		ClassLoader classLoader = this.beanFactory.getBeanClassLoader();
		Set<String> services = new TreeSet<>();
		SERVICE_CLIENTS.forEach((service, types) -> {
			for (String type : types) {
				if (ClassUtils.isPresent(type, classLoader) && this.beanFactory.containsBeanDefinition(
						AwsClientBeanRegistrar.beanName(ClassUtils.resolveClassName(type, classLoader),
								RoleCredentialsProviders.DEFAULT_ROLE))) {
					services.add(service);
				}
			}
		});
		return services;
	}

	/**
	 * The client keys set for those services, and the global ones, in their canonical
	 * form, from every property source (environment variables included).
	 */
	private Set<String> keysSet(Set<String> services) {
		Set<String> keys = new TreeSet<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			iterable.stream().forEach((name) -> {
				if (isUnusedClientKey(name, services)) {
					keys.add(name.toString());
				}
			});
		}
		return keys;
	}

	private static boolean isUnusedClientKey(ConfigurationPropertyName name, Set<String> services) {
		if (name.getNumberOfElements() < 4 || !name.toString().startsWith(PREFIX)) {
			return false;
		}
		String first = name.getElement(3, ConfigurationPropertyName.Form.DASHED);
		if (name.getNumberOfElements() == 4) {
			return GLOBAL_CLIENT_KEYS.contains(first);
		}
		return name.getNumberOfElements() == 5 && services.contains(first)
				&& CLIENT_KEYS.contains(name.getElement(4, ConfigurationPropertyName.Form.DASHED));
	}

}
