package io.awsrefresh.autoconfigure;

import io.awsrefresh.client.AwsClientRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.util.Assert;

/**
 * The bean behind an injected client: the registry's client of one type for one role. A
 * factory bean with plain constructor arguments, rather than an instance supplier, so
 * that AOT processing can generate code for it. The registry owns and closes the client.
 *
 * @param <T> the client type
 */
class AwsClientFactoryBean<T> implements FactoryBean<T>, BeanFactoryAware {

	private final Class<T> type;

	private final String role;

	private @Nullable BeanFactory beanFactory;

	AwsClientFactoryBean(Class<T> type, String role) {
		this.type = type;
		this.role = role;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public T getObject() {
		Assert.state(this.beanFactory != null, "No BeanFactory");
		return this.beanFactory.getBean(AwsClientRegistry.class).client(this.type, this.role);
	}

	@Override
	public Class<T> getObjectType() {
		return this.type;
	}

}
