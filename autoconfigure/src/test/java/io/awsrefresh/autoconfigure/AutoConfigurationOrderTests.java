package io.awsrefresh.autoconfigure;

import java.util.List;

import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awsrefresh.credentials.RoleCredentialsProvider;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where Spring Boot's sorter puts the starter among every auto-configuration on this
 * module's class path, Spring Cloud AWS's core among them: after the service connections
 * the credentials read, before what defines the SDK's generic beans when they are
 * missing. The order is {@link SpringCloudAws#ORDER}, not a list of names.
 */
class AutoConfigurationOrderTests {

	private static final List<String> STARTER = List.of(AwsRefreshHttpClientAutoConfiguration.class.getName(),
			AwsRefreshCredentialsAutoConfiguration.class.getName(), AwsClientRegistryAutoConfiguration.class.getName());

	@Test
	void theStarterIsProcessedAfterServiceConnectionsAndBeforeSpringCloudAws() {
		try (ConfigurableApplicationContext context = run()) {
			// Configuration classes are registered in the order they are processed.
			List<String> names = List.of(context.getBeanFactory().getBeanDefinitionNames());
			assertThat(names).containsSubsequence(STARTER);
			int first = names.indexOf(STARTER.get(0));
			int last = names.indexOf(STARTER.get(STARTER.size() - 1));
			assertThat(names.indexOf(ServiceConnectionAutoConfiguration.class.getName())).isNotNegative()
				.isLessThan(first);
			// Only spring-cloud-aws-autoconfigure is here, so only its
			// AwsAutoConfiguration applies (spring-cloud-aws-tests has the rest).
			List<String> springCloudAws = names.stream()
				.filter((name) -> name.startsWith("io.awspring.cloud.autoconfigure."))
				.toList();
			assertThat(springCloudAws).contains(AwsAutoConfiguration.class.getName())
				.allSatisfy((name) -> assertThat(names.indexOf(name)).as(name).isGreaterThan(last));
			// So Spring Cloud AWS's backed off: the generic beans are the starter's.
			assertThat(context.getBean(AwsCredentialsProvider.class)).isInstanceOf(RoleCredentialsProvider.class);
			assertThat(context.getBean(AwsRegionProvider.class))
				.isInstanceOf(AwsRefreshCredentialsAutoConfiguration.FixedRegionProvider.class);
		}
	}

	private static ConfigurableApplicationContext run() {
		SpringApplication application = new SpringApplication(App.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		// Static source keys and an endpoint never called: no STS call at startup. Lazy:
		// this module has spring-cloud-aws-autoconfigure without the rest of Spring Cloud
		// AWS, whose beans could not be built; the starter's are built at startup anyway.
		return application.run("--spring.main.lazy-initialization=true", "--aws.refresh.region=eu-west-1",
				"--aws.refresh.endpoint=http://127.0.0.1:1", "--aws.refresh.source.access-key-id=AKIDEXAMPLE",
				"--aws.refresh.source.secret-access-key=s3cr3t",
				"--aws.refresh.role-arn=arn:aws:iam::123456789012:role/app");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
