package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.awsrefresh.client.AwsClientCustomizer;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.client.UnsupportedClientTypeException;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.UnknownRoleException;
import io.awsrefresh.test.sts.StsStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline.TimelineEvent;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.metrics.StartupStep;
import org.springframework.javapoet.ClassName;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.ClassUtils;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Which client beans and HTTP clients the registry auto-configuration defines, when it
 * backs off, and how it rejects bad input. Nothing here calls AWS.
 */
@ExtendWith(OutputCaptureExtension.class)
class AwsClientRegistryAutoConfigurationTests {

	/**
	 * Spring Cloud AWS's auto-configurations are on the test classpath: hidden, no client
	 * type has its default-role bean registered at startup.
	 */
	private static final FilteredClassLoader WITHOUT_SPRING_CLOUD_AWS = new FilteredClassLoader("io.awspring.");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
		.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
				"aws.refresh.source.secret-access-key=source-secret",
				"aws.refresh.roles.audit.role-arn=arn:aws:iam::210987654321:role/audit");

	@Test
	void aClientTypesBeanIsRegisteredWhenFirstInjectedAndNothingIsBuiltAtStartup() {
		this.contextRunner.withClassLoader(WITHOUT_SPRING_CLOUD_AWS).run((context) -> {
			assertThat(context).hasNotFailed();
			// Nothing injects a client: no bean, no client interface to load.
			assertThat(context.getBeanDefinitionNames()).noneMatch(AwsClientBeanRegistrar::isClientBeanName);
			assertThat(context.getBean(AwsClientRegistry.class).builds()).isZero();
			assertThat(context.getBeanFactory().containsSingleton("awsRefreshAsyncHttpClient")).isFalse();
		});
		this.contextRunner.withClassLoader(WITHOUT_SPRING_CLOUD_AWS)
			.withUserConfiguration(DefaultRoleUser.class)
			.run((context) -> {
				AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
				assertThat(context.getBean(DefaultRoleUser.class).s3).isSameAs(registry.client(S3Client.class));
				// Registered for the type asked for, and only that one; then found by
				// type.
				assertThat(context.getBeanNamesForType(S3Client.class)).containsExactly("awsRefresh.S3Client.default");
				assertThat(context.getBeanNamesForType(SqsAsyncClient.class)).isEmpty();
				assertThat(context.getBean(S3Client.class)).isSameAs(registry.client(S3Client.class));
				assertThat(registry.builds()).isOne();
			});
	}

	@Test
	void withClientBeansAllEveryClientOnTheClasspathIsABeanOfTheDefaultRoleAtStartup() {
		this.contextRunner.withClassLoader(WITHOUT_SPRING_CLOUD_AWS)
			.withPropertyValues("aws.refresh.client-beans=all")
			.run((context) -> {
				assertThat(context.getBeanNamesForType(S3Client.class)).containsExactly("awsRefresh.S3Client.default");
				assertThat(context.getBeanNamesForType(SqsAsyncClient.class))
					.containsExactly("awsRefresh.SqsAsyncClient.default");
				assertThat(context.getBeanNamesForType(S3TransferManager.class))
					.containsExactly("awsRefresh.S3TransferManager.default");
				// A named role's beans are registered when an injection point asks for
				// one.
				assertThat(context.getBeanDefinitionNames()).noneMatch((name) -> name.endsWith(".audit"));
				assertThat(context.getBean(AwsClientRegistry.class).builds()).isZero();
				assertThat(context.getBean(S3Client.class))
					.isSameAs(context.getBean(AwsClientRegistry.class).client(S3Client.class));
				assertThat(context.getBean(AwsClientRegistry.class).builds()).isOne();
			});
	}

	@Test
	void theTypesSpringCloudAwsConfiguresHaveTheirDefaultRoleBeansFromTheStart() {
		// Its auto-configurations come after this one and ask whether a client bean is
		// missing before any injection point is seen.
		this.contextRunner.run((context) -> {
			assertThat(context.getBeanNamesForType(S3Client.class)).containsExactly("awsRefresh.S3Client.default");
			assertThat(context.getBeanNamesForType(SqsAsyncClient.class))
				.containsExactly("awsRefresh.SqsAsyncClient.default");
			assertThat(context.getBeanNamesForType(S3Presigner.class))
				.containsExactly("awsRefresh.S3Presigner.default");
			assertThat(context.getBeanNamesForType(DynamoDbClient.class))
				.containsExactly("awsRefresh.DynamoDbClient.default");
			// Not one of them.
			assertThat(context.getBeanNamesForType(SqsClient.class)).isEmpty();
			assertThat(context.getBean(AwsClientRegistry.class).builds()).isZero();
		});
	}

	@Test
	void theDefaultRolesClientIsRegisteredForEveryKindOfInjectionPoint() {
		this.contextRunner.withClassLoader(WITHOUT_SPRING_CLOUD_AWS)
			.withUserConfiguration(EveryKindOfDefaultInjection.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
				EveryKindOfDefaultInjection user = context.getBean(EveryKindOfDefaultInjection.class);
				assertThat(user.sqs.getObject()).isSameAs(registry.client(SqsClient.class));
				assertThat(user.sqsAsync).containsSame(registry.client(SqsAsyncClient.class));
				assertThat(user.presigners).containsExactly(registry.client(S3Presigner.class));
				assertThat(user.s3ByName).containsOnlyKeys("awsRefresh.S3Client.default")
					.containsValue(registry.client(S3Client.class));
				assertThat(user.stsClients).containsExactly(registry.client(StsClient.class));
				assertThat(registry.builds()).isEqualTo(5);
				// Lazy: built on first call, the registry's client behind the proxy.
				assertThat(user.lazyDynamo.serviceName()).isEqualTo(DynamoDbClient.SERVICE_NAME);
				assertThat(context.getBean("awsRefresh.DynamoDbClient.default"))
					.isSameAs(registry.client(DynamoDbClient.class));
			});
	}

	@Test
	void anInvalidClientBeansValueFailsStartupNamingTheKey() {
		this.contextRunner.withPropertyValues("aws.refresh.client-beans=some").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).isInstanceOfSatisfying(InvalidAwsRefreshPropertyException.class,
					(ex) -> {
						assertThat(ex.getProperty()).isEqualTo("aws.refresh.client-beans");
						assertThat(ex.getReason()).isEqualTo("cannot be read as one of injected, all");
						assertThat(ex.getExample()).isEqualTo("aws.refresh.client-beans=injected");
					});
		});
	}

	@Test
	void roleQualifiedBeanIsTheRegistrysClientForThatRole() {
		this.contextRunner.withUserConfiguration(AuditUser.class).run((context) -> {
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			assertThat(context.getBean(AuditUser.class).s3).isSameAs(registry.client(S3Client.class, "audit"))
				.isNotSameAs(registry.client(S3Client.class));
			// Registered for the type asked for, and only that one (S3Client's
			// default-role bean is there for Spring Cloud AWS, on the test classpath).
			assertThat(context.getBeanNamesForType(S3Client.class)).containsExactly("awsRefresh.S3Client.default",
					"awsRefresh.S3Client.audit");
			assertThat(context.getBeanNamesForType(SqsClient.class)).isEmpty();
			// A bean like any other: what injected it is destroyed before it.
			assertThat(context.getBeanFactory().getDependentBeans("awsRefresh.S3Client.audit"))
				.anyMatch((name) -> name.contains("AuditUser"));
		});
	}

	@Test
	void aNamedRolesClientIsRegisteredForEveryKindOfInjectionPoint() {
		this.contextRunner.withUserConfiguration(EveryKindOfAuditInjection.class).run((context) -> {
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			EveryKindOfAuditInjection user = context.getBean(EveryKindOfAuditInjection.class);
			assertThat(user.sqs.getObject()).isSameAs(registry.client(SqsClient.class, "audit"));
			assertThat(user.sns).containsSame(registry.client(SqsAsyncClient.class, "audit"));
			assertThat(user.presigner).isSameAs(registry.client(S3Presigner.class, "audit"));
			assertThat(user.viaMetaAnnotation).isSameAs(registry.client(S3Client.class, "audit"));
			// Lazy: built on first call, the registry's client behind the proxy.
			assertThat(registry.builds()).isEqualTo(4);
			assertThat(user.lazyDynamo.serviceName()).isEqualTo(DynamoDbClient.SERVICE_NAME);
			assertThat(context.getBean("awsRefresh.DynamoDbClient.audit"))
				.isSameAs(registry.client(DynamoDbClient.class, "audit"));
		});
	}

	@Test
	void anUnknownRoleIsStillAnUnsatisfiedDependency() {
		this.contextRunner.withUserConfiguration(UnknownRoleUser.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(org.springframework.beans.factory.NoSuchBeanDefinitionException.class);
			assertThat(context.getStartupFailure()).hasMessageContaining("nope");
		});
	}

	@Test
	void anApplicationClientWithoutAwsRoleReplacesTheDefaultRolesBeanOnly(CapturedOutput output) {
		S3Client own = S3Client.builder().region(Region.EU_WEST_1).build();
		this.contextRunner.withBean("myS3", S3Client.class, () -> own)
			.withUserConfiguration(AuditUser.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBeanNames(S3Client.class).containsExactly("myS3", "awsRefresh.S3Client.audit");
				// A plain injection point gets the application's bean, with no ambiguity.
				assertThat(context.getBean(S3Client.class)).isSameAs(own);
				assertThat(context.getBean(AuditUser.class).s3)
					.isSameAs(context.getBean(AwsClientRegistry.class).client(S3Client.class, "audit"));
				assertThat(context.getBeanNamesForType(SqsAsyncClient.class))
					.containsExactly("awsRefresh.SqsAsyncClient.default");
				assertThat(output).contains("aws-refresh left these to beans defined elsewhere: S3Client (myS3)");
			});
		own.close();
	}

	@Test
	void saysNothingWhenItDefinesEveryBean(CapturedOutput output) {
		this.contextRunner.run((context) -> assertThat(output).doesNotContain("aws-refresh left these"));
	}

	@Test
	void serviceOverridesShapeThatServicesClientsOnly() {
		this.contextRunner.withPropertyValues("aws.refresh.endpoint=http://127.0.0.1:4566",
				"aws.refresh.services.sqs.region=eu-west-2", "aws.refresh.services.sqs.endpoint=http://127.0.0.1:9324")
			.run((context) -> {
				AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
				SqsClient sqs = registry.client(SqsClient.class);
				assertThat(sqs.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_2);
				assertThat(sqs.serviceClientConfiguration().endpointOverride())
					.hasValue(URI.create("http://127.0.0.1:9324"));
				S3Client s3 = registry.client(S3Client.class);
				assertThat(s3.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
				assertThat(s3.serviceClientConfiguration().endpointOverride())
					.hasValue(URI.create("http://127.0.0.1:4566"));
				assertThat(registry.client(SqsClient.class, "default", Region.EU_WEST_2)).isSameAs(sqs);
			});
	}

	@Test
	void connectionDetailsBeanReplacesEndpointRegionAndSourceCredentials() {
		AwsRefreshConnectionDetails emulator = new AwsRefreshConnectionDetails() {

			@Override
			public URI getEndpoint() {
				return URI.create("http://127.0.0.1:4566");
			}

			@Override
			public Region getRegion() {
				return Region.AP_SOUTHEAST_2;
			}

			@Override
			public AwsCredentials getSourceCredentials() {
				return AwsBasicCredentials.create("emulator", "emulator");
			}

			@Override
			public boolean isS3PathStyleAccess() {
				return true;
			}

		};
		new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withBean(AwsRefreshConnectionDetails.class, () -> emulator)
			.run((context) -> {
				S3Client s3 = context.getBean(S3Client.class);
				assertThat(s3.serviceClientConfiguration().region()).isEqualTo(Region.AP_SOUTHEAST_2);
				assertThat(s3.serviceClientConfiguration().endpointOverride())
					.hasValue(URI.create("http://127.0.0.1:4566"));
				assertThat(s3.utilities().getUrl((url) -> url.bucket("docs").key("a.txt")).toString())
					.isEqualTo("http://127.0.0.1:4566/docs/a.txt");
				assertThat(context.getBean(AwsCredentialsProvider.class).resolveCredentials().accessKeyId())
					.isEqualTo("emulator");
			});
	}

	@Test
	void applicationsCredentialsProviderBeansDoNotReplaceTheDefaultRoleOfClients() {
		AwsCredentialsProvider one = StaticCredentialsProvider.create(AwsBasicCredentials.create("one", "one"));
		AwsCredentialsProvider two = StaticCredentialsProvider.create(AwsBasicCredentials.create("two", "two"));
		this.contextRunner.withPropertyValues("aws.refresh.role-arn=arn:aws:iam::123456789012:role/app")
			.withBean("one", AwsCredentialsProvider.class, () -> one)
			.withBean("two", AwsCredentialsProvider.class, () -> two)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				S3Client s3 = context.getBean(S3Client.class);
				assertThat(s3.serviceClientConfiguration().credentialsProvider())
					.hasToString("RoleCredentialsProvider[role=default, roleArn=arn:aws:iam::123456789012:role/app]");
			});
	}

	@Test
	void applicationsRoleQualifiedClientReplacesOnlyThatRolesBean() {
		this.contextRunner.withUserConfiguration(OwnAuditS3.class, AuditUser.class).run((context) -> {
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			assertThat(context.getBean(S3Client.class)).isSameAs(registry.client(S3Client.class));
			assertThat(context.getBean(AuditUser.class).s3).isSameAs(context.getBean("ownAuditS3"))
				.isNotSameAs(registry.client(S3Client.class, "audit"));
		});
	}

	@Test
	void aCustomizerMayAskTheRegistryForAnotherClientWhileOneIsBuilt() {
		this.contextRunner.withUserConfiguration(CustomizerUsingTheRegistry.class).run((context) -> {
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			S3Client s3 = registry.client(S3Client.class);
			CustomizerUsingTheRegistry customizer = context.getBean(CustomizerUsingTheRegistry.class);
			assertThat(customizer.sqs).isSameAs(registry.client(SqsClient.class));
			assertThat(registry.client(S3Client.class)).isSameAs(s3);
			// Asking for the very client being built cannot end well: say so.
			customizer.askForItself = true;
			assertThatIllegalStateException()
				.isThrownBy(() -> registry.client(S3Client.class, "default", Region.AP_SOUTH_1))
				.withMessageContaining("while that client was being built");
		});
	}

	@Test
	void invalidRegistrySettingsStillFailStartupUnderLazyInitialization() {
		this.contextRunner.withPropertyValues("aws.refresh.cache.max-size=0")
			.withInitializer((context) -> context
				.addBeanFactoryPostProcessor(new org.springframework.boot.LazyInitializationBeanFactoryPostProcessor()))
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void clientBeansSurviveAheadOfTimeProcessing() throws ReflectiveOperationException {
		org.springframework.context.support.GenericApplicationContext context = new org.springframework.context.support.GenericApplicationContext();
		org.springframework.boot.test.util.TestPropertyValues
			.of("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
					"aws.refresh.source.secret-access-key=source-secret",
					"aws.refresh.roles.audit.role-arn=arn:aws:iam::123456789012:role/audit")
			.applyTo(context);
		org.springframework.context.annotation.AnnotationConfigUtils.registerAnnotationConfigProcessors(context);
		context.registerBean(AotApp.class);
		InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
		DefaultGenerationContext generation = generationContext(ClassName.get(AotApp.class), files);
		new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
		generation.writeGeneratedContent();
		String clientBeans = content(files, "io/awsrefresh/autoconfigure/AwsClientBeans__BeanDefinitions.java");
		// Factory-method definitions of the default role's beans registered at startup.
		assertThat(clientBeans).contains("setInstanceSupplier(AwsClientBeans.INSTANCE_SUPPLIER)")
			.doesNotContain("withGenerator")
			.doesNotContain("setDestroyMethodNames(\"close\")")
			.contains("beanDefinition.setDestroyMethodName(\"\")");
		// Kept, or @EventListener detection would read every method of every client type.
		assertThat(clientBeans).contains(
				"setAttribute(\"" + AutoProxyUtils.ORIGINAL_TARGET_CLASS_ATTRIBUTE + "\", SdkClient.class)",
				"setAttribute(\"" + AutoProxyUtils.ORIGINAL_TARGET_CLASS_ATTRIBUTE + "\", Object.class)");
		// Beans registered on injection are registered at run time: the post-processor
		// that has them registered is generated, they are not. The default role's beans
		// of the types Spring Cloud AWS configures (on the test classpath) are generated.
		assertThat(files.getGeneratedFiles(Kind.SOURCE).keySet())
			.anySatisfy((path) -> assertThat(content(files, path)).contains("InjectedClientBeans"))
			.anySatisfy((path) -> assertThat(content(files, path))
				.contains("registerBeanDefinition(\"awsRefresh.S3Client.default\""))
			.noneSatisfy((path) -> assertThat(content(files, path)).contains("awsRefresh.S3Client.audit"));
	}

	private static String content(InMemoryGeneratedFiles files, String path) {
		try {
			String content = files.getGeneratedFileContent(Kind.SOURCE, path);
			assertThat(content).as(path).isNotNull();
			return content;
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@Test
	void theRegistryAloneClosesTheClientsItsBeansHandOut() {
		this.contextRunner.withPropertyValues("aws.refresh.roles.audit.role-arn=arn:aws:iam::123456789012:role/audit")
			.withUserConfiguration(EveryKindOfAuditInjection.class, AuditUser.class)
			.run((context) -> {
				for (String name : List.of("awsRefresh.S3Client.default", "awsRefresh.S3Client.audit",
						"awsRefresh.S3Presigner.audit")) {
					// Empty, not inferred: Spring would otherwise close each
					// AutoCloseable
					// client a second time, before the registry closes it.
					assertThat(context.getBeanFactory().getBeanDefinition(name).getDestroyMethodName()).isEmpty();
				}
			});
	}

	/**
	 * A generation context on Spring Framework 7.0 and 7.1 alike: 7.1 replaced
	 * {@code ClassNameGenerator} by {@code NameGenerator}, and this test also runs on
	 * Spring Boot 4.1 (spring-boot-4.1-tests).
	 */
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

	@Test
	void noBeansForAServiceModuleThatIsNotOnTheClasspath() {
		this.contextRunner.withPropertyValues("aws.refresh.client-beans=all")
			.withClassLoader(new FilteredClassLoader("software.amazon.awssdk.services.s3."))
			.run((context) -> {
				assertThat(context.getBeanNamesForType(SqsClient.class)).hasSize(1);
				assertThat(context.getBeanDefinitionNames()).noneMatch((name) -> name.startsWith("awsRefresh.S3"));
			});
		assertThat(AwsClientTypes.scan(new FilteredClassLoader("software.amazon.awssdk.services.s3.")).serviceIds())
			.doesNotContain("s3")
			.contains("sqs", "sts");
	}

	@Test
	void resourceObjectsAreBeansOnlyWhenTheirModuleIsOnTheClasspath() {
		ApplicationContextRunner contextRunner = this.contextRunner.withPropertyValues("aws.refresh.client-beans=all");
		contextRunner.run((context) -> assertThat(context.getBeanNamesForType(S3TransferManager.class))
			.containsExactly("awsRefresh.S3TransferManager.default"));
		contextRunner.withClassLoader(new FilteredClassLoader("software.amazon.awssdk.transfer.s3.")).run((context) -> {
			assertThat(context.getBeanNamesForType(S3Presigner.class)).hasSize(1);
			assertThat(context.getBeanDefinitionNames()).noneMatch((name) -> name.contains("S3TransferManager"));
		});
		contextRunner.withClassLoader(new FilteredClassLoader("software.amazon.awssdk.services.s3."))
			.run((context) -> assertThat(context.getBeanDefinitionNames())
				.noneMatch((name) -> name.contains("S3Presigner") || name.contains("S3TransferManager")
						|| name.contains("S3Utilities"))
				.anyMatch((name) -> name.contains("DynamoDbEnhancedClient")));
	}

	@Test
	void withoutNettyAsyncClientsFailWithAClearMessage() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(NettyNioAsyncHttpClient.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(SdkAsyncHttpClient.class);
			assertThatIllegalStateException()
				.isThrownBy(() -> context.getBean(AwsClientRegistry.class).client(SqsAsyncClient.class))
				.withMessageContaining("netty-nio-client");
		});
	}

	@Test
	void sharedSyncHttpClientIsApache5ThenApacheThenUrlConnection() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(SdkHttpClient.class)).isInstanceOf(Apache5HttpClient.class));
		this.contextRunner.withClassLoader(new FilteredClassLoader(Apache5HttpClient.class))
			.run((context) -> assertThat(context.getBean(SdkHttpClient.class)).isInstanceOf(ApacheHttpClient.class));
		this.contextRunner.withClassLoader(new FilteredClassLoader(Apache5HttpClient.class, ApacheHttpClient.class))
			.run((context) -> assertThat(context.getBean(SdkHttpClient.class))
				.isInstanceOf(UrlConnectionHttpClient.class));
	}

	@Test
	void stsClientsShareTheHttpClientAndDoNotCloseIt() throws Exception {
		try (StsStub sts = StsStub.start()) {
			this.contextRunner
				.withPropertyValues("aws.refresh.role-arn=arn:aws:iam::123456789012:role/app",
						"aws.refresh.endpoint=" + sts.endpoint())
				.run((context) -> {
					context.getBean(RoleCredentialsProviders.class).defaultRole().resolveCredentials();
					context.getBean(RoleCredentialsProviders.class).close();
					SdkHttpRequest request = SdkHttpRequest.builder()
						.method(SdkHttpMethod.POST)
						.uri(sts.endpoint())
						.build();
					assertThat(context.getBean(SdkHttpClient.class)
						.prepareRequest(HttpExecuteRequest.builder().request(request).build())
						.call()
						.httpResponse()
						.statusCode()).isEqualTo(200);
					assertThat(sts.assumeRoleRequests()).isEqualTo(2);
				});
		}
	}

	@Test
	void backsOffFromTheApplicationsHttpClients() {
		SdkHttpClient own = UrlConnectionHttpClient.create();
		this.contextRunner.withBean(SdkHttpClient.class, () -> own)
			.run((context) -> assertThat(context).getBean(SdkHttpClient.class).isSameAs(own));
	}

	@Test
	void typedCustomizersApplyToTheirBuildersOnlyAndKnowTheRoleAndRegion() {
		Calls calls = new Calls();
		this.contextRunner.withUserConfiguration(TypedCustomizers.class)
			.withBean(Calls.class, () -> calls)
			.run((context) -> {
				AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
				registry.client(S3Client.class);
				registry.client(S3Client.class, "audit", Region.AP_SOUTH_1);
				registry.client(SqsClient.class);
				registry.client(SqsAsyncClient.class, "audit");
				assertThat(calls.names).containsExactlyInAnyOrder("s3 lambda: default eu-west-1",
						"s3 class: default eu-west-1", "every: default eu-west-1", "s3 lambda: audit ap-south-1",
						"s3 class: audit ap-south-1", "every: audit ap-south-1", "every: default eu-west-1",
						"sqs async: audit eu-west-1", "every: audit eu-west-1");
			});
	}

	@Test
	void customizersAreAppliedInOrderToEveryBuild() {
		Calls calls = new Calls();
		this.contextRunner.withUserConfiguration(OrderedCustomizers.class)
			.withBean(Calls.class, () -> calls)
			.run((context) -> {
				context.getBean(AwsClientRegistry.class).client(S3Client.class);
				context.getBean(AwsClientRegistry.class).client(S3AsyncClient.class, "audit");
				assertThat(calls.names).containsExactly("first", "second", "first", "second");
			});
	}

	@Test
	void aMisspeltAwsRoleStopsStartupListingTheConfiguredRoles() {
		this.contextRunner.withUserConfiguration(MisspeltAuditUser.class).run((context) -> {
			assertThat(context).hasFailed();
			// The environment the analyzer is given when a real application fails.
			MockEnvironment environment = new MockEnvironment().withProperty("aws.refresh.roles.audit.role-arn",
					"arn:aws:iam::123456789012:role/audit");
			FailureAnalysis analysis = new UnknownAwsRoleFailureAnalyzer(environment)
				.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("@AwsRole(\"audti\") S3Client")
				.contains(MisspeltAuditUser.class.getName())
				.contains("no role named 'audti' is configured; configured roles: [default, audit]");
			assertThat(analysis.getAction()).contains("aws.refresh.roles.audti.role-arn=");
		});
	}

	@Test
	void registryRejectsUnknownRolesAndTypesThatAreNotClients() {
		this.contextRunner.run((context) -> {
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			assertThatExceptionOfType(UnknownRoleException.class)
				.isThrownBy(() -> registry.client(S3Client.class, "audti"))
				.withMessageContaining("'audti'")
				.withMessageContaining("[default, audit]");
			assertThatExceptionOfType(UnsupportedClientTypeException.class)
				.isThrownBy(() -> registry.client(S3Configuration.class))
				.withMessageContaining(S3Configuration.class.getName());
			assertThatExceptionOfType(UnsupportedClientTypeException.class)
				.isThrownBy(() -> registry.client(String.class));
		});
	}

	@Test
	void closedRegistryRefusesToBuild() {
		this.contextRunner.run((context) -> {
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			registry.close();
			assertThatIllegalStateException().isThrownBy(() -> registry.client(SqsClient.class))
				.withMessageContaining("closed");
		});
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource({ "aws.refresh.services.dynamo.endpoint, http://127.0.0.1:4566, aws.refresh.services.dynamo",
			"aws.refresh.services.sqs.path-style-access, true, aws.refresh.services.sqs.path-style-access",
			"aws.refresh.services.s3.endpoint, localhost:4566, aws.refresh.services.s3.endpoint",
			"aws.refresh.services.s3.region, EU, aws.refresh.services.s3.region",
			"aws.refresh.cache.max-size, 0, aws.refresh.cache.max-size",
			"aws.refresh.cache.expire-after-access, 0s, aws.refresh.cache.expire-after-access",
			"aws.refresh.http.max-connections, 0, aws.refresh.http.max-connections",
			"aws.refresh.http.connection-timeout, -1s, aws.refresh.http.connection-timeout",
			"aws.refresh.http.socket-timeout, 0ms, aws.refresh.http.socket-timeout",
			"aws.refresh.http.completion-threads, 0, aws.refresh.http.completion-threads" })
	void invalidValueFailsStartupNamingTheKey(String key, String value, String namedKey) {
		this.contextRunner.withPropertyValues(key + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidAwsRefreshPropertiesFailureAnalyzer(new StandardEnvironment())
				.analyze(context.getStartupFailure());
			assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
			assertThat(analysis.getDescription()).contains("Property: " + namedKey + "\n");
			assertThat(analysis.getAction()).contains("for example");
		});
	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class CustomizerUsingTheRegistry {

		volatile SqsClient sqs;

		volatile boolean askForItself;

		@org.springframework.context.annotation.Bean
		AwsClientCustomizer<software.amazon.awssdk.services.s3.S3ClientBuilder> registryUser(
				org.springframework.beans.factory.ObjectProvider<AwsClientRegistry> registry) {
			return (builder, role, region) -> {
				if (this.askForItself) {
					registry.getObject().client(S3Client.class, "default", Region.AP_SOUTH_1);
				}
				else {
					// An S3 client that needs another client, as S3 encryption needs KMS.
					this.sqs = registry.getObject().client(SqsClient.class);
				}
			};
		}

	}

	static class MisspeltAuditUser {

		MisspeltAuditUser(@io.awsrefresh.client.AwsRole("audti") S3Client s3) {
		}

	}

	static class DefaultRoleUser {

		final S3Client s3;

		DefaultRoleUser(S3Client s3) {
			this.s3 = s3;
		}

	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class EveryKindOfDefaultInjection {

		final ObjectProvider<SqsClient> sqs;

		final Optional<SqsAsyncClient> sqsAsync;

		final List<S3Presigner> presigners;

		final Map<String, S3Client> s3ByName;

		final StsClient[] stsClients;

		final DynamoDbClient lazyDynamo;

		EveryKindOfDefaultInjection(ObjectProvider<SqsClient> sqs, Optional<SqsAsyncClient> sqsAsync,
				List<S3Presigner> presigners, Map<String, S3Client> s3ByName, StsClient[] stsClients,
				@org.springframework.context.annotation.Lazy DynamoDbClient lazyDynamo) {
			this.sqs = sqs;
			this.sqsAsync = sqsAsync;
			this.presigners = presigners;
			this.s3ByName = s3ByName;
			this.stsClients = stsClients;
			this.lazyDynamo = lazyDynamo;
		}

	}

	static class AuditUser {

		final S3Client s3;

		AuditUser(@io.awsrefresh.client.AwsRole("audit") S3Client s3) {
			this.s3 = s3;
		}

	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	@org.springframework.boot.autoconfigure.ImportAutoConfiguration({ AwsRefreshHttpClientAutoConfiguration.class,
			AwsRefreshCredentialsAutoConfiguration.class, AwsClientRegistryAutoConfiguration.class })
	static class EveryKindOfAuditInjection {

		final ObjectProvider<SqsClient> sqs;

		final Optional<SqsAsyncClient> sns;

		final S3Presigner presigner;

		final S3Client viaMetaAnnotation;

		final DynamoDbClient lazyDynamo;

		EveryKindOfAuditInjection(@io.awsrefresh.client.AwsRole("audit") ObjectProvider<SqsClient> sqs,
				@io.awsrefresh.client.AwsRole("audit") Optional<SqsAsyncClient> sns,
				@io.awsrefresh.client.AwsRole("audit") S3Presigner presigner, @Audit S3Client viaMetaAnnotation,
				@org.springframework.context.annotation.Lazy @io.awsrefresh.client.AwsRole("audit") DynamoDbClient lazyDynamo) {
			this.sqs = sqs;
			this.sns = sns;
			this.presigner = presigner;
			this.viaMetaAnnotation = viaMetaAnnotation;
			this.lazyDynamo = lazyDynamo;
		}

	}

	@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
	@java.lang.annotation.Target(java.lang.annotation.ElementType.PARAMETER)
	@io.awsrefresh.client.AwsRole("audit")
	@interface Audit {

	}

	static class UnknownRoleUser {

		UnknownRoleUser(@io.awsrefresh.client.AwsRole("nope") S3Client s3) {
		}

	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	@org.springframework.boot.autoconfigure.ImportAutoConfiguration({ AwsRefreshHttpClientAutoConfiguration.class,
			AwsRefreshCredentialsAutoConfiguration.class, AwsClientRegistryAutoConfiguration.class })
	static class AotApp {

	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class OwnAuditS3 {

		@org.springframework.context.annotation.Bean(destroyMethod = "close")
		@io.awsrefresh.client.AwsRole("audit")
		S3Client ownAuditS3() {
			return S3Client.builder().region(Region.EU_WEST_1).build();
		}

	}

	static class TypedCustomizers {

		@org.springframework.context.annotation.Bean
		AwsClientCustomizer<S3ClientBuilder> s3Lambda(Calls calls) {
			return (builder, role, region) -> calls.names.add("s3 lambda: " + role + " " + region);
		}

		@org.springframework.context.annotation.Bean
		AwsClientCustomizer<S3ClientBuilder> s3Class(Calls calls) {
			return new AwsClientCustomizer<>() {

				@Override
				public void customize(S3ClientBuilder builder, String role, Region region) {
					calls.names.add("s3 class: " + role + " " + region);
				}

			};
		}

		@org.springframework.context.annotation.Bean
		AwsClientCustomizer<SqsAsyncClientBuilder> sqsAsync(Calls calls) {
			return (builder, role, region) -> calls.names.add("sqs async: " + role + " " + region);
		}

		@org.springframework.context.annotation.Bean
		AwsClientCustomizer<AwsClientBuilder<?, ?>> every(Calls calls) {
			return (builder, role, region) -> calls.names.add("every: " + role + " " + region);
		}

	}

	static class Calls {

		final List<String> names = new CopyOnWriteArrayList<>();

	}

	static class OrderedCustomizers {

		@org.springframework.context.annotation.Bean
		@Order(2)
		AwsClientCustomizer<AwsClientBuilder<?, ?>> second(Calls calls) {
			return (builder, role, region) -> calls.names.add("second");
		}

		@org.springframework.context.annotation.Bean
		@Order(1)
		AwsClientCustomizer<AwsClientBuilder<?, ?>> first(Calls calls) {
			return (builder, role, region) -> calls.names.add("first");
		}

	}

}
