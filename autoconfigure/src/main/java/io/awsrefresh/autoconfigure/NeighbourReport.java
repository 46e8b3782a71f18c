package io.awsrefresh.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.awsrefresh.credentials.RoleCredentialsProvider;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

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

	NeighbourReport(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<String> left = new ArrayList<>();
		clientsLeft().forEach((type, names) -> left.add(type + " (" + String.join(", ", names) + ")"));
		left(left, AwsCredentialsProvider.class, RoleCredentialsProvider.class);
		left(left, AwsRegionProvider.class, AwsRefreshCredentialsAutoConfiguration.FixedRegionProvider.class);
		if (!left.isEmpty()) {
			logger.info("aws-refresh left these to beans defined elsewhere: " + String.join("; ", left)
					+ ". AwsClientRegistry, @AwsRole beans and chained roles still use aws-refresh's roles.");
		}
	}

	/**
	 * The client beans defined elsewhere that serve the default role (without
	 * {@code @AwsRole}, autowire and default candidates), by type: a plain injection
	 * point of that type gets them instead of aws-refresh's bean.
	 */
	private Map<String, List<String>> clientsLeft() {
		Map<String, List<String>> left = new TreeMap<>();
		for (String name : this.beanFactory.getBeanNamesForType(SdkClient.class, true, false)) {
			if (AwsClientBeanRegistrar.isClientBeanName(name) || !RoleCredentialsProviders.DEFAULT_ROLE
				.equals(AwsClientBeanRegistrar.roleServed(this.beanFactory, name))) {
				continue;
			}
			left.computeIfAbsent(clientInterface(this.beanFactory.getType(name, false)).getSimpleName(),
					(key) -> new ArrayList<>())
				.add(name);
		}
		return left;
	}

	/**
	 * The client interface a bean's type implements: a bean known by its instance has the
	 * SDK's implementation class ({@code DefaultS3Client}) as its type.
	 */
	private static Class<?> clientInterface(@Nullable Class<?> type) {
		for (Class<?> current = type; current != null && !current.isInterface(); current = current.getSuperclass()) {
			for (Class<?> candidate : current.getInterfaces()) {
				if (SdkClient.class.isAssignableFrom(candidate)) {
					return candidate;
				}
			}
		}
		return (type != null) ? type : SdkClient.class;
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
