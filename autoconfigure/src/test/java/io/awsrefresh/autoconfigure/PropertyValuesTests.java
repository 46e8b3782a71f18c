package io.awsrefresh.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link PropertyValues} reads the kinds of values several keys share: a blank value is
 * unset, a region is an AWS region id, an endpoint is an absolute http or https URL whose
 * password is never shown, a duration is positive. Each mistake names the key read and a
 * valid example.
 */
class PropertyValuesTests {

	private static final String KEY = "aws.refresh.sts.region";

	private static final String ENDPOINT = "aws.refresh.endpoint";

	@Test
	void blankTextIsUnset() {
		assertThat(PropertyValues.<String>blankToNull("")).isNull();
		assertThat(PropertyValues.<String>blankToNull("   ")).isNull();
		assertThat(PropertyValues.<String>blankToNull("\t\n")).isNull();
		assertThat(PropertyValues.<String>blankToNull(null)).isNull();
	}

	@Test
	void textWithContentIsKeptAsWritten() {
		assertThat(PropertyValues.blankToNull(" eu-west-1 ")).isEqualTo(" eu-west-1 ");
	}

	@Test
	void valuesOtherThanTextAreKept() {
		List<String> empty = List.of();
		assertThat(PropertyValues.blankToNull(empty)).isSameAs(empty);
		assertThat(PropertyValues.blankToNull(Duration.ZERO)).isEqualTo(Duration.ZERO);
	}

	@ParameterizedTest
	@ValueSource(strings = { "eu-west-1", "us-east-1", "ap-southeast-2", "us-gov-west-1", "cn-north-1", "aws-global",
			"eusc-de-east-1" })
	void regionIdIsARegion(String id) {
		assertThat(PropertyValues.region(KEY, id)).isEqualTo(Region.of(id));
	}

