package io.awsrefresh.autoconfigure;

/**
 * Names of Spring Cloud AWS classes the auto-configuration orders itself against or
 * adapts, as strings: Spring Cloud AWS is optional.
 */
final class SpringCloudAws {

	private static final String PACKAGE = "io.awspring.cloud.autoconfigure.";

	static final String CREDENTIALS = PACKAGE + "core.CredentialsProviderAutoConfiguration";

	static final String REGION = PACKAGE + "core.RegionProviderAutoConfiguration";

	static final String CORE = PACKAGE + "core.AwsAutoConfiguration";

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

	private SpringCloudAws() {
	}

}
