package io.awsrefresh.autoconfigure.actuate;

import java.util.List;

import io.awsrefresh.actuate.AwsClientsEndpoint;
import io.awsrefresh.actuate.AwsClientsEndpoint.ClientDescriptor;
import io.awsrefresh.autoconfigure.AwsRefreshAutoConfigurations;
import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.credentials.AssumeRoleSpec;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.invoke.convert.ConversionServiceParameterValueMapper;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointHttpMethod;
import org.springframework.boot.actuate.endpoint.web.WebOperationRequestPredicate;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpointDiscoverer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code DELETE /actuator/awsclients/{id}} evicts the client whose id
 * {@code GET /actuator/awsclients} lists (docs/operating.md). A role built in code is
 * named after its ARN ({@code arn:aws:iam::333333333333:role/Partner#digest}), so its
 * clients' ids hold a {@code /}: the id must still fit the path variable the operation is
 * mapped to, or the operator cannot evict that client alone.
 */
class AwsClientsEndpointPathTests {

	@Test
	void everyClientIdTheEndpointListsFitsThePathOfTheOperationThatEvictsIt() {
		new ApplicationContextRunner().withConfiguration(AwsRefreshAutoConfigurations.CLIENTS)
			.withConfiguration(
					AutoConfigurations.of(AwsClientsEndpointAutoConfiguration.class, EndpointAutoConfiguration.class))
			.withPropertyValues("aws.refresh.region=eu-west-1", "aws.refresh.source.access-key-id=AKIDEXAMPLE",
					"aws.refresh.source.secret-access-key=not-a-secret",
					"aws.refresh.role-arn=arn:aws:iam::123456789012:role/app",
					"management.endpoints.web.exposure.include=awsclients")
			.run((context) -> {
				AwsClientRegistry registry = context.getBean(AwsClientRegistry.class);
				// On demand, so evictable: built, never called.
				registry.session(AssumeRoleSpec.of("arn:aws:iam::333333333333:role/Partner", "orders"))
					.client(S3Client.class, Region.EU_WEST_3);
				List<String> ids = context.getBean(AwsClientsEndpoint.class)
					.clients()
					.clients()
					.stream()
					.filter((client) -> !client.pinned())
					.map(ClientDescriptor::id)
					.toList();
				assertThat(ids).hasSize(1);

				WebEndpointDiscoverer discoverer = new WebEndpointDiscoverer(context,
						new ConversionServiceParameterValueMapper(), new EndpointMediaTypes("application/json"),
						List.of(), List.of(), List.of(), List.of(), List.of());
				ExposableWebEndpoint endpoint = discoverer.getEndpoints()
					.stream()
					.filter((candidate) -> candidate.getEndpointId().toString().equals("awsclients"))
					.findFirst()
					.orElseThrow();
				WebOperationRequestPredicate evictOne = endpoint.getOperations()
					.stream()
					.map((operation) -> operation.getRequestPredicate())
					.filter((predicate) -> predicate.getHttpMethod() == WebEndpointHttpMethod.DELETE
							&& predicate.getPath().contains("{"))
					.findFirst()
					.orElseThrow();
				assertThat(evictOne.getPath()).isIn("awsclients/{id}", "awsclients/{*id}");
				// One path segment unless the selector takes every remaining one.
				boolean oneSegment = evictOne.getMatchAllRemainingPathSegmentsVariable() == null;
				assertThat(ids).allSatisfy((id) -> assertThat(oneSegment && id.contains("/"))
					.as("DELETE /actuator/awsclients/%s reaches the operation mapped to %s", id, evictOne.getPath())
					.isFalse());
				assertThat(registry.evict(ids.get(0))).isTrue();
			});
	}

}
