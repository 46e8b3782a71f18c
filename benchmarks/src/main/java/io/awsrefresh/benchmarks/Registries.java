package io.awsrefresh.benchmarks;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.awsrefresh.client.AwsClientRegistry;
import io.awsrefresh.client.CacheSettings;
import io.awsrefresh.client.ClientDefaults;
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
		this.registry = new AwsClientRegistry((role) -> CREDENTIALS, roles,
				new ClientDefaults(Region.US_EAST_1, endpoint, Map.of()), this.resources, List.of(),
				new CacheSettings(1024, java.time.Duration.ofHours(1)));
	}

	@Override
	public void close() {
		this.registry.close();
		this.resources.close();
		this.httpClient.close();
		this.asyncHttpClient.close();
	}

}
