package io.awsrefresh.sample;

import io.awsrefresh.autoconfigure.AwsRefreshProperties;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * At startup, asks STS who each configured role is and when its credentials expire.
 */
@Component
class IdentityReport implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(IdentityReport.class);

	private final RoleCredentialsProviders roles;

	private final AwsRegionProvider region;

	private final AwsRefreshProperties properties;

	IdentityReport(RoleCredentialsProviders roles, AwsRegionProvider region, AwsRefreshProperties properties) {
		this.roles = roles;
		this.region = region;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		for (String roleName : this.roles.roleNames()) {
			RoleCredentialsProvider credentials = this.roles.get(roleName);
			StsClientBuilder builder = StsClient.builder()
				.region(this.region.getRegion())
				.credentialsProvider(credentials);
			if (this.properties.getEndpoint() != null) {
				builder.endpointOverride(this.properties.getEndpoint());
			}
			try (StsClient sts = builder.build()) {
				String arn = sts.getCallerIdentity().arn();
				Object expiry = (credentials.resolveCredentials() instanceof AwsSessionCredentials session)
						? session.expirationTime().orElse(null) : "never (source credentials)";
				logger.info("Role '" + roleName + "' calls AWS as " + arn + "; credentials expire at " + expiry);
			}
		}
	}

}
