package io.awsrefresh.credentials;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SDK trap this class exists for: closing a client closes the credentials provider
 * its builder was given.
 */
class NonClosingCredentialsProviderTests {

	@Test
	void closingAClientClosesAPlainProviderButNotAWrappedOne() {
		ClosingProvider plain = new ClosingProvider();
		StsClient.builder().region(Region.EU_WEST_1).credentialsProvider(plain).build().close();
		assertThat(plain.closed).as("the SDK closes the provider it was given").isTrue();

		ClosingProvider shared = new ClosingProvider();
		StsClient.builder()
			.region(Region.EU_WEST_1)
			.credentialsProvider(NonClosingCredentialsProvider.of(shared))
			.build()
			.close();
		assertThat(shared.closed).isFalse();
	}

	@Test
	void providersThatCannotBeClosedAreNotWrapped() {
		AwsCredentialsProvider provider = StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"));
		assertThat(NonClosingCredentialsProvider.of(provider)).isSameAs(provider);
		assertThat(NonClosingCredentialsProvider.of(new ClosingProvider())).isNotInstanceOf(AutoCloseable.class);
	}

	static final class ClosingProvider implements AwsCredentialsProvider, SdkAutoCloseable {

		boolean closed;

		@Override
		public AwsCredentials resolveCredentials() {
			return AwsBasicCredentials.create("a", "b");
		}

		@Override
		public void close() {
			this.closed = true;
		}

	}

}
