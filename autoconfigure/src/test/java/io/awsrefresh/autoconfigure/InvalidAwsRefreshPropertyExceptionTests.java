package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link InvalidAwsRefreshPropertyException} names the key, the value when one is shown,
 * the reason and a valid example; durations are shown the way they are written in
 * configuration.
 */
class InvalidAwsRefreshPropertyExceptionTests {

	@Test
	void messageNamesTheKeyTheValueAndTheReason() {
		InvalidAwsRefreshPropertyException ex = new InvalidAwsRefreshPropertyException("aws.refresh.region", "europe",
				"not an AWS region id", "aws.refresh.region=eu-west-1");
		assertThat(ex).hasMessage("Invalid 'aws.refresh.region' ('europe'): not an AWS region id");
	}

	@Test
	void gettersReturnWhatTheExceptionWasMadeOf() {
		InvalidAwsRefreshPropertyException ex = new InvalidAwsRefreshPropertyException(
				"aws.refresh.roles.audit.duration", Duration.ofMinutes(5), "STS issues credentials for 15m to 12h",
				"aws.refresh.roles.audit.duration=1h");
		assertThat(ex.getProperty()).isEqualTo("aws.refresh.roles.audit.duration");
		assertThat(ex.getValue()).isEqualTo("5m");
		assertThat(ex.getReason()).isEqualTo("STS issues credentials for 15m to 12h");
		assertThat(ex.getExample()).isEqualTo("aws.refresh.roles.audit.duration=1h");
		assertThat(ex)
			.hasMessage("Invalid 'aws.refresh.roles.audit.duration' ('5m'): " + "STS issues credentials for 15m to 12h")
			.hasNoCause();
	}

	@Test
	void withoutAValueNoneIsShown() {
		InvalidAwsRefreshPropertyException ex = new InvalidAwsRefreshPropertyException("aws.refresh.external-id", null,
				"must be 2 to 1224 characters", "aws.refresh.external-id=d3f1c2a9-partner-id");
		assertThat(ex.getValue()).isNull();
		assertThat(ex).hasMessage("Invalid 'aws.refresh.external-id': must be 2 to 1224 characters");
		assertThat(ex.getMessage()).doesNotContain("null").doesNotContain("('");
	}

	@Test
	void valueOtherThanADurationIsShownAsText() {
		InvalidAwsRefreshPropertyException ex = new InvalidAwsRefreshPropertyException("aws.refresh.endpoint",
				URI.create("ftp://127.0.0.1:21"), "must be an absolute http or https URL",
				"aws.refresh.endpoint=http://127.0.0.1:4566");
		assertThat(ex.getValue()).isEqualTo("ftp://127.0.0.1:21");
		assertThat(ex).hasMessageContaining("('ftp://127.0.0.1:21')");
		assertThat(new InvalidAwsRefreshPropertyException("aws.refresh.http.max-connections", 0, "must be positive",
				"aws.refresh.http.max-connections=50")
			.getValue()).isEqualTo("0");
	}

	@Test
	void emptyValueIsShownAsEmpty() {
		InvalidAwsRefreshPropertyException ex = new InvalidAwsRefreshPropertyException("aws.refresh.region", "",
				"not an AWS region id", "aws.refresh.region=eu-west-1");
		assertThat(ex.getValue()).isEmpty();
		assertThat(ex).hasMessage("Invalid 'aws.refresh.region' (''): not an AWS region id");
	}

	@Test
	void durationIsShownInTheLargestUnitThatHoldsItExactly() {
		assertThat(InvalidAwsRefreshPropertyException.display(Duration.ofMinutes(5))).isEqualTo("5m");
		assertThat(InvalidAwsRefreshPropertyException.display(Duration.ofHours(1))).isEqualTo("1h");
		assertThat(InvalidAwsRefreshPropertyException.display(Duration.ofSeconds(30))).isEqualTo("30s");
		assertThat(InvalidAwsRefreshPropertyException.display(Duration.ofMillis(1500))).isEqualTo("1500ms");
		assertThat(InvalidAwsRefreshPropertyException.display(Duration.ofMinutes(90))).isEqualTo("90m");
		assertThat(InvalidAwsRefreshPropertyException.display(Duration.ofHours(13))).isEqualTo("13h");
		assertThat(InvalidAwsRefreshPropertyException.display(Duration.ofSeconds(61))).isEqualTo("61s");
	}

	@Test
	void zeroDurationIsShownInSeconds() {
		assertThat(InvalidAwsRefreshPropertyException.display(Duration.ZERO)).isEqualTo("0s");
	}

	@Test
	void negativeDurationIsShownWithItsSign() {
		assertThat(InvalidAwsRefreshPropertyException.display(Duration.ofSeconds(-30))).isEqualTo("-30s");
		assertThat(InvalidAwsRefreshPropertyException.display(Duration.ofHours(-2))).isEqualTo("-2h");
	}

	@Test
	void durationUnderAMillisecondIsNotShownAsZero() {
		assertThat(InvalidAwsRefreshPropertyException.display(Duration.ofNanos(500))).asString()
			.isNotEqualTo("0h")
			.isNotEqualTo("0s");
	}

	@Test
	void valueOtherThanADurationIsDisplayedUnchanged() {
		Object value = URI.create("http://127.0.0.1:4566");
		assertThat(InvalidAwsRefreshPropertyException.display(value)).isSameAs(value);
		assertThat(InvalidAwsRefreshPropertyException.display("PT5M")).isEqualTo("PT5M");
	}

}
