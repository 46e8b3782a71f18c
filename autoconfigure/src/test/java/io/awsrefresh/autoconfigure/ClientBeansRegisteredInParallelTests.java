package io.awsrefresh.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.awsrefresh.client.AwsRole;
import io.awsrefresh.test.Await;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two threads resolving different roles' clients of one type for the first time, as beans
 * created in parallel do (Spring's background bootstrap, or prototypes and
 * {@code ObjectProvider}s used from request threads).
 */
class ClientBeansRegisteredInParallelTests {

	/**
	 * Thread A registers the default role's bean and then looks up the S3Client bean
	 * names; while it reads the definitions (before the audit bean exists), thread B
	 * registers the audit role's bean, whose clearing of Spring's by-type cache finds
	 * nothing to clear yet, and looks the names up: it is given thread A's list, computed
	 * before its bean existed. The resolver sees its bean missing from it and clears the
	 * cache again, so the audit role's client is injected.
	 */
	@Test
	@Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
	void aBeanRegisteredWhileAnotherThreadLooksUpItsTypeStaysResolvable() throws Exception {
		PausingLookupBeanFactory beanFactory = new PausingLookupBeanFactory();
		new ApplicationContextRunner(() -> new AnnotationConfigApplicationContext(beanFactory))
			.withClassLoader(new FilteredClassLoader("io.awspring."))
			.withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
					"aws.refresh.source.secret-access-key=source-secret",
					"aws.refresh.roles.audit.role-arn=arn:aws:iam::210987654321:role/audit")
			.withUserConfiguration(Prototypes.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				List<Throwable> failures = new ArrayList<>();
				Thread defaultRole = thread(() -> context.getBean(DefaultUser.class), failures);
				beanFactory.pauseIn(defaultRole);
				defaultRole.start();
				assertThat(beanFactory.paused.await(30, TimeUnit.SECONDS)).isTrue();
				Thread auditRole = thread(() -> context.getBean(AuditUser.class), failures);
				auditRole.start();
				// It registers the audit role's bean, then waits for the lookup of the
				// S3Client bean names that thread A is computing (Spring computes a
				// by-type cache entry under the lock of its segment). It may wait
				// briefly on other things before it registers.
				Await.until(() -> context.getBeanFactory().containsBeanDefinition("awsRefresh.S3Client.audit")
						&& auditRole.getState() == Thread.State.WAITING);
				beanFactory.release.countDown();
				defaultRole.join(30_000);
				auditRole.join(30_000);
				assertThat(failures).isEmpty();
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
	 * Holds one thread inside a lookup of S3Client bean names, once it has started to
	 * read the definitions.
	 */
	static final class PausingLookupBeanFactory extends DefaultListableBeanFactory {

		private volatile @Nullable Thread pauseIn;

		private final ThreadLocal<Boolean> inS3Lookup = ThreadLocal.withInitial(() -> false);

		final CountDownLatch paused = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		void pauseIn(Thread thread) {
			this.pauseIn = thread;
		}

		@Override
		public String[] getBeanNamesForType(@Nullable Class<?> type, boolean includeNonSingletons,
				boolean allowEagerInit) {
			// The lookup an injection point makes (cached once the configuration is
			// frozen), not the one the resolver makes under its lock.
			boolean s3 = (type == S3Client.class && allowEagerInit && Thread.currentThread() == this.pauseIn);
			if (s3) {
				this.inS3Lookup.set(true);
			}
			try {
				return super.getBeanNamesForType(type, includeNonSingletons, allowEagerInit);
			}
			finally {
				if (s3) {
					this.inS3Lookup.set(false);
				}
			}
		}

		@Override
		protected RootBeanDefinition getMergedLocalBeanDefinition(String beanName) {
			if (Thread.currentThread() == this.pauseIn && this.inS3Lookup.get()) {
				this.pauseIn = null;
				this.paused.countDown();
				try {
					this.release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return super.getMergedLocalBeanDefinition(beanName);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Prototypes {

		@Bean
		@Scope("prototype")
		DefaultUser defaultUser(S3Client s3) {
			return new DefaultUser(s3);
		}

		@Bean
		@Scope("prototype")
		AuditUser auditUser(@AwsRole("audit") S3Client s3) {
			return new AuditUser(s3);
		}

	}

	record DefaultUser(S3Client s3) {
	}

	record AuditUser(S3Client s3) {
	}

}
