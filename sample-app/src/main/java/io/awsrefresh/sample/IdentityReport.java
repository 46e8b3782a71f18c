package io.awsrefresh.sample;

import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * At startup, asks STS who each configured role is and when its credentials expire,
 * through each role's client from the registry.
 */
@Component
class IdentityReport implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(IdentityReport.class);

	private final RoleCredentialsProviders roles;

	private final AwsClientRegistry clients;

	IdentityReport(RoleCredentialsProviders roles, AwsClientRegistry clients) {
		this.roles = roles;
		this.clients = clients;
	}

	@Override
	public void run(ApplicationArguments args) {
		for (String roleName : this.roles.roleNames()) {
			String arn = this.clients.client(StsClient.class, roleName).getCallerIdentity().arn();
			Object expiry = (this.roles.get(roleName).resolveCredentials() instanceof AwsSessionCredentials session)
					? session.expirationTime().orElse(null) : "never (source credentials)";
			logger.info("Role '" + roleName + "' calls AWS as " + arn + "; credentials expire at " + expiry);
		}
	}

}
