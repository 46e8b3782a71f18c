package io.awsrefresh.credentials;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.util.VersionInfo;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the build's own SDK every field is sent; module aws-sdk-2.47-tests checks an SDK
 * without {@code MinimumSessionTokenSize}.
 */
class StsRequestFieldsTests {

	@Test
	void theBuildsSdkSendsAMinimumSessionTokenSize() {
		assertThat(StsRequestFields.minimumSessionTokenSize()).isTrue();
		AssumeRoleRequest request = AssumeRoleSpec.of("arn:aws:iam::123456789012:role/app", "app")
			.withMinimumSessionTokenSize(4096)
			.toRequest(null);
		assertThat(request.minimumSessionTokenSize()).isEqualTo(4096);
	}

	@Test
	void aSpecWithoutOneLeavesTheSizeToSts() {
		AssumeRoleRequest request = AssumeRoleSpec.of("arn:aws:iam::123456789012:role/app", "app").toRequest(null);
		assertThat(request.minimumSessionTokenSize()).isNull();
	}

	@Test
	void theSdkVersionIsTheOneOnTheClassPath() throws IOException {
		// The sdk-core jar says which SDK it is. Here it is also the version compiled
		// against; aws-sdk-2.47-tests shows the run-time read of another.
		Properties pom = new Properties();
		try (InputStream in = VersionInfo.class
			.getResourceAsStream("/META-INF/maven/software.amazon.awssdk/sdk-core/pom.properties")) {
			pom.load(in);
		}
		assertThat(StsRequestFields.sdkVersion()).isEqualTo(pom.getProperty("version"));
	}

	@Test
	void theReasonNamesBothVersionsAndWhatToDo() {
		assertThat(StsRequestFields.needsSdk("2.54.18")).startsWith("needs AWS SDK for Java 2.54.18 or newer")
			.contains("the class path has " + StsRequestFields.sdkVersion())
			.endsWith("import software.amazon.awssdk:bom 2.54.18 or newer");
	}

}
