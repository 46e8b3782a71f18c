package io.awsrefresh.credentials;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.awsrefresh.test.sts.StsStub;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * STS rejects an MFA token code it has already accepted, so no code may reach STS on two
 * AssumeRole requests: every request the STS clients send is recorded as it goes on the
 * wire (each attempt, retries included), against a loopback STS stub.
 */
class MfaTokenReuseTests {

	private static final String DEVICE = "arn:aws:iam::123456789012:mfa/jane";

	private StsStub sts;

	private SdkHttpClient http;

	/**
	 * The (serial number, token code) of every AssumeRole request sent, attempt by
	 * attempt.
	 */
	private final List<String> sent = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() throws IOException {
		this.sts = StsStub.start();
		this.http = Apache5HttpClient.builder().build();
	}

	@AfterEach
	void stop() {
		this.sts.close();
		this.http.close();
	}

	/**
	 * One MFA device (the caller's, in the account it signs in to) used by a role
	 * template in two accounts: each account's role asks the MfaTokenProvider for a code
	 * and calls STS with it, with nothing that stops two roles of one device sending the
	 * same code. A TOTP generator gives one code per 30-second step, so two accounts
	 * first used within a step (or two configured roles with one serial-number, fetched
	 * at startup together) send one code twice, and STS refuses the second. The provider
	 * here is such a generator asked within one step.
	 */
	@Test
	void twoRolesOfOneMfaDeviceNeverSendTheSameCode() {
		// The device's code changes after it was read twice: the second role waits for
		// it (one second here, up to a TOTP step at worst).
		AtomicInteger reads = new AtomicInteger();
		MfaTokenProvider totpWithinOneStep = (serialNumber) -> (reads.incrementAndGet() <= 2) ? "123456" : "654321";
		StsEndpoint endpoint = new StsEndpoint(Region.EU_WEST_1, this.sts.endpoint());
		AssumeRoleSpec template = AssumeRoleSpec.of("arn:aws:iam::" + RoleDefinition.ACCOUNT + ":role/audit", "audit")
			.withSerialNumber(DEVICE);
		try (RoleCredentialsProviders roles = builder(totpWithinOneStep, null)
			.role(role("default", "arn:aws:iam::123456789012:role/app"))
			.role(new RoleDefinition("audit", new RoleSource.AssumeRole(template, null, endpoint),
					RefreshSettings.DEFAULTS))
			.runTimeRoles(10, Duration.ofHours(1), endpoint)
			.build()) {
			roles.forAccount("audit", "111111111111").resolveCredentials();
			roles.forAccount("audit", "222222222222").resolveCredentials();
			assertThat(this.sts.assumeRoleRequests()).isEqualTo(2);
			assertThat(this.sent).as("(device, code) of each AssumeRole request sent").doesNotHaveDuplicates();
		}
	}

	private RoleCredentialsProviders.Builder builder(MfaTokenProvider mfa, @Nullable ExecutionInterceptor extra) {
		ExecutionInterceptor record = new ExecutionInterceptor() {

			@Override
			public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
				if (context.request() instanceof AssumeRoleRequest request && request.tokenCode() != null) {
					MfaTokenReuseTests.this.sent.add(request.serialNumber() + " " + request.tokenCode());
				}
			}

		};
		return RoleCredentialsProviders
			.builder(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSOURCE", "source-secret")))
			.httpClient(this.http)
			.mfaTokenProvider(mfa)
			.stsClientCustomizer((builder, callingRole, region) -> {
				var override = builder.overrideConfiguration().toBuilder().addExecutionInterceptor(record);
				if (extra != null) {
					override.addExecutionInterceptor(extra);
				}
				builder.overrideConfiguration(override.build());
			});
	}

	private RoleDefinition role(String name, String roleArn) {
		AssumeRoleSpec spec = AssumeRoleSpec.of(roleArn, name).withSerialNumber(DEVICE);
		return new RoleDefinition(name,
				new RoleSource.AssumeRole(spec, null, new StsEndpoint(Region.EU_WEST_1, this.sts.endpoint())),
				RefreshSettings.DEFAULTS);
	}

}
