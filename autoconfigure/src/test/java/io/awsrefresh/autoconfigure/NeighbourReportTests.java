package io.awsrefresh.autoconfigure;

import java.util.function.Supplier;

import io.awsrefresh.autoconfigure.AwsRefreshCredentialsAutoConfiguration.FixedRegionProvider;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one INFO line that says what aws-refresh left to beans defined elsewhere: the
 * client beans defined elsewhere for the default role, and the SDK's credentials and
 * region beans, each with the names of the beans that took its place; nothing when
 * aws-refresh defines them all. It reads bean definitions only: no bean is created to
 * write it.
 */
@ExtendWith(OutputCaptureExtension.class)
class NeighbourReportTests {

	private static final String LINE = "aws-refresh left these to beans defined elsewhere: ";

	private static final String ROLES_STILL_USED = ". AwsClientRegistry, @AwsRole beans and chained roles still use "
			+ "aws-refresh's roles.";

	private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();

	@Test
	void saysNothingWhenAwsRefreshDefinesEveryBean(CapturedOutput output) {
		define("awsRefresh.S3Client.default", S3Client.class);
		define("awsRefresh.SqsClient.default", SqsClient.class);
		define("awsRefresh.DynamoDbClient.default", DynamoDbClient.class);
		define("awsRefresh.S3Client.audit", S3Client.class);
		define("roleCredentialsProvider", RoleCredentialsProvider.class);
		define("awsRegionProvider", FixedRegionProvider.class);
		report();
		assertThat(output).doesNotContain("aws-refresh left these");
	}

	@Test
	void namesEachClientTypeLeftToAnotherBeanWithThatBeansNames(CapturedOutput output) {
		define("awsRefresh.S3Client.default", S3Client.class);
		define("awsRefresh.SqsClient.audit", SqsClient.class);
		define("mySqs", SqsClient.class);
		define("otherSqs", SqsClient.class);
		report();
		// DynamoDB has no default-role bean of anyone's: nothing to name.
		assertThat(output).containsOnlyOnce(LINE + "SqsClient (mySqs, otherSqs)" + ROLES_STILL_USED)
			.doesNotContain("DynamoDbClient", "awsRefresh.SqsClient.audit", "S3Client");
	}

	@Test
	void leavesOutClientBeansThatAPlainInjectionPointWouldNotGet(CapturedOutput output) {
		define("awsRefresh.S3Client.default", S3Client.class);
		define("mySqs", SqsClient.class);
		define("replicaSqs", SqsClient.class).setDefaultCandidate(false);
		define("hiddenSqs", SqsClient.class).setAutowireCandidate(false);
		report();
		assertThat(output).containsOnlyOnce(LINE + "SqsClient (mySqs)" + ROLES_STILL_USED);
	}

	@Test
	void namesCredentialsAndRegionProvidersThatAreNotAwsRefreshsAfterTheClients(CapturedOutput output) {
		define("awsRefresh.S3Client.default", S3Client.class);
		define("awsRefresh.DynamoDbClient.default", DynamoDbClient.class);
		define("mySqs", SqsClient.class);
		define("roleCredentialsProvider", RoleCredentialsProvider.class);
		define("credentialsProvider", StaticCredentialsProvider.class);
		define("awsRegionProvider", FixedRegionProvider.class);
		define("regionProvider", DefaultAwsRegionProviderChain.class);
		report();
		assertThat(output).containsOnlyOnce(LINE + "SqsClient (mySqs); AwsCredentialsProvider (credentialsProvider); "
				+ "AwsRegionProvider (regionProvider)" + ROLES_STILL_USED);
	}

	@Test
	void anotherLibrarysCredentialsAloneAreReportedWhenEveryClientIsAwsRefreshs(CapturedOutput output) {
		define("awsRefresh.S3Client.default", S3Client.class);
		define("awsRefresh.SqsClient.default", SqsClient.class);
		define("awsRefresh.DynamoDbClient.default", DynamoDbClient.class);
		define("springCloudAwsCredentials", StaticCredentialsProvider.class);
		report();
		assertThat(output)
			.containsOnlyOnce(LINE + "AwsCredentialsProvider (springCloudAwsCredentials)" + ROLES_STILL_USED);
	}

	private void report() {
		new NeighbourReport(this.beanFactory).afterSingletonsInstantiated();
	}

	/**
	 * A lazy bean of a type, which the report must never create.
	 */
	private <T> RootBeanDefinition define(String name, Class<T> type) {
		Supplier<T> never = () -> {
			throw new AssertionError("the report created " + name);
		};
		RootBeanDefinition definition = new RootBeanDefinition(type, never);
		definition.setLazyInit(true);
		this.beanFactory.registerBeanDefinition(name, definition);
		return definition;
	}

}
