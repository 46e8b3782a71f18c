package io.awsrefresh.autoconfigure;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.RoleSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin.Location;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which keys under aws.refresh are unknown: Spring Boot's relaxed forms of a key are the
 * key; a misspelt key fails startup from a file, the command line and a JVM system
 * property alike (environment variables are not checked, since an unrelated one may map
 * under aws.refresh by chance).
 */
class UnknownKeysTests {

	private static final String AUDIT_ROLE = "arn:aws:iam::210987654321:role/audit";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AwsRefreshAutoConfigurations.CREDENTIALS)
		.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
				"aws.refresh.source.secret-access-key=source-secret");

	@Test
	void relaxedFormsOfAKeyAreThatKey() {
		this.contextRunner.withPropertyValues("aws.refresh.roles.audit.rolearn=" + AUDIT_ROLE)
			.withSystemProperties("aws.refresh.roles.reports.roleArn=" + AUDIT_ROLE)
			.run((context) -> {
				RoleCredentialsProviders roles = context.getBean(RoleCredentialsProviders.class);
				assertThat(roles.roleNames()).containsExactlyInAnyOrder("default", "audit", "reports");
				assertThat(roles.get("audit").roleArn()).isEqualTo(AUDIT_ROLE);
				assertThat(roles.get("reports").sourceKind()).isEqualTo(RoleSource.Kind.ASSUME_ROLE);
			});
	}

	@Test
	void aMisspeltKeyAsAJvmSystemPropertyFailsStartupLikeOneInAFile() {
		this.contextRunner.withSystemProperties("aws.refresh.roles.audit.rolearnn=" + AUDIT_ROLE)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOfSatisfying(InvalidAwsRefreshPropertyException.class,
						(ex) -> assertThat(ex.getProperty()).isEqualTo("aws.refresh.roles.audit.rolearnn"))
				.hasMessageContaining("binds to nothing")
				.hasMessageContaining("did you mean aws.refresh.roles.audit.role-arn?"));
	}

	@Test
	void theAnalyzerOfUnboundKeysNamesEachWithoutASecretLookingValue() {
		Set<ConfigurationProperty> unbound = new LinkedHashSet<>(List.of(
				new ConfigurationProperty(ConfigurationPropertyName.of("aws.refresh.durationn"), "2h",
						new TextResourceOrigin(new ClassPathResource("application.yml"), new Location(2, 14))),
				new ConfigurationProperty(ConfigurationPropertyName.of("aws.refresh.source.secret-acess-key"), "s3cr3t",
						null)));
		FailureAnalysis analysis = new UnboundAwsRefreshPropertiesFailureAnalyzer()
			.analyze(new UnboundConfigurationPropertiesException(unbound));
		assertThat(analysis.getDescription())
			.contains("Property: aws.refresh.durationn", "Value: \"2h\"",
					"Origin: class path resource [application.yml] - 3:15", "Did you mean: aws.refresh.duration",
					"Property: aws.refresh.source.secret-acess-key", "****** (not shown)")
			.doesNotContain("s3cr3t");
		assertThat(analysis.getAction()).contains("docs/configuration.md");
	}

	@Test
	void theAnalyzerOfUnboundKeysLeavesOtherPrefixesToSpringBoot() {
		Set<ConfigurationProperty> unbound = Set
			.of(new ConfigurationProperty(ConfigurationPropertyName.of("spring.datasource.urll"), "jdbc:x", null));
		assertThat(new UnboundAwsRefreshPropertiesFailureAnalyzer()
			.analyze(new UnboundConfigurationPropertiesException(unbound))).isNull();
	}

}
