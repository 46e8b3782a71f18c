package io.awsrefresh.autoconfigure;

import java.util.Map;

import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.client.AwsRole;
import io.awsrefresh.test.emulator.AwsEmulator;
import io.awsrefresh.test.emulator.AwsEmulatorTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Injected clients and the registry against a real emulator over HTTP.
 */
@AwsEmulatorTest
class AwsClientRegistryEmulatorTests {

	private final ApplicationContextRunner contextRunner;

	/**
	 * Suffix for resource names: the emulator is shared by every test class of the JVM,
	 * and a rerun must not meet the resources of an earlier run.
	 */
	private final String run = Long.toString(System.nanoTime(), 36);

	AwsClientRegistryEmulatorTests(AwsEmulator emulator) {
		this.contextRunner = new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withPropertyValues("spring.application.name=orders", "aws.refresh.region=" + emulator.region(),
					"aws.refresh.endpoint=" + emulator.endpoint(),
					"aws.refresh.source.access-key-id=" + emulator.accessKeyId(),
					"aws.refresh.source.secret-access-key=" + emulator.secretAccessKey(),
					"aws.refresh.role-arn=arn:aws:iam::123456789012:role/app",
					"aws.refresh.roles.audit.role-arn=arn:aws:iam::123456789012:role/audit",
					"aws.refresh.services.s3.path-style-access=true");
	}

	@Test
	void injectedSyncClientsTalkToTheEmulator() {
		this.contextRunner.withUserConfiguration(SyncClients.class).run((context) -> {
			SyncClients clients = context.getBean(SyncClients.class);
			clients.s3.createBucket((b) -> b.bucket("sync-docs-" + this.run));
			clients.s3.putObject((p) -> p.bucket("sync-docs-" + this.run).key("a.txt"),
					RequestBody.fromString("hello sync"));
			assertThat(
					clients.s3.getObjectAsBytes((g) -> g.bucket("sync-docs-" + this.run).key("a.txt")).asUtf8String())
				.isEqualTo("hello sync");

			String queueUrl = clients.sqs.createQueue((q) -> q.queueName("sync-events-" + this.run)).queueUrl();
			clients.sqs.sendMessage((m) -> m.queueUrl(queueUrl).messageBody("stored a.txt"));
			assertThat(clients.sqs.receiveMessage((r) -> r.queueUrl(queueUrl).waitTimeSeconds(1)).messages())
				.singleElement()
				.satisfies((message) -> assertThat(message.body()).isEqualTo("stored a.txt"));

			createTable(clients.dynamoDb, "sync-items-" + this.run);
			clients.dynamoDb.putItem((p) -> p.tableName("sync-items-" + this.run)
				.item(Map.of("id", AttributeValue.fromS("a"), "size", AttributeValue.fromN("10"))));
			assertThat(clients.dynamoDb
				.getItem((g) -> g.tableName("sync-items-" + this.run).key(Map.of("id", AttributeValue.fromS("a"))))
				.item()).containsEntry("size", AttributeValue.fromN("10"));
		});
	}

	@Test
	void injectedAsyncClientsTalkToTheEmulator() {
		this.contextRunner.withUserConfiguration(AsyncClients.class).run((context) -> {
			AsyncClients clients = context.getBean(AsyncClients.class);
			clients.s3.createBucket((b) -> b.bucket("async-docs-" + this.run)).join();
			clients.s3
				.putObject((p) -> p.bucket("async-docs-" + this.run).key("b.txt"),
						AsyncRequestBody.fromString("hello async"))
				.join();
			assertThat(clients.s3
				.getObject((g) -> g.bucket("async-docs-" + this.run).key("b.txt"), AsyncResponseTransformer.toBytes())
				.join()
				.asUtf8String()).isEqualTo("hello async");

			String queueUrl = clients.sqs.createQueue((q) -> q.queueName("async-events-" + this.run)).join().queueUrl();
			clients.sqs.sendMessage((m) -> m.queueUrl(queueUrl).messageBody("stored b.txt")).join();
			assertThat(clients.sqs.receiveMessage((r) -> r.queueUrl(queueUrl).waitTimeSeconds(1)).join().messages())
				.singleElement()
				.satisfies((message) -> assertThat(message.body()).isEqualTo("stored b.txt"));

			createTable(clients.dynamoDb, "async-items-" + this.run);
			clients.dynamoDb
				.putItem((p) -> p.tableName("async-items-" + this.run).item(Map.of("id", AttributeValue.fromS("b"))))
				.join();
			assertThat(clients.dynamoDb
				.getItem((g) -> g.tableName("async-items-" + this.run).key(Map.of("id", AttributeValue.fromS("b"))))
				.join()
				.item()).containsEntry("id", AttributeValue.fromS("b"));
		});
	}

	@Test
	void roleQualifiedBeansCallAsTheirRole() {
		this.contextRunner.withUserConfiguration(RoleClients.class).run((context) -> {
			RoleClients clients = context.getBean(RoleClients.class);
			assertThat(clients.sts.getCallerIdentity().arn())
				.isEqualTo("arn:aws:sts::123456789012:assumed-role/app/orders");
			assertThat(clients.auditSts.getCallerIdentity().arn())
				.isEqualTo("arn:aws:sts::123456789012:assumed-role/audit/orders");
			assertThat(clients.defaultSts).isSameAs(clients.sts);
		});
	}

	@Test
	void injectedBeanIsTheRegistrysInstanceAndOtherKeysGetOtherInstances() {
		this.contextRunner.withUserConfiguration(RoleClients.class).run((context) -> {
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			RoleClients clients = context.getBean(RoleClients.class);
			assertThat(registry.client(StsClient.class)).isSameAs(clients.sts);
			assertThat(registry.client(StsClient.class, "audit")).isSameAs(clients.auditSts);
			assertThat(registry.client(StsClient.class, "default", Region.of("us-east-1"))).isSameAs(clients.sts);
			StsClient otherRegion = registry.client(StsClient.class, "default", Region.EU_WEST_3);
			assertThat(otherRegion).isNotSameAs(clients.sts)
				.isSameAs(registry.client(StsClient.class, "default", Region.EU_WEST_3));
			assertThat(registry.client(StsClient.class, "audit", Region.EU_WEST_3)).isNotSameAs(otherRegion);
		});
	}

	private static void createTable(DynamoDbClient dynamoDb, String name) {
		dynamoDb.createTable((t) -> t.tableName(name)
			.billingMode(BillingMode.PAY_PER_REQUEST)
			.attributeDefinitions(
					AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
			.keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
	}

	private static void createTable(DynamoDbAsyncClient dynamoDb, String name) {
		dynamoDb
			.createTable((t) -> t.tableName(name)
				.billingMode(BillingMode.PAY_PER_REQUEST)
				.attributeDefinitions(
						AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
				.keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()))
			.join();
	}

	static class SyncClients {

		@Autowired
		S3Client s3;

		@Autowired
		SqsClient sqs;

		@Autowired
		DynamoDbClient dynamoDb;

	}

	static class AsyncClients {

		@Autowired
		S3AsyncClient s3;

		@Autowired
		SqsAsyncClient sqs;

		@Autowired
		DynamoDbAsyncClient dynamoDb;

	}

	static class RoleClients {

		@Autowired
		StsClient sts;

		@Autowired
		@AwsRole("default")
		StsClient defaultSts;

		@Autowired
		@AwsRole("audit")
		StsClient auditSts;

	}

}
