package io.awsrefresh.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * How the auto-configuration orders itself before Spring Cloud AWS, and the names of the
 * Spring Cloud AWS classes it adapts and of the client types they define beans of, as
 * strings: Spring Cloud AWS is optional.
 */
final class SpringCloudAws {

	/**
	 * The {@code @AutoConfigureOrder} of the credentials, HTTP client and registry
	 * auto-configurations: before every auto-configuration of default order, Spring Cloud
	 * AWS's among them, whose credentials, region and clients are defined only when
	 * missing; after Spring Boot's highest-precedence ones, among them
	 * {@code ServiceConnectionAutoConfiguration}, whose connection details the
	 * credentials read. An order rather than {@code beforeName}: Spring Boot's sorter
	 * looks every name up on the class path, and without Spring Cloud AWS each of the
	 * fourteen it took failed after a search of every jar (14 ms of a 5-module startup,
	 * profiled); an order also covers Spring Cloud AWS auto-configurations that a list
	 * would not name yet.
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	private static final String PACKAGE = "io.awspring.cloud.autoconfigure.";

	// In spring-cloud-aws-autoconfigure, as every auto-configuration named here is.
	private static final String CORE = PACKAGE + "core.AwsAutoConfiguration";

	static final String CONNECTION_DETAILS = PACKAGE + "core.AwsConnectionDetails";

	static final String S3 = PACKAGE + "s3.S3AutoConfiguration";

	static final String S3_CRT = PACKAGE + "s3.S3CrtAsyncClientAutoConfiguration";

	static final String S3_TRANSFER_MANAGER = PACKAGE + "s3.S3TransferManagerAutoConfiguration";

	static final String S3_VECTORS = PACKAGE + "s3vectors.S3VectorClientAutoConfiguration";

	static final String SQS = PACKAGE + "sqs.SqsAutoConfiguration";

	static final String SNS = PACKAGE + "sns.SnsAutoConfiguration";

	static final String SES = PACKAGE + "ses.SesAutoConfiguration";

	static final String DYNAMODB = PACKAGE + "dynamodb.DynamoDbAutoConfiguration";

	static final String CLOUDWATCH = PACKAGE + "metrics.CloudWatchExportAutoConfiguration";

	static final String SECRETS_MANAGER = PACKAGE + "config.secretsmanager.SecretsManagerAutoConfiguration";

	static final String PARAMETER_STORE = PACKAGE + "config.parameterstore.ParameterStoreAutoConfiguration";

	private static final String SERVICES = "software.amazon.awssdk.services.";

	private static final String S3_CLIENT = SERVICES + "s3.S3Client";

	// What makes S3AutoConfiguration define its S3 encryption client (4.1.0's
	// S3EncryptionConditional): the library, and a KMS key id or a key provider bean.
	private static final String S3_ENCRYPTION_CLIENT = "software.amazon.encryption.s3.S3EncryptionClient";

	private static final String S3_ENCRYPTION_KEY_ID = "spring.cloud.aws.s3.encryption.key-id";

	private static final List<String> S3_ENCRYPTION_KEY_PROVIDERS = List.of(PACKAGE + "s3.S3AesProvider",
			PACKAGE + "s3.S3RsaProvider");

	/**
	 * The client types each Spring Cloud AWS auto-configuration defines a bean of unless
	 * one exists, or injects (read from its class files, 4.1.0): these have their
	 * default-role beans before it asks.
	 */
	private static final Map<String, List<String>> CLIENT_TYPES = Map.ofEntries(
			Map.entry(S3, List.of(SERVICES + "s3.S3Client", SERVICES + "s3.presigner.S3Presigner")),
			Map.entry(S3_CRT, List.of(SERVICES + "s3.S3AsyncClient")),
			Map.entry(S3_TRANSFER_MANAGER,
					List.of(SERVICES + "s3.S3AsyncClient", "software.amazon.awssdk.transfer.s3.S3TransferManager")),
			Map.entry(S3_VECTORS, List.of(SERVICES + "s3vectors.S3VectorsClient")),
			Map.entry(SQS, List.of(SERVICES + "sqs.SqsAsyncClient", SERVICES + "s3.S3AsyncClient")),
			Map.entry(SNS, List.of(SERVICES + "sns.SnsClient", SERVICES + "sns.SnsAsyncClient")),
			Map.entry(SES, List.of(SERVICES + "ses.SesClient", SERVICES + "sesv2.SesV2Client")),
			Map.entry(DYNAMODB,
					List.of(SERVICES + "dynamodb.DynamoDbClient",
							"software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient")),
			Map.entry(CLOUDWATCH, List.of(SERVICES + "cloudwatch.CloudWatchAsyncClient")),
			Map.entry(SECRETS_MANAGER, List.of(SERVICES + "secretsmanager.SecretsManagerClient")),
			Map.entry(PARAMETER_STORE, List.of(SERVICES + "ssm.SsmClient")));

