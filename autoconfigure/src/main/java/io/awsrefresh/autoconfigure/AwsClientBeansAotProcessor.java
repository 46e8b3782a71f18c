package io.awsrefresh.autoconfigure;

import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aot.generate.GenerationContext;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationCode;
import org.springframework.beans.factory.aot.BeanRegistrationCodeFragments;
import org.springframework.beans.factory.aot.BeanRegistrationCodeFragmentsDecorator;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.CodeBlock;

/**
 * Keeps two things of each client bean's definition in the code that AOT processing
 * generates, which would otherwise leave them out:
 * <ul>
 * <li>The original target class the registrar gives it ({@code SdkClient}, or
 * {@code Object} for a presigner). Without it Spring's {@code @EventListener} detection
 * reads every method of every client type at startup: with 25 SDK modules that loaded
 * 8,000 request and response classes and cost seconds.</li>
 * <li>Its empty destroy method name, so that Spring does not close the client that the
 * registry closes.</li>
 * </ul>
 * And it makes every client bean share one instance supplier,
 * {@link AwsClientBeans#INSTANCE_SUPPLIER}, rather than each having a generated method
 * and lambda class.
 */
class AwsClientBeansAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		// The bean's class is the client type; the definition's is the factory's.
		if (!AwsClientBeans.class.getName().equals(registeredBean.getMergedBeanDefinition().getBeanClassName())) {
			return null;
		}
		return BeanRegistrationAotContribution.withCustomCodeFragments(ClientBeanCodeFragments::new);
	}

	private static final class ClientBeanCodeFragments extends BeanRegistrationCodeFragmentsDecorator {

		ClientBeanCodeFragments(BeanRegistrationCodeFragments delegate) {
			super(delegate);
		}

		@Override
		public CodeBlock generateInstanceSupplierCode(GenerationContext generationContext,
				BeanRegistrationCode beanRegistrationCode, boolean allowDirectSupplierShortcut) {
			return CodeBlock.of("$T.INSTANCE_SUPPLIER", AwsClientBeans.class);
		}

		@Override
		public CodeBlock generateSetBeanDefinitionPropertiesCode(GenerationContext generationContext,
				BeanRegistrationCode beanRegistrationCode, RootBeanDefinition beanDefinition,
				Predicate<String> attributeFilter) {
			CodeBlock properties = super.generateSetBeanDefinitionPropertiesCode(generationContext,
					beanRegistrationCode, beanDefinition,
					attributeFilter.or(AutoProxyUtils.ORIGINAL_TARGET_CLASS_ATTRIBUTE::equals));
			// Generated code leaves an empty destroy method name out, and Spring would
			// then infer close() for the AutoCloseable client that the registry closes.
			return CodeBlock.builder()
				.add(properties)
				.addStatement("$L.setDestroyMethodName($S)", BEAN_DEFINITION_VARIABLE, "")
				.build();
		}

	}

}
