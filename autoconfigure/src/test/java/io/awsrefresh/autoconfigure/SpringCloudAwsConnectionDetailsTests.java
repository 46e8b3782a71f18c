package io.awsrefresh.autoconfigure;

import java.net.URI;

import io.awspring.cloud.autoconfigure.core.AwsConnectionDetails;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One Spring Cloud AWS connection redirects this library too: its endpoint, region and
 * keys where it has them (the keys only as a pair), {@code aws.refresh.*} for the rest;
 * S3 path-style access whenever it has an endpoint. A region it holds that is not a
 * region id is reported against {@code spring.cloud.aws.region.static}.
 */
class SpringCloudAwsConnectionDetailsTests {

	private static final URI EMULATOR = URI.create("http://127.0.0.1:4566");

	private static final URI PROPERTIES_ENDPOINT = URI.create("https://vpce-0abc.sts.eu-west-1.vpce.amazonaws.com");

	private static final AwsCredentials PROPERTIES_KEYS = AwsBasicCredentials.create("AKIDPROPERTIES",
			"properties-secret");

	private static final FromProperties PROPERTIES = new FromProperties(PROPERTIES_ENDPOINT, Region.EU_WEST_1,
			PROPERTIES_KEYS, false);

	@Test
	void everythingTheConnectionHoldsIsTakenFromIt() {
		SpringCloudAwsConnectionDetails details = new SpringCloudAwsConnectionDetails(
				new Connection(EMULATOR, "us-east-1", "test", "test-secret"), new Unused());
		assertThat(details.getEndpoint()).isEqualTo(EMULATOR);
		assertThat(details.getRegion()).isEqualTo(Region.US_EAST_1);
		assertThat(details.getSourceCredentials()).satisfies((credentials) -> {
			assertThat(credentials.accessKeyId()).isEqualTo("test");
			assertThat(credentials.secretAccessKey()).isEqualTo("test-secret");
		});
		assertThat(details.isS3PathStyleAccess()).isTrue();
	}

	@Test
	void whatTheConnectionLacksComesFromTheProperties() {
		SpringCloudAwsConnectionDetails details = new SpringCloudAwsConnectionDetails(new AwsConnectionDetails() {
		}, PROPERTIES);
		assertThat(details.getEndpoint()).isEqualTo(PROPERTIES_ENDPOINT);
		assertThat(details.getRegion()).isEqualTo(Region.EU_WEST_1);
		assertThat(details.getSourceCredentials()).isSameAs(PROPERTIES_KEYS);
		assertThat(details.isS3PathStyleAccess()).isFalse();
	}

	@Test
	void eachValueIsTakenFromTheConnectionOrThePropertiesOnItsOwn() {
		SpringCloudAwsConnectionDetails endpointOnly = new SpringCloudAwsConnectionDetails(
				new Connection(EMULATOR, null, null, null), PROPERTIES);
		assertThat(endpointOnly.getEndpoint()).isEqualTo(EMULATOR);
		assertThat(endpointOnly.getRegion()).isEqualTo(Region.EU_WEST_1);
		assertThat(endpointOnly.getSourceCredentials()).isSameAs(PROPERTIES_KEYS);
		SpringCloudAwsConnectionDetails regionOnly = new SpringCloudAwsConnectionDetails(
				new Connection(null, "ap-southeast-2", null, null), PROPERTIES);
		assertThat(regionOnly.getEndpoint()).isEqualTo(PROPERTIES_ENDPOINT);
		assertThat(regionOnly.getRegion()).isEqualTo(Region.AP_SOUTHEAST_2);
		assertThat(regionOnly.getSourceCredentials()).isSameAs(PROPERTIES_KEYS);
	}

	@Test
	void withoutEndpointsAnywhereAwsOwnEndpointsAreUsed() {
		SpringCloudAwsConnectionDetails details = new SpringCloudAwsConnectionDetails(new AwsConnectionDetails() {
		}, new FromProperties(null, Region.EU_WEST_1, null, false));
		assertThat(details.getEndpoint()).isNull();
		assertThat(details.getSourceCredentials()).isNull();
	}

	@Test
	void theConnectionsKeysAreTakenOnlyAsAPair() {
		assertThat(new SpringCloudAwsConnectionDetails(new Connection(null, null, "test", null), PROPERTIES)
			.getSourceCredentials()).isSameAs(PROPERTIES_KEYS);
		assertThat(new SpringCloudAwsConnectionDetails(new Connection(null, null, null, "test-secret"), PROPERTIES)
			.getSourceCredentials()).isSameAs(PROPERTIES_KEYS);
		assertThat(new SpringCloudAwsConnectionDetails(new Connection(null, null, "test", " "), PROPERTIES)
			.getSourceCredentials()).isSameAs(PROPERTIES_KEYS);
		assertThat(new SpringCloudAwsConnectionDetails(new Connection(null, null, "", "test-secret"), PROPERTIES)
			.getSourceCredentials()).isSameAs(PROPERTIES_KEYS);
	}

