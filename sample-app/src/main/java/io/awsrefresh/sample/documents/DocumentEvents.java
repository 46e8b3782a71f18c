package io.awsrefresh.sample.documents;

import java.util.function.Supplier;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Announces stored documents on an SQS queue.
 */
@Component
public class DocumentEvents {

	private final SqsClient sqs;

	private final Supplier<String> queueUrl;

	private final JsonMapper json;

	public DocumentEvents(SqsClient sqs, DocumentsProperties properties, JsonMapper json) {
		this.sqs = sqs;
		this.json = json;
		// Looked up on first use, not at startup: the queue may be created after this
		// bean.
		this.queueUrl = SingletonSupplier
			.of(() -> sqs.getQueueUrl((request) -> request.queueName(properties.queue())).queueUrl());
	}

	public void stored(Document document) {
		stored(document.id(), document.content().length);
	}

	public void stored(String id, long size) {
		String body = this.json.writeValueAsString(new DocumentStored(id, size));
		this.sqs.sendMessage((message) -> message.queueUrl(this.queueUrl.get()).messageBody(body));
	}

	/**
	 * The message body.
	 *
	 * @param id the document id
	 * @param size its size in bytes
	 */
	record DocumentStored(String id, long size) {

	}

}
