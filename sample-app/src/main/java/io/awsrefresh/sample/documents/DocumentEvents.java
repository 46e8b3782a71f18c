package io.awsrefresh.sample.documents;

import java.util.function.Supplier;

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

	public DocumentEvents(SqsClient sqs, DocumentsProperties properties) {
		this.sqs = sqs;
		// Looked up on first use, not at startup: the queue may be created after this
		// bean.
		this.queueUrl = SingletonSupplier
			.of(() -> sqs.getQueueUrl((request) -> request.queueName(properties.queue())).queueUrl());
	}

	public void stored(Document document) {
		String body = "{\"id\":\"" + document.id() + "\",\"size\":" + document.content().length + "}";
		this.sqs.sendMessage((message) -> message.queueUrl(this.queueUrl.get()).messageBody(body));
	}

}
