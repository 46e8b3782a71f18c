package io.awsrefresh.credentials;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SecretMasking} masks what looks like a credential in foreign text and leaves the
 * words that explain a failure alone.
 */
class SecretMaskingTests {

	private static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

	@Test
	void valuesAfterKeysThatNameASecretAreMasked() {
		assertThat(SecretMasking.mask("refused: secretAccessKey=abc123, sessionToken: tok/456; password=\"p@ss\""))
			.isEqualTo("refused: secretAccessKey=******, sessionToken: ******; password=\"******\"");
		assertThat(SecretMasking.mask("{\"SecretAccessKey\":\"abc\",\"Token\":\"def\"}"))
			.isEqualTo("{\"SecretAccessKey\":\"******\",\"Token\":\"******\"}");
		assertThat(SecretMasking.mask("client_secret=xyz&scope=read")).isEqualTo("client_secret=******&scope=read");
	}

	@Test
	void anAwsSecretAccessKeyAndALongTokenAreMaskedWhereverTheyStand() {
		assertThat(SecretMasking.mask("got " + SECRET_ACCESS_KEY + " back")).isEqualTo("got ****** back");
		String sessionToken = "IQoJb3JpZ2luX2VjE" + "A".repeat(120) + "==";
		assertThat(SecretMasking.mask("lease " + sessionToken)).isEqualTo("lease ******");
	}

	@Test
	void whatExplainsAFailureIsLeftAsItIs() {
		String text = "STS answered AccessDenied (User: arn:aws:iam::123456789012:user/app is not authorized to "
				+ "perform: sts:AssumeRole on resource: arn:aws:iam::210987654321:role/audit; HTTP 403); "
				+ "request id 4f6c1b2e-9a7d-4c3b-8e21-0d5f6a7b8c9d, key id AKIDEXAMPLE";
		assertThat(SecretMasking.mask(text)).isEqualTo(text);
	}

}
