package io.awsrefresh.autoconfigure;

import io.awsrefresh.client.AwsClientRegistry;

/**
 * What makes the bean behind an injected client: the registry's client of one type for
 * one role. The registrar's definitions name this static factory method, with the type
 * and the role as arguments and the registry autowired, rather than a {@code FactoryBean}
 * or an instance supplier:
 * <ul>
 * <li>Every lookup of beans by type reads every definition, and a factory bean's
 * definition is checked twice (for what it makes, then for itself). With 20 roles and 50
 * client types that is a thousand definitions, and startup paid for it.</li>
 * <li>AOT processing can generate code for a factory method with plain arguments; it
 * cannot for an instance supplier.</li>
 * </ul>
 * The registry owns and closes the client: the definitions have no destroy method.
 */
final class AwsClientBeans {

	private AwsClientBeans() {
	}

	/**
	 * The registry's client of a type for a role.
	 * @param <T> the client type
	 * @param type the client type
	 * @param role the role
	 * @param registry the registry
	 * @return the registry's client, built on first use
	 */
	static <T> T client(Class<T> type, String role, AwsClientRegistry registry) {
		return registry.client(type, role);
	}

}