	@ParameterizedTest
	@ValueSource(strings = { "europe", "EU-WEST-1", "Eu-west-1", "eu_west_1", "eu west 1", "eu-west-1 ", "-eu-west-1",
			"eu-west-", "eu--west-1", "" })
	void textThatIsNotARegionIdIsRejectedNamingTheKey(String value) {
		assertThatExceptionOfType(InvalidAwsRefreshPropertyException.class)
			.isThrownBy(() -> PropertyValues.region(KEY, value))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo(KEY);
				assertThat(ex.getValue()).isEqualTo(value);
				assertThat(ex.getReason()).isEqualTo("not an AWS region id");
				assertThat(ex.getExample()).isEqualTo(KEY + "=eu-west-1");
			});
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "http://127.0.0.1:4566", "https://sts.eu-west-1.amazonaws.com", "HTTPS://sts.amazonaws.com",
					"http://localhost:4566/", "https://vpce-1.sts.eu-west-1.vpce.amazonaws.com/path?q=1" })
	void absoluteHttpOrHttpsUrlIsAnEndpoint(String value) {
		URI endpoint = URI.create(value);
		assertThat(PropertyValues.endpoint(ENDPOINT, endpoint)).isSameAs(endpoint);
	}

	@ParameterizedTest
	@ValueSource(strings = { "localhost:4566", "127.0.0.1", "/sts", "//127.0.0.1:4566", "ftp://127.0.0.1:21",
			"file:///tmp/endpoint", "http:///sts" })
	void anythingButAnAbsoluteHttpOrHttpsUrlIsRejectedNamingTheKey(String value) {
		assertThatExceptionOfType(InvalidAwsRefreshPropertyException.class)
			.isThrownBy(() -> PropertyValues.endpoint(ENDPOINT, URI.create(value)))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo(ENDPOINT);
				assertThat(ex.getValue()).isEqualTo(value);
				assertThat(ex.getReason()).isEqualTo("must be an absolute http or https URL");
				assertThat(ex.getExample()).isEqualTo(ENDPOINT + "=http://127.0.0.1:4566");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "user:pw@localhost:4566", "mailto:pw@example.com", "http://admin:pw@my_host:4566" })
	void whateverStandsBeforeTheAtOfTheAuthorityIsNeverShown(String value) {
		assertThatExceptionOfType(InvalidAwsRefreshPropertyException.class)
			.isThrownBy(() -> PropertyValues.endpoint(ENDPOINT, URI.create(value)))
			.satisfies((ex) -> assertThat(ex.getValue()).doesNotContain("pw").contains("***@"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://user:hunter2/x@127.0.0.1:1", "http://user:hun?ter2@127.0.0.1:1",
			"http://user:hun#ter2@127.0.0.1:1", "http://user:hunter2@127.0.0.1:1/path" })
	void aPasswordThatHoldsWhatCouldEndAnAuthorityIsNeverShown(String url) {
		// Nothing tells an unencoded password from a path: whatever stands before the
		// last @ is masked.
		assertThat(PropertyValues.withoutUserInfo(url)).doesNotContain("hunter2", "hun?ter2", "hun#ter2")
			.startsWith("http://***@127.0.0.1:1");
	}

	@Test
	void anAtInThePathMasksTheHostTooWhichOnlyHidesMore() {
		assertThat(PropertyValues.withoutUserInfo("http://localhost:4566/bucket/key@v2")).isEqualTo("http://***@v2");
		assertThat(PropertyValues.withoutUserInfo("http://localhost:4566/bucket/key"))
			.isEqualTo("http://localhost:4566/bucket/key");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://user:hunter2@127.0.0.1:4566", "https://admin@localhost:4566" })
	void anEndpointWithAUserNameOrPasswordIsRefused(String value) {
		assertThatExceptionOfType(InvalidAwsRefreshPropertyException.class)
			.isThrownBy(() -> PropertyValues.endpoint(ENDPOINT, URI.create(value)))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo("must not hold a user name or password");
				assertThat(ex.getExample()).isEqualTo(ENDPOINT + "=http://127.0.0.1:4566");
				assertThat(ex.getMessage()).doesNotContain("hunter2", "admin");
			});
	}

	@Test
	void userInfoOfARejectedEndpointIsNeverShown() {
		assertThatExceptionOfType(InvalidAwsRefreshPropertyException.class)
			.isThrownBy(() -> PropertyValues.endpoint(ENDPOINT, URI.create("ftp://admin:hunter2@127.0.0.1:21/x")))
			.satisfies((ex) -> {
				assertThat(ex.getValue()).isEqualTo("ftp://***@127.0.0.1:21/x");
				assertThat(ex.getMessage()).contains(ENDPOINT).doesNotContain("hunter2").doesNotContain("admin");
			});
	}

	@Test
	void userInfoOfAnEndpointWhoseHostIsInvalidIsNeverShown() {
		assertThatExceptionOfType(InvalidAwsRefreshPropertyException.class)
			.isThrownBy(() -> PropertyValues.endpoint(ENDPOINT, URI.create("http://admin:hunter2@my_host:4566")))
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).contains(ENDPOINT).doesNotContain("hunter2");
				assertThat(ex.getValue()).doesNotContain("hunter2");
			});
	}

	@Test
	void positiveDurationIsKept() {
		assertThat(PropertyValues.positive("aws.refresh.prefetch-time", Duration.ofMinutes(5), "5m"))
			.isEqualTo(Duration.ofMinutes(5));
		assertThat(PropertyValues.positive("aws.refresh.prefetch-time", Duration.ofNanos(1), "5m"))
			.isEqualTo(Duration.ofNanos(1));
	}

	@Test
	void zeroDurationIsRejectedWithTheGivenExample() {
		assertThatExceptionOfType(InvalidAwsRefreshPropertyException.class)
			.isThrownBy(() -> PropertyValues.positive("aws.refresh.cache.expire-after-access", Duration.ZERO, "30m"))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("aws.refresh.cache.expire-after-access");
				assertThat(ex.getValue()).isEqualTo("0s");
				assertThat(ex.getReason()).isEqualTo("must be positive");
				assertThat(ex.getExample()).isEqualTo("aws.refresh.cache.expire-after-access=30m");
			})
			.withMessage("Invalid 'aws.refresh.cache.expire-after-access' ('0s'): must be positive");
	}

	@Test
	void negativeDurationIsRejectedShownAsWritten() {
		assertThatExceptionOfType(InvalidAwsRefreshPropertyException.class)
			.isThrownBy(() -> PropertyValues.positive("aws.refresh.prefetch-time", Duration.ofMinutes(-5), "5m"))
			.satisfies((ex) -> assertThat(ex.getValue()).isEqualTo("-5m"));
	}

	@ParameterizedTest
	@CsvSource({ "us-east-1a, us-east-1", "eu-west-2c, eu-west-2", "us-gov-west-1b, us-gov-west-1",
			"us-east-1-bos-1a, us-east-1" })
	void anAvailabilityZoneIsNoRegionAndTheMessageSaysWhichRegionItIsIn(String zone, String region) {
		assertThatExceptionOfType(InvalidAwsRefreshPropertyException.class)
			.isThrownBy(() -> PropertyValues.region("aws.refresh.region", zone))
			.satisfies((ex) -> {
				assertThat(ex.getReason()).isEqualTo("an availability zone, not a region: its region is " + region);
				assertThat(ex.getExample()).isEqualTo("aws.refresh.region=" + region);
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "us-east-1", "us-gov-west-1", "cn-north-1", "aws-global", "eu-isoe-west-1" })
	void regionIdsAreRegions(String region) {
		assertThat(PropertyValues.region("aws.refresh.region", region).id()).isEqualTo(region);
	}

	@Test
	void anEndpointPortAbove65535IsRefused() {
		assertThatExceptionOfType(InvalidAwsRefreshPropertyException.class)
			.isThrownBy(() -> PropertyValues.endpoint(ENDPOINT, URI.create("http://127.0.0.1:99999")))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("the port must be at most 65535"));
	}

}
