package io.awsrefresh.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;

/**
 * Says once, at startup, what aws-refresh left to beans defined elsewhere (by the
 * application, or by a library such as Spring Cloud AWS): default-role client beans and
 * the SDK's generic credentials and region beans. One INFO line, or nothing when
 * aws-refresh defines them all.
 */
final class NeighbourReport implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(NeighbourReport.class);

	private final ListableBeanFactory beanFactory;

	private final AwsClientTypes clientTypes;

	NeighbourReport(ListableBeanFactory beanFactory, AwsClientTypes clientTypes) {
		this.beanFactory = beanFactory;
		this.clientTypes = clientTypes;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<String> left = new ArrayList<>();
		for (Class<? extends SdkClient> type : this.clientTypes.types()) {
			if (!this.beanFactory
				.containsBeanDefinition(AwsClientBeanRegistrar.beanName(type, RoleCredentialsProviders.DEFAULT_ROLE))) {
				left(left, type, null);
			}
		}
		left(left, AwsCredentialsProvider.class, RoleCredentialsProvider.class);
		left(left, AwsRegionProvider.class, AwsRefreshCredentialsAutoConfiguration.FixedRegionProvider.class);
		if (!left.isEmpty()) {
			logger.info("aws-refresh left these to beans defined elsewhere: " + String.join("; ", left)
					+ ". AwsClientRegistry, @AwsRole beans and chained roles still use aws-refresh's roles.");
		}
	}

	private void left(List<String> left, Class<?> type, Class<?> ours) {
		List<String> others = Arrays.stream(this.beanFactory.getBeanNamesForType(type, true, false))
			.filter((name) -> !AwsClientBeanRegistrar.isClientBeanName(name))
			.filter((name) -> ours == null || !this.beanFactory.isTypeMatch(name, ours))
			.toList();
		if (!others.isEmpty()) {
			left.add(type.getSimpleName() + " (" + String.join(", ", others) + ")");
		}
	}

}
