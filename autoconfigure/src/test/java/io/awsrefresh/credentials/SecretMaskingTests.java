package io.awsrefresh.credentials;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.exception.SdkClientException;

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
		assertThat(SecretMasking.mask("{\"SecretAccessKey\":\"abc\",\"Token\":\"FwoGZXIvYXdzEXAMPLE\"}"))
			.isEqualTo("{\"SecretAccessKey\":\"******\",\"Token\":\"******\"}");
		assertThat(SecretMasking.mask("client_secret=xyz-42&scope=read")).isEqualTo("client_secret=******&scope=read");
		assertThat(SecretMasking.mask("password: \"correct horse battery staple\"")).isEqualTo("password: \"******\"");
	}

	@Test
	void valuesAwsQuotesAsRefusedAreMaskedAndTheRestOfItsAnswerKept() {
		assertThat(SecretMasking.maskAwsAnswer("2 validation errors detected: Value 'tenant 42's phrase' at "
				+ "'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: "
				+ "[\\w+=,.@:\\/-]*; Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have "
				+ "length greater than or equal to 2"))
			.isEqualTo("2 validation errors detected: Value '******' at 'externalId' failed to satisfy constraint: "
					+ "Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*; Value '******' at "
					+ "'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2");
		assertThat(SecretMasking.maskAwsAnswer("User: arn:aws:iam::123456789012:user/app is not authorized"))
			.isEqualTo("User: arn:aws:iam::123456789012:user/app is not authorized");
	}

	@Test
	void userInfoAndAuthorizationTokensAreMasked() {
		assertThat(SecretMasking.mask("GET https://app:s3cr3t@vault.internal:8200/v1/aws/creds failed"))
			.isEqualTo("GET https://******@vault.internal:8200/v1/aws/creds failed");
		String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcHAifQ.c2lnbmF0dXJl";
		assertThat(SecretMasking.mask("sent Authorization: Bearer " + jwt))
			.isEqualTo("sent Authorization: Bearer ******");
		assertThat(SecretMasking.mask("token " + jwt + " expired")).isEqualTo("token ****** expired");
	}

	@Test
	void anAwsSecretAccessKeyAndALongTokenAreMaskedWhereverTheyStand() {
		assertThat(SecretMasking.mask("got " + SECRET_ACCESS_KEY + " back")).isEqualTo("got ****** back");
		String sessionToken = "IQoJb3JpZ2luX2VjE" + "A".repeat(120) + "==";
		assertThat(SecretMasking.mask("lease " + sessionToken)).isEqualTo("lease ******");
	}

	@Test
	void whatExplainsAFailureIsLeftAsItIs() {
		for (String text : new String[] {
				"STS answered AccessDenied (User: arn:aws:iam::123456789012:user/app is not authorized to perform: "
						+ "sts:AssumeRole on resource: arn:aws:iam::210987654321:role/OrganizationAccountAccessRoleReadOn; "
						+ "HTTP 403); request id 4f6c1b2e-9a7d-4c3b-8e21-0d5f6a7b8c9d, key id AKIDEXAMPLE",
				"Unable to load credentials: Profile 'dev' not found", "expected token: EOF",
				"credentialsProviders=[SystemPropertyCredentialsProvider(), EnvironmentVariableCredentialsProvider()]",
				"certificate fingerprint 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12 does not match",
				"Connect to 127.0.0.1:9 [/127.0.0.1] failed: Connection refused" }) {
			assertThat(SecretMasking.mask(text)).isEqualTo(text);
		}
	}

	@Test
	void aCauseIsKeptUnlessItsChainHoldsSomethingToMask() {
		IOException plain = new IOException("Connection refused");
		assertThat(SecretMasking.maskedCause(plain)).isSameAs(plain);
		IllegalStateException leaky = new IllegalStateException("lease refused",
				new IOException("secretAccessKey=" + SECRET_ACCESS_KEY));
		Throwable masked = SecretMasking.maskedCause(leaky);
		assertThat(masked).isNotSameAs(leaky).hasMessage("java.lang.IllegalStateException: lease refused");
		assertThat(masked.getStackTrace()).isEqualTo(leaky.getStackTrace());
		assertThat(masked.getCause()).hasMessage("java.io.IOException: secretAccessKey=******");
		SdkClientException sdk = SdkClientException.create("Unable to execute HTTP request: secret=abc123");
		assertThat(SecretMasking.maskedCause(sdk)).hasMessageNotContaining("abc123");
	}

}
