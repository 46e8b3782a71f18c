package io.awsrefresh.autoconfigure;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.client.AwsRole;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.CustomAutowireConfigurer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathBeanDefinitionScanner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where registering a client bean on injection must behave as Spring's own resolution
 * does: qualifiers on setters, beans of the application that are no candidates, a scan at
 * run time, and two threads asking at once for a client not yet registered.
 */
class InjectedClientBeanResolverTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withClassLoader(new FilteredClassLoader("io.awspring."))
		.withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
		.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
				"aws.refresh.source.secret-access-key=source-secret",
				"aws.refresh.roles.audit.role-arn=arn:aws:iam::210987654321:role/audit");

	@Test
	void anAwsRoleOnASetterOrConfigMethodAppliesToItsParameters() {
		this.contextRunner.withUserConfiguration(SetterUser.class).run((context) -> {
			assertThat(context).hasNotFailed();
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			SetterUser user = context.getBean(SetterUser.class);
			assertThat(user.setterClient).isSameAs(registry.client(S3Client.class, "audit"));
			assertThat(user.configMethodClient).isSameAs(registry.client(S3Client.class, "audit"));
		});
	}

	@Test
	void aBeanOfTheApplicationThatIsNoCandidateLeavesTheDefaultRoleItsBean() {
		this.contextRunner.withUserConfiguration(NonCandidateClients.class, DefaultRoleUser.class).run((context) -> {
			assertThat(context).hasNotFailed();
			AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
			assertThat(context.getBean(DefaultRoleUser.class).s3).isSameAs(registry.client(S3Client.class));
			assertThat(context.getBeanNamesForType(S3Client.class)).contains("replicaS3", "hiddenS3",
					"awsRefresh.S3Client.default");
		});
	}

	@Test
	void anInjectionPointNamingTheDefaultRoleGetsTheBeanThatReplacesIt() {
		this.contextRunner.withUserConfiguration(OwnClient.class, ExplicitDefaultRoleUser.class).run((context) -> {
			assertThat(context).hasNotFailed();
			S3Client own = context.getBean(OwnClient.class).client;
			ExplicitDefaultRoleUser user = context.getBean(ExplicitDefaultRoleUser.class);
			assertThat(user.s3).isSameAs(own);
			assertThat(user.viaMetaAnnotation).isSameAs(own);
			// Another qualifier asks for more than the default role.
			assertThat(user.qualified).isEmpty();
			assertThat(context.getBeanNamesForType(S3Client.class)).containsExactly("ownS3");
		});
	}

	@Test
	void theResolverOutlivesAScanAtRunTime() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			// A scan registers Spring's annotation processors again, which replaces a
			// resolver Spring does not recognise: no client type could be injected after.
			new ClassPathBeanDefinitionScanner((BeanDefinitionRegistry) context.getBeanFactory())
				.scan(getClass().getPackageName() + ".nothing");
			assertThat(((DefaultListableBeanFactory) context.getBeanFactory()).getAutowireCandidateResolver())
				.isInstanceOf(InjectedClientBeanResolver.class);
			S3Client client = context.getAutowireCapableBeanFactory().createBean(ScannedUser.class).s3();
			assertThat(client).isSameAs(context.getBean(AwsClientRegistry.class).client(S3Client.class));
		});
	}

	@Test
	void customQualifierTypesReachTheResolverItWraps() {
		this.contextRunner.run((context) -> {
			CustomAutowireConfigurer configurer = new CustomAutowireConfigurer();
			configurer.setCustomQualifierTypes(Set.of(Marker.class));
			configurer.setBeanClassLoader(getClass().getClassLoader());
			// It replaces a resolver that is no
			// QualifierAnnotationAutowireCandidateResolver.
			configurer.postProcessBeanFactory(context.getBeanFactory());
			DefaultListableBeanFactory beanFactory = (DefaultListableBeanFactory) context.getBeanFactory();
			assertThat(beanFactory.getAutowireCandidateResolver()).isInstanceOf(InjectedClientBeanResolver.class);
			beanFactory.registerSingleton("marked", new MarkedThing());
			assertThat(beanFactory.createBean(MarkedUser.class).thing()).isSameAs(beanFactory.getBean("marked"));
		});
	}

	@Test
	void aThreadAskingWhileAnotherRegistersWaitsForTheRegistrationToComplete() throws Exception {
		PausingBeanFactory beanFactory = new PausingBeanFactory("awsRefresh.S3Client.audit");
		new ApplicationContextRunner(() -> new AnnotationConfigApplicationContext(beanFactory))
			.withClassLoader(new FilteredClassLoader("io.awspring."))
			.withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
					"aws.refresh.source.secret-access-key=source-secret",
					"aws.refresh.roles.audit.role-arn=arn:aws:iam::210987654321:role/audit")
			.withUserConfiguration(DefaultRoleUser.class, AuditPrototypes.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				// Spring caches bean names by type once the configuration is frozen.
				assertThat(context.getBeanNamesForType(S3Client.class)).containsExactly("awsRefresh.S3Client.default");
				List<Throwable> failures = new ArrayList<>();
				AtomicReference<S3Client> first = new AtomicReference<>();
				AtomicReference<S3Client> second = new AtomicReference<>();
				Thread registering = thread(() -> first.set(context.getBean(AuditUser.class).s3), failures);
				beanFactory.pauseIn(registering);
				registering.start();
				// Paused after Spring has the definition in its map, before it clears
				// its cache of names by type.
				assertThat(beanFactory.paused.await(30, TimeUnit.SECONDS)).isTrue();
				Thread asking = thread(() -> second.set(context.getBean(AuditUser.class).s3), failures);
				asking.start();
				// Waits for the registration, or, as it did, resolved from the stale
				// cache and failed.
				while (asking.isAlive() && asking.getState() != Thread.State.BLOCKED) {
					Thread.onSpinWait();
				}
				beanFactory.release.countDown();
				registering.join(30_000);
				asking.join(30_000);
				assertThat(failures).isEmpty();
				S3Client audit = context.getBean(AwsClientRegistry.class).client(S3Client.class, "audit");
				assertThat(first.get()).isSameAs(audit);
				assertThat(second.get()).isSameAs(audit);
			});
	}

	private static Thread thread(Runnable action, List<Throwable> failures) {
		return new Thread(() -> {
			try {
				action.run();
			}
			catch (Throwable ex) {
				synchronized (failures) {
					failures.add(ex);
				}
			}
		});
	}

	/**
	 * Holds the registering thread inside {@code registerBeanDefinition}: after the
	 * definition is in the map, where Spring asks whether the configuration is frozen
	 * before it clears its cache of bean names by type.
	 */
	static final class PausingBeanFactory extends DefaultListableBeanFactory {

		private final String beanName;

		private volatile Thread pauseIn;

		final CountDownLatch paused = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		PausingBeanFactory(String beanName) {
			this.beanName = beanName;
		}

		void pauseIn(Thread thread) {
			this.pauseIn = thread;
		}

		@Override
		public boolean isConfigurationFrozen() {
			if (Thread.currentThread() == this.pauseIn && containsBeanDefinition(this.beanName)) {
				this.pauseIn = null;
				this.paused.countDown();
				try {
					this.release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return super.isConfigurationFrozen();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SetterUser {

		S3Client setterClient;

		S3Client configMethodClient;

		@Autowired
		@AwsRole("audit")
		void setS3(S3Client s3) {
			this.setterClient = s3;
		}

		@Autowired
		@AwsRole("audit")
		void configure(S3Client s3) {
			this.configMethodClient = s3;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NonCandidateClients {

		@Bean(defaultCandidate = false, destroyMethod = "close")
		S3Client replicaS3() {
			return ownClient();
		}

		@Bean(autowireCandidate = false, destroyMethod = "close")
		S3Client hiddenS3() {
			return ownClient();
		}

		static S3Client ownClient() {
			return S3Client.builder()
				.region(Region.EU_WEST_1)
				.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDOWN", "own")))
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnClient {

		final S3Client client = NonCandidateClients.ownClient();

		@Bean
		S3Client ownS3() {
			return this.client;
		}

	}

	@Retention(RetentionPolicy.RUNTIME)
	@AwsRole("default")
	@interface DefaultRole {

	}

	@Configuration(proxyBeanMethods = false)
	static class ExplicitDefaultRoleUser {

		final S3Client s3;

		final S3Client viaMetaAnnotation;

		final Optional<S3Client> qualified;

		ExplicitDefaultRoleUser(@AwsRole("default") S3Client s3, @DefaultRole S3Client viaMetaAnnotation,
				@AwsRole("default") @Qualifier("somethingElse") Optional<S3Client> qualified) {
			this.s3 = s3;
			this.viaMetaAnnotation = viaMetaAnnotation;
			this.qualified = qualified;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DefaultRoleUser {

		final S3Client s3;

		DefaultRoleUser(S3Client s3) {
			this.s3 = s3;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AuditPrototypes {

		@Bean
		@Scope("prototype")
		AuditUser auditUser(@AwsRole("audit") S3Client s3) {
			return new AuditUser(s3);
		}

	}

	record AuditUser(S3Client s3) {
	}

	@Retention(RetentionPolicy.RUNTIME)
	@interface Marker {

	}

	@Marker
	static class MarkedThing {

	}

	record MarkedUser(@Marker MarkedThing thing) {
	}

	record ScannedUser(S3Client s3) {
	}

}
