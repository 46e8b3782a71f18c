package io.awsrefresh.sample.documents;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where documents live.
 *
 * @param bucket S3 bucket that stores the documents
 * @param queue SQS queue that hears about each stored document
 */
@ConfigurationProperties("sample.documents")
public record DocumentsProperties(String bucket, String queue) {

}
