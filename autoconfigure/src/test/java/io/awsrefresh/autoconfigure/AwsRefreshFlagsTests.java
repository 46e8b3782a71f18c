package io.awsrefresh.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code aws.refresh} switches are on unless {@code false}, and any value but
 * {@code true}, {@code false} or a blank one is a mistake; every {@code enabled} key of
 * the properties is one, so that the startup check reads each.
 */
class AwsRefreshFlagsTests {

	private final MockEnvironment environment = new MockEnvironment();

	@Test
	void everyEnabledKeyOfThePropertiesIsASwitch() {
		assertThat(new AwsRefreshKeys().patterns()).filteredOn((key) -> key.endsWith(".enabled"))
			.containsExactlyInAnyOrderElementsOf(AwsRefreshFlags.KEYS);
	}

	@ParameterizedTest
	@ValueSource(strings = { "true", "TRUE", " true ", "", "  ", "${AWS_REFRESH_TEST_UNSET_VARIABLE:}" })
	void switchIsOnWhenTrueOrBlank(String value) {
		this.environment.setProperty(AwsRefreshFlags.SDK_METRICS, value);
		assertThat(AwsRefreshFlags.isOn(AwsRefreshFlags.SDK_METRICS, this.environment)).isTrue();
	}

	@Test
	void switchIsOnWhenUnsetAndOffWhenFalse() {
		assertThat(AwsRefreshFlags.isOn(AwsRefreshFlags.SDK_METRICS, this.environment)).isTrue();
		this.environment.setProperty(AwsRefreshFlags.SDK_METRICS, " False");
		assertThat(AwsRefreshFlags.isOn(AwsRefreshFlags.SDK_METRICS, this.environment)).isFalse();
	}

	@Test
	void everySwitchThatIsNeitherTrueNorFalseIsReportedWithAnExampleThatTurnsItOff() {
		this.environment.withProperty(AwsRefreshFlags.SDK_METRICS, "maybe")
			.withProperty(AwsRefreshFlags.SDK_OBSERVATIONS, "flase");
		PropertyProblems problems = new PropertyProblems();
		AwsRefreshFlags.check(this.environment, problems);
		assertThat(problems.list()).extracting(InvalidAwsRefreshPropertyException::getExample)
			.containsExactly("aws.refresh.sdk-metrics.enabled=false", "aws.refresh.sdk-observations.enabled=false");
		assertThat(problems.list()).extracting(InvalidAwsRefreshPropertyException::getValue)
			.containsExactly("maybe", "flase");
	}

	@Test
	void conditionOnAKeyTheStartupCheckDoesNotReadIsAMistakeInTheCode() {
		new ApplicationContextRunner().withUserConfiguration(UnknownSwitchConfiguration.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("@ConditionalOnAwsRefreshFlag(\"aws.refresh.other.enabled\") names no switch"));
	}

	@Test
	void switchIsReadAsTheEnvironmentResolvesIt() {
		this.environment.setProperty(AwsRefreshFlags.SDK_METRICS, "${METRICS_ON}");
		this.environment.setProperty("METRICS_ON", "nope");
		assertThatExceptionOfType(InvalidAwsRefreshPropertyException.class)
			.isThrownBy(() -> AwsRefreshFlags.isOn(AwsRefreshFlags.SDK_METRICS, this.environment))
			.withMessage("Invalid 'aws.refresh.sdk-metrics.enabled' ('nope'): must be true or false");
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAwsRefreshFlag("aws.refresh.other.enabled")
	static class UnknownSwitchConfiguration {

		@Bean
		String unused() {
			return "unused";
		}

	}

}