	private SpringCloudAws() {
	}

	/**
	 * The client types that Spring Cloud AWS auto-configurations on the class path would
	 * define beans of, among those present.
	 * @param classLoader the class loader to look in
	 * @return the types, sorted by name; empty without Spring Cloud AWS
	 */
	static List<Class<?>> clientTypes(ClassLoader classLoader) {
		return clientTypes(classLoader, false);
	}

	/**
	 * The client types that Spring Cloud AWS auto-configurations on the class path would
	 * define beans of, among those present, but for {@code S3Client} where Spring Cloud
	 * AWS's S3 encryption client is configured: that one is an {@code S3Client} bean
	 * defined only when none is, and with aws-refresh's in its place {@code S3Template}
	 * would write objects without client-side encryption.
	 * @param classLoader the class loader to look in
	 * @param beanFactory the application's bean definitions
	 * @param environment the environment
	 * @return the types, sorted by name; empty without Spring Cloud AWS
	 */
	static List<Class<?>> clientTypes(ClassLoader classLoader, ListableBeanFactory beanFactory,
			Environment environment) {
		return clientTypes(classLoader, definesS3EncryptionClient(classLoader, beanFactory, environment));
	}

	private static boolean definesS3EncryptionClient(ClassLoader classLoader, ListableBeanFactory beanFactory,
			Environment environment) {
		if (!ClassUtils.isPresent(S3_ENCRYPTION_CLIENT, classLoader) || !ClassUtils.isPresent(S3, classLoader)) {
			return false;
		}
		if (environment.containsProperty(S3_ENCRYPTION_KEY_ID)) {
			return true;
		}
		for (String provider : S3_ENCRYPTION_KEY_PROVIDERS) {
			if (ClassUtils.isPresent(provider, classLoader) && beanFactory
				.getBeanNamesForType(ClassUtils.resolveClassName(provider, classLoader), true, false).length > 0) {
				return true;
			}
		}
		return false;
	}

	private static List<Class<?>> clientTypes(ClassLoader classLoader, boolean withoutS3Client) {
		// Every auto-configuration named here is in spring-cloud-aws-autoconfigure, as
		// AwsAutoConfiguration is: without it, one lookup instead of eleven, each of
		// which searches the whole class path twice (ClassUtils tries the name as a
		// nested class too) and throws.
		if (!ClassUtils.isPresent(CORE, classLoader)) {
			return List.of();
		}
		Set<String> names = new TreeSet<>();
		CLIENT_TYPES.forEach((autoConfiguration, types) -> {
			if (ClassUtils.isPresent(autoConfiguration, classLoader)) {
				names.addAll(types);
			}
		});
		if (withoutS3Client) {
			names.remove(S3_CLIENT);
		}
		List<Class<?>> present = new ArrayList<>();
		for (String name : names) {
			if (ClassUtils.isPresent(name, classLoader)) {
				present.add(ClassUtils.resolveClassName(name, classLoader));
			}
		}
		return present;
	}

}
