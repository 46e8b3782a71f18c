package io.awsrefresh.autoconfigure;

import io.awsrefresh.credentials.RoleCredentialsException;
import io.awsrefresh.credentials.RoleCredentialsProviders;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a role that could not be assumed at startup ({@code defer-refresh: false}):
 * the role, its {@code role-arn} key and what STS answered.
 */
class RoleCredentialsFailureAnalyzer extends AbstractFailureAnalyzer<RoleCredentialsException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RoleCredentialsException cause) {
		String prefix = RoleCredentialsProviders.DEFAULT_ROLE.equals(cause.getRoleName()) ? "aws.refresh."
				: "aws.refresh.roles." + cause.getRoleName() + ".";
		String answer = (cause.getStsErrorCode() != null) ? "STS answered " + cause.getStsErrorCode()
				: "STS could not be reached";
		String description = "Role '" + cause.getRoleName() + "' could not be assumed at startup: " + answer + ".\n\n"
				+ cause.getMessage();
		String action = "Check that '" + prefix + "role-arn' (" + cause.getRoleArn()
				+ ") names a role whose trust policy lets the source credentials assume it, and that STS is "
				+ "reachable ('" + prefix + "sts.endpoint', 'aws.refresh.endpoint', 'aws.refresh.region'). "
				+ "To start without calling STS, set:\n\n    " + prefix + "defer-refresh=true\n";
		return new FailureAnalysis(description, action, cause);
	}

}
