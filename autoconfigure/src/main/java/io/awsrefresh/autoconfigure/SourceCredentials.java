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
 * The credentials that call STS, {@code aws.refresh.source.*}, checked: static keys, a
 * named profile, or else the SDK's default chain, built for this application context
 * rather than the JVM-wide {@code DefaultCredentialsProvider.create()} singleton. The
 * secret key is never part of a message or of {@link #toString()}.
 *
 * @param accessKeyId the access key id, or {@code null}
 * @param secretAccessKey the secret access key, or {@code null}
 * @param profile the profile name, or {@code null}
 */
record SourceCredentials(@Nullable String accessKeyId, @Nullable String secretAccessKey, @Nullable String profile) {

	private static final String PREFIX = "aws.refresh.source.";

	static SourceCredentials read(Source source, PropertyProblems problems) {
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
		return new SourceCredentials(accessKeyId, secretAccessKey, profile);
	}

	/**
	 * A new provider of these credentials; the caller owns and closes it.
	 * @return the provider
	 */
	AwsCredentialsProvider create() {
		if (this.accessKeyId != null && this.secretAccessKey != null) {
			return StaticCredentialsProvider.create(AwsBasicCredentials.create(this.accessKeyId, this.secretAccessKey));
		}
		if (this.profile != null) {
			return ProfileCredentialsProvider.builder().profileName(this.profile).build();
		}
		return DefaultCredentialsProvider.builder().build();
	}

	@Override
	public String toString() {
		return "SourceCredentials[accessKeyId=" + this.accessKeyId + ", secretAccessKey="
				+ ((this.secretAccessKey != null) ? "******" : null) + ", profile=" + this.profile + "]";
	}

	private static @Nullable String trimToNull(@Nullable String value) {
		return StringUtils.hasText(value) ? value.strip() : null;
	}

}
