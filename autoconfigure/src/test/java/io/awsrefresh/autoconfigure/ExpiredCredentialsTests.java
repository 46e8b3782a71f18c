package io.awsrefresh.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.test.Await;
import io.awsrefresh.test.sts.StsStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A call that AWS rejects as signed with expired credentials, although they looked valid,
 * forces one refresh of the role: however many calls fail together, and for a chained
 * role's source role too.
 */
class ExpiredCredentialsTests {

	private StsStub sts;

	private ApplicationContextRunner contextRunner;

	@BeforeEach
	void start() throws IOException {
		this.sts = StsStub.start();
		this.contextRunner = new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withPropertyValues("aws.refresh.region=us-east-1", "aws.refresh.endpoint=" + this.sts.endpoint(),
					"aws.refresh.source.access-key-id=AKIDSOURCE", "aws.refresh.source.secret-access-key=secret",
					"aws.refresh.role-arn=arn:aws:iam::123456789012:role/app",
					"aws.refresh.roles.audit.role-arn=arn:aws:iam::123456789012:role/audit",
					"aws.refresh.roles.audit.source-role=default");
	}

	@AfterEach
	void stop() {
		this.sts.close();
	}

	@Test
	void manyCallsRejectedTogetherForceOneRefresh() {
		this.contextRunner.run((context) -> {
			StsClient client = context.getBean(AwsClientRegistry.class).client(StsClient.class);
			client.getCallerIdentity();
			assertThat(this.sts.issued()).isOne();
			this.sts.expireToken(this.sts.issuedAccessKeyIds().get(0));
			ExecutorService threads = Executors.newFixedThreadPool(16);
			List<Future<?>> calls = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				calls.add(threads.submit(() -> {
					try {
						client.getCallerIdentity();
					}
					catch (StsException ex) {
						assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
					}
				}));
			}
			for (Future<?> call : calls) {
				call.get(30, TimeUnit.SECONDS);
			}
			threads.shutdown();
			RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
			awaitRefreshes(roles.defaultRole(), 2);
			client.getCallerIdentity();
			assertThat(this.sts.issued()).isEqualTo(2);
			assertThat(roles.defaultRole().resolveCredentials().accessKeyId())
				.isEqualTo(this.sts.issuedAccessKeyIds().get(1));
		});
	}

	@Test
	void aChainedRoleWhoseSourceRoleIsRejectedRefreshesBoth() {
		this.contextRunner.run((context) -> {
			StsClient audit = context.getBean(AwsClientRegistry.class).client(StsClient.class, "audit");
			audit.getCallerIdentity();
			// Issued: the default role's credentials, then the audit role's.
			List<String> issued = this.sts.issuedAccessKeyIds();
			assertThat(issued).hasSize(2);
			this.sts.expireToken(issued.get(0));
			this.sts.expireToken(issued.get(1));
			assertThatExceptionOfType(StsException.class).isThrownBy(audit::getCallerIdentity)
				.satisfies((ex) -> assertThat(ex.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken"));
			// The audit role's forced refresh is rejected, because its source role's
			// credentials are: that forces the default role's refresh, and the audit
			// role's retry then succeeds.
			RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
			awaitRefreshes(roles.defaultRole(), 2);
			awaitRefreshes(roles.get("audit"), 2);
			audit.getCallerIdentity();
			assertThat(this.sts.issued()).isEqualTo(4);
			assertThat(roles.get("audit").status().failures()).isOne();
		});
	}

	private static void awaitRefreshes(RoleCredentialsProvider role, int count) throws InterruptedException {
		Await.until(() -> role.status().refreshes() >= count, Duration.ofSeconds(10));
		assertThat(role.status().refreshes()).isEqualTo(count);
	}

}
