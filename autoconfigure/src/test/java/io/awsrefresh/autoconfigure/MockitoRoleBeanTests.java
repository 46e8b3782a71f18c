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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @MockitoBean @AwsRole("audit") S3Client} replaces the audit role's bean only.
 */
@SpringBootTest(classes = MockitoRoleBeanTests.App.class,
		properties = { "aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
				"aws.refresh.source.secret-access-key=source-secret",
				"aws.refresh.roles.audit.role-arn=arn:aws:iam::210987654321:role/audit" })
class MockitoRoleBeanTests {

	@MockitoBean
	@AwsRole("audit")
	private S3Client auditMock;

	@Autowired
	@AwsRole("audit")
	private S3Client auditS3;

	@Autowired
	private S3Client s3;

	@Autowired
	private AwsClientRegistry registry;

	@Test
	void theMockReplacesTheAuditRolesBeanOnly() {
		assertThat(this.auditS3).isSameAs(this.auditMock);
		assertThat(Mockito.mockingDetails(this.auditS3).isMock()).isTrue();
		assertThat(Mockito.mockingDetails(this.s3).isMock()).isFalse();
		assertThat(this.s3).isSameAs(this.registry.client(S3Client.class));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ AwsRefreshHttpClientAutoConfiguration.class,
			AwsRefreshCredentialsAutoConfiguration.class, AwsClientRegistryAutoConfiguration.class })
	static class App {

	}

}
