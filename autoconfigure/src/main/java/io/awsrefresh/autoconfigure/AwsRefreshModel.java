package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

import io.awsrefresh.autoconfigure.AwsRefreshProperties.ClientBeans;
import io.awsrefresh.autoconfigure.ClientSettings.CacheBounds;
import io.awsrefresh.autoconfigure.ClientSettings.RunTimeRoleBounds;
import io.awsrefresh.autoconfigure.ClientSettings.ServiceOverride;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.credentials.CustomCredentialsSource;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleDefinition;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.SingletonBeanRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

import software.amazon.awssdk.regions.Region;

/**
 * Everything {@code aws.refresh.*} says, read and checked once, before any bean is
 * created: the registrar of client beans, the property check and the auto-configurations
 * read this one model. It names beans (custom sources, SSL bundles) rather than holding
 * them, and leaves the default region unset when no key sets it: a connection details
 * bean or the SDK's region chain supplies it when the beans are built.
 * <p>
 * The model is read again, and checked again, if property sources are added between the
 * startup check and the beans: a {@code DynamicPropertyRegistrar} bean (how tests and
 * development setups point at a container) adds its properties then.
 *
 * @param region {@code aws.refresh.region}, or {@code null}
 * @param endpoint {@code aws.refresh.endpoint}, or {@code null}
 * @param source the credentials that call STS
 * @param roles the default role first, then the named roles, each after the role it is
 * chained from; a role with an invalid value is left out
 * @param roleNames the roles that have client beans: the default role, then every named
 * role but the templates, in name order
 * @param clientBeans which client types get a bean
 * @param http the shared HTTP clients' settings
 * @param cache the bounds of the cache of on-demand clients
 * @param presignMinimumValidity how long the credentials a presigner signs with must
 * still live
 * @param runTimeRoles the bounds of the roles made at run time
 * @param services the settings of each service, by service id
 * @param references what the values name that only beans or the class path can answer,
 * for every role, valid or not
 * @param problems every invalid value found; startup fails if there is any
 */
