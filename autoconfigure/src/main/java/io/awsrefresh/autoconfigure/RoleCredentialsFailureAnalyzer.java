package io.awsrefresh.autoconfigure;

import io.awsrefresh.credentials.RoleCredentialsException;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleSource;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains credentials that could not be obtained during startup (a role with
 * {@code defer-refresh: false}, or a bean that used credentials while starting): for an
 * assumed role, the role, its {@code role-arn} key and what STS answered; for a custom
 * source or a device certificate, their keys; for source credentials, the keys that
 * configure them.
 */
class RoleCredentialsFailureAnalyzer extends AbstractFailureAnalyzer<RoleCredentialsException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RoleCredentialsException cause) {
		String prefix = RoleCredentialsProviders.DEFAULT_ROLE.equals(cause.getRoleName()) ? "aws.refresh."
				: AwsRefreshKeys.entry("aws.refresh.roles", cause.getRoleName()) + ".";
		if (cause.getSourceKind() == RoleSource.Kind.CUSTOM) {
			return new FailureAnalysis(
					"Role '" + cause.getRoleName() + "' could not obtain credentials from its custom source.\n\n"
							+ cause.getMessage(),
					"Check the CustomCredentialsSource bean named by '" + prefix + "custom-source'. With "
							+ "defer-refresh=false its credentials are fetched at startup; to start without them, set:"
							+ "\n\n    " + prefix + "defer-refresh=true\n",
					cause);
		}
		if (cause.getSourceKind() == RoleSource.Kind.IOT_CERTIFICATE) {
			return new FailureAnalysis("Role '" + cause.getRoleName()
					+ "' could not obtain credentials from the AWS IoT credentials provider.\n\n" + cause.getMessage(),
					"Check '" + prefix + "iot.endpoint' (aws iot describe-endpoint --endpoint-type "
							+ "iot:CredentialProvider), '" + prefix + "iot.role-alias', '" + prefix
							+ "iot.thing-name', and the device certificate and private key in the SSL bundle named by '"
							+ prefix + "iot.ssl-bundle': AWS IoT must know the certificate, it must be active, and "
							+ "its policy must allow iot:AssumeRoleWithCertificate on the role alias. With "
							+ "defer-refresh=false the credentials are fetched at startup; to start without them, set:"
							+ "\n\n    " + prefix + "defer-refresh=true\n",
					cause);
		}
		if (cause.getRoleArn() == null) {
			return new FailureAnalysis(
					"The source credentials of role '" + cause.getRoleName() + "' could not be resolved.\n\n"
							+ cause.getMessage(),
					"Configure the credentials that call AWS: 'aws.refresh.source.profile', or "
							+ "'aws.refresh.source.access-key-id' with 'aws.refresh.source.secret-access-key', "
							+ "or the SDK's default chain (AWS_ACCESS_KEY_ID, AWS_PROFILE, web identity, "
							+ "instance role).\n",
					cause);
		}
		String answer = (cause.getStsErrorCode() != null) ? "STS answered " + cause.getStsErrorCode()
				: cause.isStsUnreachable() ? "STS could not be reached" : "the STS call failed";
		String description = "Role '" + cause.getRoleName() + "' could not be assumed: " + answer + ".\n\n"
				+ cause.getMessage();
		String action = "Check that '" + prefix + "role-arn' (" + cause.getRoleArn()
				+ ") names a role whose trust policy lets the source credentials assume it, and that STS is "
				+ "reachable ('" + prefix + "sts.endpoint', 'aws.refresh.endpoint', 'aws.refresh.region'). "
				+ "With defer-refresh=false the role is assumed at startup; to start without calling STS, set:"
				+ "\n\n    " + prefix + "defer-refresh=true\n";
		return new FailureAnalysis(description, action, cause);
	}

}
