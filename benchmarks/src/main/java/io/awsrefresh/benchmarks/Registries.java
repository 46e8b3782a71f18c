package io.awsrefresh.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.client.SharedClientResources;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * A registry wired the way the auto-configuration wires it, without Spring: one shared
 * HTTP client of each kind, static credentials for every role.
 */
final class Registries implements AutoCloseable {

	static final AwsCredentialsProvider CREDENTIALS = StaticCredentialsProvider
		.create(AwsBasicCredentials.create("test", "test"));

	final SdkHttpClient httpClient = Apache5HttpClient.create();

	final SdkAsyncHttpClient asyncHttpClient = NettyNioAsyncHttpClient.create();

	final SharedClientResources resources = new SharedClientResources(() -> this.httpClient,
			() -> this.asyncHttpClient);

	final AwsClientRegistry registry;

	Registries(URI endpoint, Set<String> roles) {
		AwsClientRegistry.Builder builder = AwsClientRegistry.builder(this.resources)
			.region(Region.US_EAST_1)
			.endpoint(endpoint)
			.cache(1024, Duration.ofHours(1));
		roles.forEach((role) -> builder.role(role, CREDENTIALS));
		this.registry = builder.build();
	}

	@Override
	public void close() {
		this.registry.close();
		this.resources.close();
		this.httpClient.close();
		this.asyncHttpClient.close();
	}

}
