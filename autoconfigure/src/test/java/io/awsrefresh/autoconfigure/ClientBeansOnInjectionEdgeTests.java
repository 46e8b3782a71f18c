package io.awsrefresh.autoconfigure;

import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.client.AwsRole;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;
import org.springframework.util.ClassUtils;

import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client beans registered on injection, at their edges: a generic field, a lookup by type
 * after only a named role was injected, a service one package deeper with
 * {@code client-beans: all}, the application's client in a parent context, and the AOT
 * hints for the factory method such beans are made by.
 */
class ClientBeansOnInjectionEdgeTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withClassLoader(new FilteredClassLoader("io.awspring."))
		.withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
		.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
				"aws.refresh.source.secret-access-key=source-secret",
				"aws.refresh.roles.audit.role-arn=arn:aws:iam::210987654321:role/audit");

	/**
	 * {@code @Autowired T client} in a generic base class, resolved by Spring from the
	 * subclass's type argument: the descriptor's dependency type is the erasure
	 * ({@code SdkClient}), the resolvable type is {@code S3Client}.
	 */
	@Test
	void aGenericFieldResolvedToAClientTypeGetsTheClient() {
		this.contextRunner.withUserConfiguration(GenericHolders.class).run((context) -> {
			assertThat(context).hasNotFailed();
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			assertThat(context.getBean(S3Holder.class).client).isSameAs(registry.client(S3Client.class));
			assertThat(context.getBean(AuditS3Holder.class).client).isSameAs(registry.client(S3Client.class, "audit"));
		});
	}

	/**
	 * Only an injection point of the audit role asked for an {@code S3Client}: a lookup
	 * by type finds the default role's bean, registered beside it, never the audit role's
	 * client as if it were the default.
	 */
	@Test
	void aLookupByTypeNeverGetsANamedRolesClient() {
		this.contextRunner.withUserConfiguration(AuditOnlyUser.class).run((context) -> {
			assertThat(context).hasNotFailed();
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			S3Client audit = registry.client(S3Client.class, "audit");
			assertThat(context.getBean(AuditOnlyUser.class).s3).isSameAs(audit);
			assertThat(context.getBeanProvider(S3Client.class).getIfAvailable())
				.as("getBeanProvider(S3Client.class).getIfAvailable()")
				.isNotSameAs(audit);
		});
	}

	/**
	 * {@code client-beans: all} registers the default role's bean of every client type on
	 * the classpath, DynamoDB Streams' too, whose interfaces are one package deeper than
	 * the other services'.
	 */
	@Test
	void withClientBeansAllEveryClientTypeTheRegistryBuildsHasABean() {
		this.contextRunner.withPropertyValues("aws.refresh.client-beans=all").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(AwsClientRegistry.isClientType(DynamoDbStreamsClient.class)).isTrue();
			assertThat(context.getBeanNamesForType(DynamoDbStreamsClient.class)).hasSize(1);
		});
	}

	/**
	 * A bean of the application in a parent context replaces the default role's bean in
	 * the child, as Spring Boot's {@code @ConditionalOnMissingBean}, which searches
	 * ancestors, would back off for it.
	 */
	@Test
	void anApplicationClientInAParentContextReplacesTheDefaultRolesBean() {
		new ApplicationContextRunner().withUserConfiguration(OwnClient.class).run((parent) -> {
			S3Client own = parent.getBean(S3Client.class);
			this.contextRunner.withParent(parent).withUserConfiguration(DefaultRoleUser.class).run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(DefaultRoleUser.class).s3).isSameAs(own);
			});
		});
	}

	/**
	 * A client bean registered on injection is made by reflection on
	 * {@code AwsClientBeans.client} (it is no generated code), and under AOT every named
	 * role's bean and most default-role beans are registered so: the hints AOT processing
	 * contributes cover that method, for a native image.
	 */
	@Test
	void aheadOfTimeHintsCoverTheFactoryMethodOfBeansRegisteredOnInjection() throws ReflectiveOperationException {
		GenericApplicationContext context = new GenericApplicationContext();
		TestPropertyValues
			.of("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
					"aws.refresh.source.secret-access-key=source-secret",
					"aws.refresh.roles.audit.role-arn=arn:aws:iam::123456789012:role/audit")
			.applyTo(context);
		AnnotationConfigUtils.registerAnnotationConfigProcessors(context);
		context.registerBean(AotApp.class);
		InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
		DefaultGenerationContext generation = generationContext(ClassName.get(AotApp.class), files);
		new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(AwsClientBeans.class, "client"))
			.accepts(generation.getRuntimeHints());
	}

	private static DefaultGenerationContext generationContext(ClassName target, GeneratedFiles files)
			throws ReflectiveOperationException {
		String generator = ClassUtils.isPresent("org.springframework.aot.generate.NameGenerator", null)
				? "org.springframework.aot.generate.NameGenerator"
				: "org.springframework.aot.generate.ClassNameGenerator";
		Class<?> generatorType = ClassUtils.forName(generator, null);
		Object names = BeanUtils.instantiateClass(generatorType.getConstructor(ClassName.class), target);
		return BeanUtils.instantiateClass(
				DefaultGenerationContext.class.getConstructor(generatorType, GeneratedFiles.class), names, files);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ AwsRefreshHttpClientAutoConfiguration.class,
			AwsRefreshCredentialsAutoConfiguration.class, AwsClientRegistryAutoConfiguration.class })
	static class AotApp {

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnClient {

		@Bean(destroyMethod = "close")
		S3Client ownS3() {
			return InjectedClientBeanResolverTests.NonCandidateClients.ownClient();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DefaultRoleUser {

		final S3Client s3;

		DefaultRoleUser(S3Client s3) {
			this.s3 = s3;
		}

	}

	abstract static class ClientHolder<T extends SdkClient> {

		@Autowired
		T client;

	}

	static class S3Holder extends ClientHolder<S3Client> {

	}

	abstract static class AuditClientHolder<T extends SdkClient> {

		@Autowired
		@AwsRole("audit")
		T client;

	}

	static class AuditS3Holder extends AuditClientHolder<S3Client> {

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ S3Holder.class, AuditS3Holder.class })
	static class GenericHolders {

	}

	@Configuration(proxyBeanMethods = false)
	static class AuditOnlyUser {

		final S3Client s3;

		AuditOnlyUser(@AwsRole("audit") S3Client s3) {
			this.s3 = s3;
		}

	}

}
