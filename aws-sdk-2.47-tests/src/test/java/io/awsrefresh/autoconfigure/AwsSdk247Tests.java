package io.awsrefresh.autoconfigure;

import io.awsrefresh.credentials.AssumeRoleSpec;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;

import software.amazon.awssdk.core.util.VersionInfo;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The starter, compiled against the build's AWS SDK, on the SDK that Spring Cloud AWS
 * 4.1's BOM brings (2.47.4), which lacks AssumeRole's {@code MinimumSessionTokenSize}
 * (added in 2.54.18). The tests this module borrows prove that roles, clients and Spring
 * Cloud AWS work there; these prove that the one field it lacks is refused where it is
 * set, naming what to do, and that the borrowed tests really ran on 2.47.
 */
class AwsSdk247Tests {

	private static final String ROLE = "arn:aws:iam::123456789012:role/app";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AwsRefreshAutoConfigurations.CREDENTIALS)
		.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
				"aws.refresh.source.secret-access-key=not-a-real-secret", "aws.refresh.role-arn=" + ROLE);

	@Test
	void theSdkOnTheClassPathIs247() throws ReflectiveOperationException {
		// Read from the field: the constant would be inlined at compile time.
		assertThat(VersionInfo.class.getField("SDK_VERSION").get(null)).isEqualTo("2.47.4");
		assertThat(AssumeRoleRequest.Builder.class.getMethods())
			.noneMatch((method) -> method.getName().equals("minimumSessionTokenSize"));
	}

	@Test
	void aMinimumSessionTokenSizeStopsStartupNamingTheKeyAndTheSdkItNeeds() {
		this.contextRunner
			.withPropertyValues("aws.refresh.roles.audit.role-arn=" + ROLE,
					"aws.refresh.roles.audit.minimum-session-token-size=4096")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidAwsRefreshPropertiesFailureAnalyzer(new StandardEnvironment())
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription())
					.contains("Property: aws.refresh.roles.audit.minimum-session-token-size\n")
					.contains("needs AWS SDK for Java 2.54.18 or newer, and the class path has 2.47.4")
					.contains("import software.amazon.awssdk:bom 2.54.18 or newer")
					.contains("or leave the size to STS by removing the key");
			});
	}

	@Test
	void rolesWithoutAMinimumSessionTokenSizeStartAsEverywhere() {
		this.contextRunner.withPropertyValues("aws.refresh.roles.audit.role-arn=" + ROLE)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aSpecBuiltInCodeWithAMinimumSessionTokenSizeIsRefusedWhenBuilt() {
		AssumeRoleSpec spec = AssumeRoleSpec.of(ROLE, "app");
		assertThatIllegalStateException().isThrownBy(() -> spec.withMinimumSessionTokenSize(4096))
			.withMessageContaining("needs AWS SDK for Java 2.54.18 or newer, and the class path has 2.47.4");
	}

	@Test
	void aSpecWithoutOneMakesItsRequest() {
		AssumeRoleRequest request = AssumeRoleSpec.of(ROLE, "app").withExternalId("partner").toRequest(null);
		assertThat(request.roleArn()).isEqualTo(ROLE);
		assertThat(request.externalId()).isEqualTo("partner");
	}

}
