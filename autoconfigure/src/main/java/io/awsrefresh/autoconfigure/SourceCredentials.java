package io.awsrefresh.autoconfigure;

import io.awsrefresh.autoconfigure.AwsRefreshProperties.Source;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Builds the credentials that call STS from {@code aws.refresh.source.*}: static keys, a
 * named profile, or else the SDK's default chain, built for this application context
 * rather than the JVM-wide {@code DefaultCredentialsProvider.create()} singleton. Secrets
 * are never part of a message.
 */
final class SourceCredentials {

	private static final String PREFIX = "aws.refresh.source.";

	private SourceCredentials() {
	}

	static AwsCredentialsProvider create(Source source) {
		PropertyProblems problems = new PropertyProblems();
		check(source, problems);
		problems.throwIfAny();
		String accessKeyId = trimToNull(source.getAccessKeyId());
		String secretAccessKey = trimToNull(source.getSecretAccessKey());
		String profile = trimToNull(source.getProfile());
		if (accessKeyId != null && secretAccessKey != null) {
			return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
		}
		if (profile != null) {
			return ProfileCredentialsProvider.builder().profileName(profile).build();
		}
		return DefaultCredentialsProvider.builder().build();
	}

	static void check(Source source, PropertyProblems problems) {
		String accessKeyId = trimToNull(source.getAccessKeyId());
		String secretAccessKey = trimToNull(source.getSecretAccessKey());
		String profile = trimToNull(source.getProfile());
		boolean staticKeys = accessKeyId != null || secretAccessKey != null;
		if (profile != null && staticKeys) {
			problems.add(new InvalidAwsRefreshPropertyException(PREFIX + "profile", profile,
					"set either a profile or access-key-id and secret-access-key, not both",
					PREFIX + "profile=" + profile));
		}
		else if (profile != null && ProfileFile.defaultProfileFile().profile(profile).isEmpty()) {
			problems.add(new InvalidAwsRefreshPropertyException(PREFIX + "profile", profile,
					"no profile of that name in the AWS config or credentials file", PREFIX + "profile=default"));
		}
		if (staticKeys && accessKeyId == null) {
			problems.add(new InvalidAwsRefreshPropertyException(PREFIX + "access-key-id", null,
					"secret-access-key is set but access-key-id is missing",
					PREFIX + "access-key-id=${AWS_ACCESS_KEY_ID}"));
		}
		if (staticKeys && secretAccessKey == null) {
			problems.add(new InvalidAwsRefreshPropertyException(PREFIX + "secret-access-key", null,
					"access-key-id is set but secret-access-key is missing",
					PREFIX + "secret-access-key=${AWS_SECRET_ACCESS_KEY}"));
		}
	}

	private static @Nullable String trimToNull(@Nullable String value) {
		return StringUtils.hasText(value) ? value.strip() : null;
	}

}