record AwsRefreshModel(@Nullable Region region, @Nullable URI endpoint, SourceCredentials source,
		List<ConfiguredRole> roles, Set<String> roleNames, ClientBeans clientBeans, HttpSettings http,
		CacheBounds cache, Duration presignMinimumValidity, RunTimeRoleBounds runTimeRoles,
		Map<String, ServiceOverride> services, List<ConfiguredRoles.NamedReference> references,
		List<InvalidAwsRefreshPropertyException> problems) {

	private static final String HOLDER_NAME = "awsRefreshModelHolder";

	private static final String PREFIX = "aws.refresh.";

	AwsRefreshModel {
		roles = List.copyOf(roles);
		references = List.copyOf(references);
		problems = List.copyOf(problems);
	}

	/**
	 * The model of this bean factory's environment: read the first time it is asked for
	 * and kept, and read again if property sources were added or removed since.
	 * @param beanFactory the bean factory
	 * @param environment its environment
	 * @return the model, which may hold problems
	 */
	static AwsRefreshModel get(@Nullable Object beanFactory, Environment environment) {
		if (!(beanFactory instanceof SingletonBeanRegistry singletons)) {
			return read(environment);
		}
		Holder holder = (singletons.getSingleton(HOLDER_NAME) instanceof Holder existing) ? existing : null;
		if (holder == null) {
			holder = new Holder();
			singletons.registerSingleton(HOLDER_NAME, holder);
		}
		return holder.model(environment);
	}

	/**
	 * The model the beans are built from: {@link #get}, which must hold no problem.
	 * @param beanFactory the bean factory
	 * @param environment its environment
	 * @return the model
	 * @throws InvalidAwsRefreshPropertyException if a value is invalid
	 * @throws InvalidAwsRefreshPropertiesException if several are
	 */
	static AwsRefreshModel checked(Object beanFactory, Environment environment) {
		AwsRefreshModel model = get(beanFactory, environment);
		PropertyProblems problems = new PropertyProblems();
		model.problems().forEach(problems::add);
		problems.throwIfAny();
		return model;
	}

	/**
	 * Read and check {@code aws.refresh.*}. Nothing is thrown: what is wrong is in
	 * {@link #problems()}.
	 * @param environment the environment
	 * @return the model
	 */
	static AwsRefreshModel read(Environment environment) {
		PropertyProblems problems = new PropertyProblems();
		// Before binding: the binder reads yes as true, and reports flase its own way.
		AwsRefreshFlags.check(environment, problems);
		AwsRefreshProperties properties = AwsRefreshBinder.bind(environment, problems);
		List<ConfiguredRoles.NamedReference> references = new ArrayList<>();
		String region = PropertyValues.blankToNull(properties.getRegion());
		URI endpoint = properties.getEndpoint();
		return new AwsRefreshModel(
				(region != null) ? problems.check(() -> PropertyValues.region(PREFIX + "region", region.strip()))
						: null,
				(endpoint != null)
						? problems.check(() -> PropertyValues.endpoint(PREFIX + "endpoint", endpoint)) : null,
				SourceCredentials.read(properties.getSource(), problems),
				ConfiguredRoles.read(properties, environment.getProperty("spring.application.name"), problems,
						references),
				roleNames(properties), properties.getClientBeans(), HttpSettings.read(properties.getHttp(), problems),
				CacheBounds.read(properties.getCache(), problems), presignMinimumValidity(properties, problems),
				ClientSettings.runTimeRoles(properties, problems),
				ClientSettings.services(properties.getServices(), problems), references, problems.list());
	}

	private static Duration presignMinimumValidity(AwsRefreshProperties properties, PropertyProblems problems) {
		Duration minimum = properties.getPresign().getMinimumValidity();
		if (minimum.isNegative()) {
			problems.add(new InvalidAwsRefreshPropertyException(PREFIX + "presign.minimum-validity", minimum,
					"must not be negative", PREFIX + "presign.minimum-validity=5m"));
			return AwsClientRegistry.DEFAULT_PRESIGN_MINIMUM_VALIDITY;
		}
		return minimum;
	}

	/**
	 * The default role, then every named role but the templates (which have no
	 * credentials until an account is given), valid or not.
	 */
	private static Set<String> roleNames(AwsRefreshProperties properties) {
		Set<String> names = new TreeSet<>();
		properties.getRoles().forEach((name, role) -> {
			String roleArn = role.getRoleArn();
			if (roleArn == null || !roleArn.contains(RoleDefinition.ACCOUNT)) {
				names.add(name);
			}
		});
		names.remove(RoleCredentialsProviders.DEFAULT_ROLE);
		Set<String> roles = new LinkedHashSet<>();
		roles.add(RoleCredentialsProviders.DEFAULT_ROLE);
		roles.addAll(names);
		return Collections.unmodifiableSet(roles);
	}

	/**
	 * The roles, with the beans they name.
	 * @param region the default region
	 * @param endpoint the default endpoint, or {@code null}
	 * @param customSources the custom source beans by name
	 * @param sslBundles the SSL bundles, asked for only by IoT roles: creating Spring
	 * Boot's bundle registry costs startup time an application without one never pays
	 * @return the definitions, in the order of {@link #roles()}
	 * @throws InvalidAwsRefreshPropertyException if an SSL bundle an IoT role names is
	 * not usable
	 * @throws InvalidAwsRefreshPropertiesException if several are not
	 */
	List<RoleDefinition> roleDefinitions(Region region, @Nullable URI endpoint,
			Function<String, @Nullable CustomCredentialsSource> customSources, Supplier<SslBundles> sslBundles) {
		PropertyProblems problems = new PropertyProblems();
		List<RoleDefinition> definitions = new ArrayList<>();
		for (ConfiguredRole role : this.roles) {
			RoleDefinition definition = problems
				.check(() -> role.definition(region, endpoint, customSources, sslBundles));
			if (definition != null) {
				definitions.add(definition);
			}
		}
		problems.throwIfAny();
		return definitions;
	}

	/**
	 * Holds a bean factory's model with the names of the property sources it was read
	 * from.
	 */
	private static final class Holder {

		private @Nullable List<String> sources;

		private @Nullable AwsRefreshModel model;

		synchronized AwsRefreshModel model(Environment environment) {
			List<String> sources = (environment instanceof ConfigurableEnvironment configurable)
					? configurable.getPropertySources().stream().map(PropertySource::getName).toList() : List.of();
			if (this.model == null || !sources.equals(this.sources)) {
				this.model = read(environment);
				this.sources = sources;
			}
			return this.model;
		}

	}

}
