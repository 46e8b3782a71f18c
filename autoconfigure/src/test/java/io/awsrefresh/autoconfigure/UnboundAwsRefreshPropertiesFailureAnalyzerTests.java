package io.awsrefresh.autoconfigure;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Explains keys under {@code aws.refresh} that bind to nothing: each key, its value
 * unless the key looks secret, where it was set, and the valid key nearest to it; keys
 * outside {@code aws.refresh} are left to Spring Boot's own analyzer, which runs after
 * it.
 */
class UnboundAwsRefreshPropertiesFailureAnalyzerTests {

	private static final Origin FILE = new TextResourceOrigin(new ClassPathResource("application.yml"),
			new TextResourceOrigin.Location(12, 17));

	private final UnboundAwsRefreshPropertiesFailureAnalyzer analyzer = new UnboundAwsRefreshPropertiesFailureAnalyzer();

	@Test
	void misspeltKeyIsDescribedWithItsValueOriginAndNearestKey() {
		FailureAnalysis analysis = this.analyzer
			.analyze(unbound(property("aws.refresh.roles.audit.rol-arn", "arn:aws:iam::210987654321:role/audit")));
		assertThat(analysis.getDescription())
			.isEqualTo("These aws.refresh keys bind to nothing:\n\n" + "    Property: aws.refresh.roles.audit.rol-arn\n"
					+ "    Value: \"arn:aws:iam::210987654321:role/audit\"\n"
					+ "    Origin: class path resource [application.yml] - 13:18\n"
					+ "    Did you mean: aws.refresh.roles.audit.role-arn\n");
		assertThat(analysis.getAction()).isEqualTo("Correct or remove each key (docs/configuration.md in the "
				+ "aws-refresh repository lists them all).\n");
	}

	@Test
	void everyKeyHasItsOwnBlock() {
		FailureAnalysis analysis = this.analyzer
			.analyze(unbound(property("aws.refresh.enpoint", "http://127.0.0.1:4566"),
					new ConfigurationProperty(ConfigurationPropertyName.of("aws.refresh.regoin"), "eu-west-1", null)));
		assertThat(analysis.getDescription())
			.contains("\n    Property: aws.refresh.enpoint\n    Value: \"http://127.0.0.1:4566\"\n    Origin: ")
			.contains("    Did you mean: aws.refresh.endpoint\n")
			.contains("\n    Property: aws.refresh.regoin\n    Value: \"eu-west-1\"\n"
					+ "    Did you mean: aws.refresh.region\n");
	}

	@Test
	void keyWithoutOriginHasNoOriginLine() {
		FailureAnalysis analysis = this.analyzer.analyze(unbound(
				new ConfigurationProperty(ConfigurationPropertyName.of("aws.refresh.regoin"), "eu-west-1", null)));
		assertThat(analysis.getDescription()).doesNotContain("Origin:");
	}

	@Test
	void keyFarFromEveryValidKeyHasNoSuggestion() {
		FailureAnalysis analysis = this.analyzer
			.analyze(unbound(property("aws.refresh.completely-unrelated-setting", "on")));
		assertThat(analysis.getDescription()).contains("Property: aws.refresh.completely-unrelated-setting\n")
			.contains("Value: \"on\"\n")
			.doesNotContain("Did you mean");
	}

	@Test
	void misspeltKeyOfANamedRoleKeepsTheRoleNameInTheSuggestion() {
		FailureAnalysis analysis = this.analyzer.analyze(unbound(property("aws.refresh.roles.reports.duratoin", "1h")));
		assertThat(analysis.getDescription()).contains("Did you mean: aws.refresh.roles.reports.duration\n");
	}

