package io.awsrefresh.springcloudaws;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

import io.awspring.cloud.autoconfigure.s3.S3AesProvider;
import io.awspring.cloud.s3.S3Template;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.test.emulator.AwsEmulatorTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StreamUtils;

import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.encryption.s3.S3EncryptionClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Cloud AWS's S3 encryption client is an {@code S3Client} bean it defines only
 * when none is: where it is configured (here by an AES key provider bean), aws-refresh
 * leaves the {@code S3Client} bean to it, so that {@code S3Template} keeps encrypting on
 * the client, with the default role's credentials. Against moto.
 */
@AwsEmulatorTest
class SpringCloudAwsS3EncryptionTests {

	private static final String BUCKET = "encrypted-" + Long.toString(System.nanoTime(), 36);

	private static final String SECRET = "a document only this application reads";

	@Test
	void s3TemplateKeepsWritingThroughSpringCloudAwsEncryptionClient() throws Exception {
		// Spring Cloud AWS builds its encryption client itself: at moto too.
		try (ConfigurableApplicationContext context = Moto.run(App.class,
				"spring.cloud.aws.endpoint=" + Moto.emulator().endpoint(),
				"spring.cloud.aws.s3.path-style-access-enabled=true")) {
			assertThat(context.getBean(S3Client.class)).isInstanceOf(S3EncryptionClient.class);
			S3Template template = context.getBean(S3Template.class);
			template.createBucket(BUCKET);
			template.upload(BUCKET, "note.txt", new ByteArrayInputStream(SECRET.getBytes(StandardCharsets.UTF_8)));
			// What S3 holds, read with aws-refresh's own client: encrypted on the client.
			ResponseBytes<GetObjectResponse> stored = context.getBean(AwsClientRegistry.class)
				.client(S3Client.class)
				.getObjectAsBytes((request) -> request.bucket(BUCKET).key("note.txt"));
			assertThat(new String(stored.asByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
			// The envelope (the wrapped data key, the IV) goes in the object's metadata.
			assertThat(stored.response().metadata()).isNotEmpty()
				.allSatisfy((key, value) -> assertThat(key).startsWith("x-amz-"));
			assertThat(StreamUtils.copyToString(template.download(BUCKET, "note.txt").getInputStream(),
					StandardCharsets.UTF_8))
				.isEqualTo(SECRET);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		S3AesProvider aesKey() {
			SecretKey key = newKey();
			return () -> key;
		}

		private static SecretKey newKey() {
			try {
				KeyGenerator generator = KeyGenerator.getInstance("AES");
				generator.init(256);
				return generator.generateKey();
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