	@Test
	void aBlankRegionIsNoRegionAndARegionIsTakenWithoutSurroundingSpaces() {
		assertThat(new SpringCloudAwsConnectionDetails(new Connection(null, "  ", null, null), PROPERTIES).getRegion())
			.isEqualTo(Region.EU_WEST_1);
		assertThat(new SpringCloudAwsConnectionDetails(new Connection(null, "", null, null), PROPERTIES).getRegion())
			.isEqualTo(Region.EU_WEST_1);
		assertThat(new SpringCloudAwsConnectionDetails(new Connection(null, " us-west-2\n", null, null), new Unused())
			.getRegion()).isEqualTo(Region.US_WEST_2);
	}

	@Test
	void aRegionFromTheConnectionThatIsNotARegionIdIsReportedAgainstSpringCloudAwsKey() {
		SpringCloudAwsConnectionDetails details = new SpringCloudAwsConnectionDetails(
				new Connection(EMULATOR, "EU West 1", null, null), PROPERTIES);
		assertThatExceptionOfType(InvalidAwsRefreshPropertyException.class).isThrownBy(details::getRegion)
			.withMessage("Invalid 'spring.cloud.aws.region.static' ('EU West 1'): not an AWS region id")
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("spring.cloud.aws.region.static");
				assertThat(ex.getValue()).isEqualTo("EU West 1");
				assertThat(ex.getExample()).isEqualTo("spring.cloud.aws.region.static=eu-west-1");
			});
	}

	@Test
	void s3PathStyleAccessIsForcedByTheConnectionsEndpointAndOtherwiseLeftToTheProperties() {
		assertThat(new SpringCloudAwsConnectionDetails(new Connection(EMULATOR, null, null, null), PROPERTIES)
			.isS3PathStyleAccess()).isTrue();
		assertThat(new SpringCloudAwsConnectionDetails(new Connection(null, "us-east-1", "test", "test-secret"),
				PROPERTIES)
			.isS3PathStyleAccess()).isFalse();
		assertThat(new SpringCloudAwsConnectionDetails(new Connection(null, null, null, null),
				new FromProperties(EMULATOR, Region.EU_WEST_1, null, true))
			.isS3PathStyleAccess()).isTrue();
	}

	/**
	 * A Spring Cloud AWS connection, such as its LocalStack {@code @ServiceConnection}.
	 */
	private record Connection(@Nullable URI endpoint, @Nullable String region, @Nullable String accessKey,
			@Nullable String secretKey) implements AwsConnectionDetails {

		@Override
		public @Nullable URI getEndpoint() {
			return this.endpoint;
		}

		@Override
		public @Nullable String getRegion() {
			return this.region;
		}

		@Override
		public @Nullable String getAccessKey() {
			return this.accessKey;
		}

		@Override
		public @Nullable String getSecretKey() {
			return this.secretKey;
		}

	}

	/**
	 * What {@code aws.refresh.*} says.
	 */
	private record FromProperties(@Nullable URI endpoint, Region region, @Nullable AwsCredentials sourceCredentials,
			boolean s3PathStyleAccess) implements AwsRefreshConnectionDetails {

		@Override
		public @Nullable URI getEndpoint() {
			return this.endpoint;
		}

		@Override
		public Region getRegion() {
			return this.region;
		}

		@Override
		public @Nullable AwsCredentials getSourceCredentials() {
			return this.sourceCredentials;
		}

		@Override
		public boolean isS3PathStyleAccess() {
			return this.s3PathStyleAccess;
		}

	}

	/**
	 * Properties that must not be read: the connection has every value.
	 */
	private static final class Unused implements AwsRefreshConnectionDetails {

		@Override
		public URI getEndpoint() {
			throw new AssertionError("aws.refresh.endpoint read");
		}

		@Override
		public Region getRegion() {
			throw new AssertionError("aws.refresh.region read");
		}

		@Override
		public AwsCredentials getSourceCredentials() {
			throw new AssertionError("aws.refresh.source read");
		}

		@Override
		public boolean isS3PathStyleAccess() {
			throw new AssertionError("aws.refresh path-style read");
		}

	}

}
