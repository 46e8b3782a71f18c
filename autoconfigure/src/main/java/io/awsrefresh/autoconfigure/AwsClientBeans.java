package io.awsrefresh.autoconfigure;

import io.awsrefresh.client.AwsClientRegistry;

import org.springframework.beans.factory.aot.BeanInstanceSupplier;

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

	/**
	 * The instance supplier of every client bean in AOT-generated code: one shared by all
	 * of them, where AOT processing would generate a method and a lambda, so a class, for
	 * each (a thousand with 20 roles and 50 client types). It holds nothing of a bean:
	 * the type and role are the bean's arguments.
	 */
	static final BeanInstanceSupplier<Object> INSTANCE_SUPPLIER = BeanInstanceSupplier
		.<Object>forFactoryMethod(AwsClientBeans.class, "client", Class.class, String.class, AwsClientRegistry.class)
		.withGenerator((registeredBean, arguments) -> client(arguments.get(0), arguments.get(1), arguments.get(2)));

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
