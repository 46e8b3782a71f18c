package io.awsrefresh.autoconfigure.actuate;

import java.util.function.Function;

import io.awsrefresh.credentials.RoleCredentialsProviders;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The tag name of a client's role, for the SDK call meters and observations.
 */
final class RoleTagNames {

	private RoleTagNames() {
	}

	/**
	 * A role's tag name from the application's providers, else read from the name (a
	 * registry built by hand may have none).
	 * @param roles the providers
	 * @return the tag name by role name
	 */
	@SuppressWarnings("deprecation")
	static Function<String, String> of(ObjectProvider<RoleCredentialsProviders> roles) {
		return (role) -> {
			RoleCredentialsProviders providers = roles.getIfUnique();
			return (providers != null) ? providers.tagNameOf(role) : RoleCredentialsProviders.tagName(role);
		};
	}

}
