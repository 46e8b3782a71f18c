package io.awsrefresh.client;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the enhanced (table mapping) clients from the {@code dynamodb-enhanced} module.
 * Each owns a DynamoDB client built like the registry's for the same key (the role's
 * credentials, the shared HTTP client, the customizers, the meters), which closes with
 * it; the enhanced clients themselves hold nothing to close.
 */
final class DynamoDbEnhancedResources {

	private DynamoDbEnhancedResources() {
	}

	static Built client(ClientKey key, ClientFactory factory) {
		DynamoDbClient client = (DynamoDbClient) factory.build(key.withType(DynamoDbClient.class), null);
		return Built.over(DynamoDbEnhancedClient.builder().dynamoDbClient(client).build(), null, client);
	}

	static Built asyncClient(ClientKey key, ClientFactory factory) {
		DynamoDbAsyncClient client = (DynamoDbAsyncClient) factory.build(key.withType(DynamoDbAsyncClient.class), null);
		return Built.over(DynamoDbEnhancedAsyncClient.builder().dynamoDbClient(client).build(), null, client);
	}

}
