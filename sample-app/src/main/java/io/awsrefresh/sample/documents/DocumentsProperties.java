package io.awsrefresh.sample.documents;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Where documents live.
 *
 * @param bucket S3 bucket that stores the documents
 * @param queue SQS queue that hears about each stored document
 */
@ConfigurationProperties("sample.documents")
public record DocumentsProperties(String bucket, String queue) {

	public DocumentsProperties {
		Assert.hasText(bucket, "sample.documents.bucket must name an S3 bucket");
		Assert.hasText(queue, "sample.documents.queue must name an SQS queue");
	}

}
