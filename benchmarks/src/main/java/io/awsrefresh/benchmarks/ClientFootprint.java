package io.awsrefresh.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

import io.awsrefresh.test.emulator.AwsEmulator;
import io.awsrefresh.test.emulator.AwsEmulators;

import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Extra threads and retained heap of many clients that have each made one call: built the
 * SDK's default way (each with its own HTTP client and executors) versus handed out by
 * the registry (one role each, so every client is distinct). Heap is the used heap after
 * repeated full GCs, minus the same figure before the clients were built.
 * <p>
 * Run with
 * {@code java -Xmx2g -cp ... io.awsrefresh.benchmarks.ClientFootprint [syncCount]
 * [asyncCount]}; it starts a local emulator for the calls.
 */
public final class ClientFootprint {

	private ClientFootprint() {
	}

	public static void main(String[] args) throws Exception {
		System.setProperty("aws.disableEc2Metadata", "true");
		int syncCount = (args.length > 0) ? Integer.parseInt(args[0]) : 1000;
		int asyncCount = (args.length > 1) ? Integer.parseInt(args[1]) : 200;
		try (AwsEmulator emulator = AwsEmulators.start()) {
			System.out.printf("Machine: %d cores, %s %s, %s %s; %s; emulator: %s%n",
					Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
					System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"),
					LocalDate.now(), emulator.name());
			System.out.println("| clients | built | extra threads | retained heap |");
			System.out.println("|---|---|---:|---:|");
			IntFunction<S3Client> defaultS3 = (i) -> S3Client.builder()
				.region(Region.US_EAST_1)
				.endpointOverride(emulator.endpoint())
				.forcePathStyle(true)
				.credentialsProvider(Registries.CREDENTIALS)
				.build();
			IntFunction<SqsAsyncClient> defaultSqs = (i) -> SqsAsyncClient.builder()
				.region(Region.US_EAST_1)
				.endpointOverride(emulator.endpoint())
				.credentialsProvider(Registries.CREDENTIALS)
				.build();
			measure(syncCount + " S3Client", "SDK default way", syncCount, defaultS3,
					(client) -> ((S3Client) client).listBuckets());
			try (Registries registries = new Registries(emulator.endpoint(), roles(syncCount))) {
				measure(syncCount + " S3Client", "registry", syncCount,
						(i) -> registries.registry.client(S3Client.class, "role" + i),
						(client) -> ((S3Client) client).listBuckets());
			}
			measure(asyncCount + " SqsAsyncClient", "SDK default way", asyncCount, defaultSqs,
					(client) -> ((SqsAsyncClient) client).listQueues().join());
			try (Registries registries = new Registries(emulator.endpoint(), roles(asyncCount))) {
				measure(asyncCount + " SqsAsyncClient", "registry", asyncCount,
						(i) -> registries.registry.client(SqsAsyncClient.class, "role" + i),
						(client) -> ((SqsAsyncClient) client).listQueues().join());
			}
		}
	}

	private static Set<String> roles(int count) {
		Set<String> roles = new LinkedHashSet<>();
		roles.add("default");
		for (int i = 0; i < count; i++) {
			roles.add("role" + i);
		}
		return roles;
	}

	private static void measure(String label, String how, int count, IntFunction<? extends SdkClient> build,
			java.util.function.Consumer<SdkClient> call) throws InterruptedException {
		long heapBefore = settledHeap();
		int threadsBefore = Thread.activeCount();
		List<SdkClient> clients = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			SdkClient client = build.apply(i);
			call.accept(client);
			clients.add(client);
		}
		Thread.sleep(1000);
		long heap = settledHeap() - heapBefore;
		int threads = Thread.activeCount() - threadsBefore;
		System.out.printf("| %s | %s | %d | %.1f MiB |%n", label, how, threads, heap / (1024.0 * 1024.0));
		if (how.startsWith("SDK")) {
			clients.forEach(SdkClient::close);
		}
		clients.clear();
		Thread.sleep(3000);
	}

	private static long settledHeap() throws InterruptedException {
		for (int i = 0; i < 4; i++) {
			System.gc();
			Thread.sleep(200);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
