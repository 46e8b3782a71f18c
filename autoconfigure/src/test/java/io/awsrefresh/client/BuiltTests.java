package io.awsrefresh.client;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsServiceClientConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link Built} closes a resource before the client it owns, and the client even when the
 * resource fails to close.
 */
class BuiltTests {

	private final List<String> closed = new ArrayList<>();

	@Test
	void aResourceIsClosedBeforeTheClientUnderIt() throws Exception {
		Built built = Built.over("transfer manager", () -> this.closed.add("transfer manager"), new RecordingClient());
		built.closer().close();
		assertThat(this.closed).containsExactly("transfer manager", "client");
	}

	@Test
	void theClientIsClosedEvenWhenTheResourceFailsToClose() {
		Built built = Built.over("transfer manager", () -> {
			throw new IllegalStateException("failed to close");
		}, new RecordingClient());
		assertThatIllegalStateException().isThrownBy(() -> built.closer().close()).withMessage("failed to close");
		assertThat(this.closed).containsExactly("client");
	}

	@Test
	void aResourceWithNothingToCloseClosesItsClient() throws Exception {
		Built.over("enhanced client", null, new RecordingClient()).closer().close();
		assertThat(this.closed).containsExactly("client");
	}

	@Test
	void aClientClosesItself() throws Exception {
		RecordingClient client = new RecordingClient();
		Built built = Built.client(client);
		assertThat(built.instance()).isSameAs(client);
		built.closer().close();
		assertThat(this.closed).containsExactly("client");
	}

	private final class RecordingClient implements StsClient {

		@Override
		public String serviceName() {
			return "sts";
		}

		@Override
		public StsServiceClientConfiguration serviceClientConfiguration() {
			return StsServiceClientConfiguration.builder().region(Region.US_EAST_1).build();
		}

		@Override
		public void close() {
			BuiltTests.this.closed.add("client");
		}

	}

}
