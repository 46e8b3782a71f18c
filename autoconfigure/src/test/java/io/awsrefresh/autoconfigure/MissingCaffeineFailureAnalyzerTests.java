package io.awsrefresh.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;

import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sts.StsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Explains an SDK client that cannot be injected because Caffeine is not on the class
 * path of the analyzer (so the client registry backed off): which client, why, and which
 * dependency to add. A missing bean of another type, or a missing client while Caffeine
 * is there, is left to Spring Boot.
 */
class MissingCaffeineFailureAnalyzerTests {

	@Test
	void missingClientWithoutCaffeineSaysWhatToAdd() throws Exception {
		NoSuchBeanDefinitionException missing = new NoSuchBeanDefinitionException(StsClient.class);
		FailureAnalysis analysis = withoutCaffeine().analyze(missing);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).isEqualTo("No StsClient can be injected: aws-refresh builds SDK "
				+ "clients in its client registry, which holds on-demand clients in a Caffeine cache, and Caffeine "
				+ "(com.github.benmanes.caffeine.cache.Caffeine) is not on the class path, so the registry was not "
				+ "configured.");
		assertThat(analysis.getAction()).isEqualTo("Depend on io.awsrefresh:aws-refresh-spring-boot-starter, which "
				+ "brings Caffeine, or add com.github.ben-manes.caffeine:caffeine to the application's dependencies.");
		assertThat(analysis.getCause()).isSameAs(missing);
	}

	@Test
	void asyncClientsAndClientsAskedForByResolvableTypeAreMatchedToo() throws Exception {
		FailureAnalysis analysis = withoutCaffeine().analyze(new BeanCreationException("reports", "failed",
				new NoSuchBeanDefinitionException(ResolvableType.forClass(S3AsyncClient.class))));
		assertThat(analysis.getDescription()).startsWith("No S3AsyncClient can be injected:");
	}

	@Test
	void missingBeanThatIsNotAnSdkClientIsLeftToSpringBoot() throws Exception {
		FailureAnalyzer analyzer = withoutCaffeine();
		assertThat(analyzer.analyze(new NoSuchBeanDefinitionException(String.class))).isNull();
		assertThat(analyzer.analyze(new NoSuchBeanDefinitionException("stsClient"))).isNull();
		assertThat(analyzer.analyze(new IllegalStateException("no"))).isNull();
	}

	@Test
	void missingClientWithCaffeineIsLeftToSpringBoot() {
		assertThat(new MissingCaffeineFailureAnalyzer().analyze(new NoSuchBeanDefinitionException(StsClient.class)))
			.isNull();
	}

	@Test
	void runsBeforeSpringBootsAnalyzerOfMissingBeans() {
		assertThat(new MissingCaffeineFailureAnalyzer().getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
	}

	/**
	 * The analyzer asks its own class loader for Caffeine: one that hides Caffeine
	 * defines it here, with {@link OptionalCaffeine} so that the two share their package.
	 */
	private static FailureAnalyzer withoutCaffeine() throws Exception {
		FilteredClassLoader classLoader = new FilteredClassLoader("com.github.benmanes.caffeine");
		define(classLoader, OptionalCaffeine.class);
		Class<?> analyzer = define(classLoader, MissingCaffeineFailureAnalyzer.class);
		assertThat(analyzer.getClassLoader()).isSameAs(classLoader);
		Constructor<?> constructor = analyzer.getDeclaredConstructor();
		constructor.setAccessible(true);
		return (FailureAnalyzer) constructor.newInstance();
	}

	private static Class<?> define(FilteredClassLoader classLoader, Class<?> type) throws IOException {
		try (InputStream bytes = type.getResourceAsStream(type.getSimpleName() + ".class")) {
			return classLoader.publicDefineClass(type.getName(), bytes.readAllBytes(), null);
		}
	}

}