	@Test
	void secretLookingValuesAreNeverShown() {
		FailureAnalysis analysis = this.analyzer.analyze(
				unbound(property("aws.refresh.source.secret-acess-key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
						property("aws.refresh.roles.audit.externalid", "partner-secret-42"),
						property("aws.refresh.source.sesion-token", "FwoGZXIvYXdzEXAMPLESESSIONTOKEN"),
						property("aws.refresh.provided-contexts[0].context-asertion", "assertion-value")));
		assertThat(analysis.getDescription())
			.contains("Property: aws.refresh.source.secret-acess-key\n    Value: ****** (not shown)\n")
			.contains("Property: aws.refresh.roles.audit.externalid\n    Value: ****** (not shown)\n")
			.contains("Property: aws.refresh.source.sesion-token\n    Value: ****** (not shown)\n")
			.contains("Property: aws.refresh.provided-contexts[0].context-asertion\n    Value: ****** (not shown)\n")
			.contains("Did you mean: aws.refresh.source.secret-access-key\n")
			.doesNotContain("wJalrXUtnFEMI", "partner-secret-42", "FwoGZXIvYXdz", "assertion-value");
		assertThat(analysis.getAction()).doesNotContain("wJalrXUtnFEMI", "partner-secret-42", "FwoGZXIvYXdz");
	}

	@Test
	void nothingUnderASourceOfCredentialsIsShownWhateverItsKeyIsCalled() {
		// A misspelling can take the secret-looking word out of a key's name.
		FailureAnalysis analysis = this.analyzer
			.analyze(unbound(property("aws.refresh.source.acess-ky", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
					property("aws.refresh.roles.audit.source.sekret", "hunter2hunter2")));
		assertThat(analysis.getDescription())
			.contains("Property: aws.refresh.source.acess-ky\n    Value: ****** (not shown)\n")
			.contains("Property: aws.refresh.roles.audit.source.sekret\n    Value: ****** (not shown)\n")
			.doesNotContain("wJalrXUtnFEMI", "hunter2");
	}

	@Test
	void passwordInTheUrlOfAMisspeltKeyIsNeverShown() {
		FailureAnalysis analysis = this.analyzer
			.analyze(unbound(property("aws.refresh.enpoint", "http://admin:hunter2@127.0.0.1:4566")));
		assertThat(analysis.getDescription()).contains("Property: aws.refresh.enpoint\n").doesNotContain("hunter2");
	}

	@Test
	void anyKeyOutsideAwsRefreshLeavesTheWholeReportToSpringBoot() {
		assertThat(this.analyzer.analyze(
				unbound(property("aws.refresh.regoin", "eu-west-1"), property("spring.application.nmae", "orders"))))
			.isNull();
		assertThat(this.analyzer.analyze(unbound(property("aws.refreshment.enabled", "true")))).isNull();
	}

	@Test
	void noUnboundKeyMeansNoAnalysis() {
		assertThat(this.analyzer.analyze(new UnboundConfigurationPropertiesException(Set.of()))).isNull();
	}

	@Test
	void unboundKeysAreFoundAsTheCauseOfABindFailure() {
		Binder binder = new Binder(new MapConfigurationPropertySource(
				Map.of("aws.refresh.region", "eu-west-1", "aws.refresh.regoin", "eu-west-1")));
		BindException failure = catchThrowableOfType(BindException.class, () -> binder.bind("aws.refresh",
				Bindable.of(AwsRefreshProperties.class), new NoUnboundElementsBindHandler(BindHandler.DEFAULT)));
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis.getCause()).isInstanceOf(UnboundConfigurationPropertiesException.class);
		assertThat(analysis.getDescription()).contains("Property: aws.refresh.regoin\n    Value: \"eu-west-1\"\n")
			.contains("Did you mean: aws.refresh.region\n")
			.doesNotContain("Property: aws.refresh.region\n");
	}

	@Test
	void otherFailuresAreLeftToOtherAnalyzers() {
		assertThat(this.analyzer.analyze(new IllegalStateException("no"))).isNull();
	}

	@Test
	void runsBeforeSpringBootsAnalyzer() {
		assertThat(this.analyzer.getOrder()).isEqualTo(Integer.MIN_VALUE);
	}

	private static ConfigurationProperty property(String name, Object value) {
		return new ConfigurationProperty(ConfigurationPropertyName.of(name), value, FILE);
	}

	private static UnboundConfigurationPropertiesException unbound(ConfigurationProperty... properties) {
		return new UnboundConfigurationPropertiesException(new LinkedHashSet<>(List.of(properties)));
	}

}
