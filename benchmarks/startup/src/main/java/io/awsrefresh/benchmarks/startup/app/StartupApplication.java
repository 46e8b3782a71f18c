package io.awsrefresh.benchmarks.startup.app;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application whose startup is measured. It has nothing of its own: what it starts is
 * what its classpath brings (Spring Boot, SDK service modules and, in some cases, the
 * starter). Once ready it prints one line and exits: <pre>
 * STARTUP readyMs=812 uptimeAtReadyMs=1290 beans=143 clientBeans=10 classes=5120
 * </pre>
 * <ul>
 * <li>{@code readyMs}: what Spring Boot reports with {@link ApplicationReadyEvent}, from
 * the start of {@code SpringApplication.run} to the ready event;</li>
 * <li>{@code uptimeAtReadyMs}: the JVM's uptime at the ready event;</li>
 * <li>{@code beans}: bean definitions in the context;</li>
 * <li>{@code clientBeans}: those of them that are aws-refresh's SDK client beans;</li>
 * <li>{@code classes}: classes loaded by then.</li>
 * </ul>
 * The configuration ({@code --spring.config.name=roles-1}, {@code roles-20} or
 * {@code roles-20-all}) is the same with and without the starter; without it the
 * {@code aws.refresh} keys are read by nobody. The application injects no client.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class StartupApplication {

	private static final String CLIENT_BEAN_PREFIX = "awsRefresh.";

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(StartupApplication.class);
		Figures figures = new Figures();
		application.addListeners(figures);
		ConfigurableApplicationContext context = application.run(args);
		System.out.println(figures.line);
		System.exit(SpringApplication.exit(context));
	}

	private static final class Figures implements ApplicationListener<ApplicationReadyEvent> {

		private String line = "STARTUP not ready";

		@Override
		public void onApplicationEvent(ApplicationReadyEvent event) {
			long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
			int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
			ConfigurableApplicationContext context = event.getApplicationContext();
			long clientBeans = Arrays.stream(context.getBeanDefinitionNames())
				.filter((name) -> name.startsWith(CLIENT_BEAN_PREFIX))
				.count();
			this.line = "STARTUP readyMs=" + event.getTimeTaken().toMillis() + " uptimeAtReadyMs=" + uptime + " beans="
					+ context.getBeanDefinitionCount() + " clientBeans=" + clientBeans + " classes=" + classes;
		}

	}

}
