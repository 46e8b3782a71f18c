package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.security.KeyStore;
import java.util.function.Function;
import java.util.function.Supplier;

import io.awsrefresh.credentials.AssumeRoleSpec;
import io.awsrefresh.credentials.CustomCredentialsSource;
import io.awsrefresh.credentials.IotCredentialsSpec;
import io.awsrefresh.credentials.RefreshSettings;
import io.awsrefresh.credentials.RoleDefinition;
import io.awsrefresh.credentials.RoleSource;
import io.awsrefresh.credentials.StsEndpoint;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

import software.amazon.awssdk.regions.Region;

/**
 * One role of {@code aws.refresh.*}, read and checked. It names what only exists once
 * beans do (a custom source bean, an SSL bundle) and leaves the STS region to the default
 * region when no key sets it; {@link #definition} turns it into the
 * {@link RoleDefinition} the credentials are built from.
 *
 * @param name the role name
 * @param prefix the prefix of the role's keys, ending with a dot
 * @param source where the role's credentials come from
 * @param refresh when they are fetched and renewed
 */
record ConfiguredRole(String name, String prefix, Source source, RefreshSettings refresh) {

	/**
	 * Whether this role's {@code role-arn} holds {@value RoleDefinition#ACCOUNT}.
	 * @return {@code true} for a role template
	 */
	boolean isTemplate() {
		return this.source instanceof AssumeRole assumeRole
				&& assumeRole.spec().roleArn().contains(RoleDefinition.ACCOUNT);
	}

	String key(String name) {
		return this.prefix + name;
	}

	/**
	 * The role, with the beans it names.
	 * @param region the default region, for an STS endpoint no key sets
	 * @param endpoint the default endpoint, or {@code null}
	 * @param customSources the custom source beans by name
	 * @param sslBundles the SSL bundles, asked for only by an IoT role
	 * @return the role
	 * @throws InvalidAwsRefreshPropertyException if the SSL bundle an IoT role names is
	 * missing or has no key store
	 */
	RoleDefinition definition(Region region, @Nullable URI endpoint,
			Function<String, @Nullable CustomCredentialsSource> customSources, Supplier<SslBundles> sslBundles) {
		RoleSource roleSource;
		if (this.source instanceof AssumeRole assumeRole) {
			roleSource = new RoleSource.AssumeRole(assumeRole.spec(), assumeRole.sourceRole(),
					new StsEndpoint((assumeRole.stsRegion() != null) ? assumeRole.stsRegion() : region,
							(assumeRole.stsEndpoint() != null) ? assumeRole.stsEndpoint() : endpoint));
		}
		else if (this.source instanceof Custom custom) {
			roleSource = new RoleSource.Custom(custom.beanName(), customSource(custom, customSources));
		}
		else if (this.source instanceof Iot iot) {
			roleSource = iot(iot, sslBundles.get());
		}
		else {
			roleSource = new RoleSource.Direct();
		}
		return new RoleDefinition(this.name, roleSource, this.refresh);
	}

	private static CustomCredentialsSource customSource(Custom custom,
			Function<String, @Nullable CustomCredentialsSource> customSources) {
		CustomCredentialsSource source = customSources.apply(custom.beanName());
		if (source == null) {
			// Checked against the bean definitions before any bean was created.
			throw new IllegalStateException("No CustomCredentialsSource bean named '" + custom.beanName() + "'");
		}
		return source;
	}

	private RoleSource iot(Iot iot, SslBundles sslBundles) {
		String key = key("iot.ssl-bundle");
		String example = key + "=device";
		SslBundle bundle;
		try {
			bundle = sslBundles.getBundle(iot.sslBundle());
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidAwsRefreshPropertyException(key, iot.sslBundle(),
					"no SSL bundle has that name; bundles: " + sslBundles.getBundleNames(), example);
		}
		KeyStore keyStore;
		try {
			keyStore = bundle.getStores().getKeyStore();
		}
		catch (RuntimeException ex) {
			// Not the cause's message: Spring Boot's names the PEM text it could not
			// read,
			// which may be the private key itself.
			throw new InvalidAwsRefreshPropertyException(key, iot.sslBundle(),
					"the SSL bundle's key store cannot be loaded (" + ex.getClass().getSimpleName()
							+ "): check spring.ssl.bundle.pem." + iot.sslBundle()
							+ ".keystore.certificate and .private-key",
					example);
		}
		if (keyStore == null) {
			throw new InvalidAwsRefreshPropertyException(key, iot.sslBundle(),
					"the SSL bundle has no key store: the device certificate and private key go in "
							+ "spring.ssl.bundle.pem." + iot.sslBundle() + ".keystore.certificate and .private-key",
					example);
		}
		return new RoleSource.IotCertificate(new IotCredentialsSpec(iot.endpoint(), iot.roleAlias(), iot.thingName(),
				() -> bundle.getManagers().getKeyManagers(), () -> bundle.getManagers().getTrustManagers()));
	}

	/**
	 * Where a role's credentials come from.
	 */
	sealed interface Source permits Direct, AssumeRole, Custom, Iot {

	}

	/**
	 * The source credentials as they are.
	 */
	record Direct() implements Source {

	}

	/**
	 * Assumed through STS.
	 *
	 * @param spec the AssumeRole call
	 * @param sourceRole the role whose credentials call STS, or {@code null} for the
	 * source credentials
	 * @param stsRegion the STS region a key sets, or {@code null} for the default region
	 * @param stsEndpoint the STS endpoint a key sets, or {@code null} for the default
	 */
	record AssumeRole(AssumeRoleSpec spec, @Nullable String sourceRole, @Nullable Region stsRegion,
			@Nullable URI stsEndpoint) implements Source {

	}

	/**
	 * From a {@link CustomCredentialsSource} bean.
	 *
	 * @param beanName the bean's name
	 */
	record Custom(String beanName) implements Source {

	}

	/**
	 * From the AWS IoT credentials provider, with a device certificate.
	 *
	 * @param endpoint the credentials provider endpoint
	 * @param roleAlias the role alias
	 * @param thingName the thing name, or {@code null}
	 * @param sslBundle the name of the SSL bundle with the device certificate
	 */
	record Iot(URI endpoint, String roleAlias, @Nullable String thingName, String sslBundle) implements Source {

	}

}
