package io.awsrefresh.autoconfigure;

import java.util.UUID;

import io.awsrefresh.autoconfigure.AwsRefreshProperties.Source;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SourceCredentials} reads {@code aws.refresh.source.*}: static keys, a profile
 * that exists, or else the SDK's default chain, built anew rather than shared; a mistake
 * names the key to fix and the secret access key is never shown.
 */
class SourceCredentialsTests {

	private static final String SECRET = "wJalrXUtnFEMI-not-a-real-secret";

	/**
	 * The profile the test AWS config and credentials files hold (see the surefire
	 * configuration).
	 */
	private static final String KNOWN_PROFILE = "test-profile";

	private final PropertyProblems problems = new PropertyProblems();

	@Test
	void staticKeysAreReadTrimmed() {
		SourceCredentials credentials = read(" AKIDEXAMPLE ", " " + SECRET + " ", null);
		assertThat(credentials).isEqualTo(new SourceCredentials("AKIDEXAMPLE", SECRET, null));
		assertThat(this.problems.list()).isEmpty();
	}

	@Test
	void blankValuesAreUnset() {
		assertThat(read(" ", "", "  ")).isEqualTo(new SourceCredentials(null, null, null));
		assertThat(this.problems.list()).isEmpty();
	}

	@Test
	void profileThatExistsIsRead() {
		assertThat(read(null, null, KNOWN_PROFILE).profile()).isEqualTo(KNOWN_PROFILE);
		assertThat(this.problems.list()).isEmpty();
	}

	@Test
	void profileAndStaticKeysTogetherAreReportedOnTheProfile() {
		read("AKIDEXAMPLE", SECRET, KNOWN_PROFILE);
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.source.profile");
			assertThat(problem.getValue()).isEqualTo(KNOWN_PROFILE);
			assertThat(problem.getReason())
				.isEqualTo("set either a profile or access-key-id and secret-access-key, not both");
			assertThat(problem.getMessage()).doesNotContain(SECRET);
		});
	}

	@Test
	void profileWithOnlyOneOfTheKeysReportsBoth() {
		read("AKIDEXAMPLE", null, KNOWN_PROFILE);
		assertThat(this.problems.list()).extracting(InvalidAwsRefreshPropertyException::getProperty)
			.containsExactly("aws.refresh.source.profile", "aws.refresh.source.secret-access-key");
	}

	@Test
	void accessKeyIdWithoutSecretAccessKeyIsReportedOnTheMissingKey() {
		read("AKIDEXAMPLE", null, null);
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.source.secret-access-key");
			assertThat(problem.getValue()).isNull();
			assertThat(problem.getReason()).isEqualTo("access-key-id is set but secret-access-key is missing");
			assertThat(problem.getExample()).isEqualTo("aws.refresh.source.secret-access-key=${AWS_SECRET_ACCESS_KEY}");
		});
	}

	@Test
	void secretAccessKeyWithoutAccessKeyIdIsReportedOnTheMissingKeyWithoutTheSecret() {
		read(null, SECRET, null);
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.source.access-key-id");
			assertThat(problem.getValue()).isNull();
			assertThat(problem.getReason()).isEqualTo("secret-access-key is set but access-key-id is missing");
			assertThat(problem.getMessage() + problem.getExample()).doesNotContain(SECRET);
		});
	}

	@Test
	void profileThatDoesNotExistIsReported() {
		String profile = "aws-refresh-no-such-profile-" + UUID.randomUUID();
		read(null, null, profile);
		assertThat(this.problems.list()).singleElement().satisfies((problem) -> {
			assertThat(problem.getProperty()).isEqualTo("aws.refresh.source.profile");
			assertThat(problem.getValue()).isEqualTo(profile);
			assertThat(problem.getReason()).isEqualTo("no profile of that name in the AWS config or credentials file");
			assertThat(problem.getExample()).isEqualTo("aws.refresh.source.profile=default");
		});
	}

	@Test
	void staticKeysCreateAStaticProviderOfThoseKeys() {
		AwsCredentialsProvider provider = new SourceCredentials("AKIDEXAMPLE", SECRET, null).create();
		assertThat(provider).isInstanceOf(StaticCredentialsProvider.class);
		AwsCredentials credentials = provider.resolveCredentials();
		assertThat(credentials.accessKeyId()).isEqualTo("AKIDEXAMPLE");
		assertThat(credentials.secretAccessKey()).isEqualTo(SECRET);
	}

	@Test
	void profileCreatesAProfileProvider() {
		AwsCredentialsProvider provider = new SourceCredentials(null, null, KNOWN_PROFILE).create();
		try {
			assertThat(provider).isInstanceOf(ProfileCredentialsProvider.class);
		}
		finally {
			close(provider);
		}
	}

	@Test
	void nothingSetCreatesANewDefaultChainEachTime() {
		SourceCredentials credentials = new SourceCredentials(null, null, null);
		AwsCredentialsProvider first = credentials.create();
		AwsCredentialsProvider second = credentials.create();
		try {
			assertThat(first).isInstanceOf(DefaultCredentialsProvider.class);
			assertThat(second).isInstanceOf(DefaultCredentialsProvider.class).isNotSameAs(first);
		}
		finally {
			close(first);
			close(second);
		}
	}

	@Test
	void toStringNeverShowsTheSecretAccessKey() {
		SourceCredentials credentials = new SourceCredentials("AKIDEXAMPLE", SECRET, null);
		assertThat(credentials.toString()).doesNotContain(SECRET)
			.isEqualTo("SourceCredentials[accessKeyId=AKIDEXAMPLE, secretAccessKey=******, profile=null]");
	}

	@Test
	void toStringWithoutASecretAccessKeyShowsNull() {
		assertThat(new SourceCredentials(null, null, KNOWN_PROFILE))
			.hasToString("SourceCredentials[accessKeyId=null, secretAccessKey=null, profile=" + KNOWN_PROFILE + "]");
	}

	@Test
	void secretAccessKeyIsNeverInAnyProblem() {
		SourceCredentials credentials = read(null, SECRET, "aws-refresh-no-such-profile-" + UUID.randomUUID());
		assertThat(this.problems.list()).hasSize(2)
			.allSatisfy((problem) -> assertThat(problem.getMessage() + problem.getValue() + problem.getExample())
				.doesNotContain(SECRET));
		assertThat(credentials.toString()).doesNotContain(SECRET);
	}

	private SourceCredentials read(@Nullable String accessKeyId, @Nullable String secretAccessKey,
			@Nullable String profile) {
		Source source = new Source();
		source.setAccessKeyId(accessKeyId);
		source.setSecretAccessKey(secretAccessKey);
		source.setProfile(profile);
		return SourceCredentials.read(source, this.problems);
	}

	private static void close(AwsCredentialsProvider provider) {
		if (provider instanceof SdkAutoCloseable closeable) {
			closeable.close();
		}
	}

}
