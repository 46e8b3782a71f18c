package io.awsrefresh.autoconfigure;

import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.client.AwsRole;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

/**
 * In an application's own tests, {@code @MockitoBean S3Client} replaces the starter's
 * bean of the default role, and the other roles' beans stay.
 */
@SpringBootTest(classes = MockitoBeanTests.App.class,
		properties = { "aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
				"aws.refresh.source.secret-access-key=source-secret",
				"aws.refresh.roles.audit.role-arn=arn:aws:iam::210987654321:role/audit" })
class MockitoBeanTests {

	@MockitoBean
	private S3Client s3;

	@Autowired
	private S3Client injected;

	@Autowired
	@AwsRole("audit")
	private S3Client auditS3;

	@Autowired
	private AwsClientRegistry registry;

	@Test
	void theMockReplacesTheDefaultRolesBeanOnly() {
		given(this.s3.listBuckets()).willReturn(ListBucketsResponse.builder().build());
		assertThat(this.injected).isSameAs(this.s3);
		assertThat(Mockito.mockingDetails(this.injected).isMock()).isTrue();
		assertThat(this.injected.listBuckets().buckets()).isEmpty();
		assertThat(Mockito.mockingDetails(this.auditS3).isMock()).isFalse();
		assertThat(this.auditS3).isSameAs(this.registry.client(S3Client.class, "audit"));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ AwsRefreshHttpClientAutoConfiguration.class,
			AwsRefreshCredentialsAutoConfiguration.class, AwsClientRegistryAutoConfiguration.class })
	static class App {

	}

}
