package io.awsrefresh.sample.documents;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * Where documents live, and how long a link to one is valid.
 *
 * @param bucket S3 bucket that stores the documents
 * @param queue SQS queue that hears about each stored document
 * @param linkValidity how long a presigned link to a document asks to be valid; it stops
 * working earlier if the credentials that signed it expire first
 */
@ConfigurationProperties("sample.documents")
public record DocumentsProperties(String bucket, String queue, @DefaultValue("10m") Duration linkValidity) {

	/**
	 * The longest validity S3 accepts for a presigned URL (SigV4).
	 */
	private static final Duration MAXIMUM_LINK_VALIDITY = Duration.ofDays(7);

	public DocumentsProperties {
		Assert.hasText(bucket, "sample.documents.bucket must name an S3 bucket");
		Assert.hasText(queue, "sample.documents.queue must name an SQS queue");
		Assert.isTrue(linkValidity.compareTo(Duration.ZERO) > 0 && linkValidity.compareTo(MAXIMUM_LINK_VALIDITY) <= 0,
				() -> "sample.documents.link-validity must be more than 0 and at most 7 days, not " + linkValidity);
	}

}
