package io.awsrefresh.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;

/**
 * The shared Netty client with an event loop group the starter owns. Left to the SDK,
 * closing the client shuts its event loops down with a two-second quiet period, which
 * every context close (every test, every restart) would wait for; when the starter closes
 * it, every async client is already closed, so no quiet period is needed.
 */
final class NettyEventLoopOwner implements SdkAsyncHttpClient {

	private final SdkAsyncHttpClient delegate;

	private final EventLoopGroup eventLoops;

	private NettyEventLoopOwner(SdkAsyncHttpClient delegate, EventLoopGroup eventLoops) {
		this.delegate = delegate;
		this.eventLoops = eventLoops;
	}

	@SuppressWarnings("deprecation") // NioEventLoopGroup: the one group type Netty 4.1
										// and 4.2 share
	static SdkAsyncHttpClient create(Consumer<NettyNioAsyncHttpClient.Builder> settings) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("aws-refresh-netty-");
		threads.setDaemon(true);
		EventLoopGroup eventLoops = new NioEventLoopGroup(0, threads);
		NettyNioAsyncHttpClient.Builder builder = NettyNioAsyncHttpClient.builder()
			.eventLoopGroup(SdkEventLoopGroup.create(eventLoops, NioSocketChannel::new));
		settings.accept(builder);
		return new NettyEventLoopOwner(builder.build(), eventLoops);
	}

	@Override
	public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
		return this.delegate.execute(request);
	}

	@Override
	public String clientName() {
		return this.delegate.clientName();
	}

	@Override
	public void close() {
		this.delegate.close();
		// A short quiet period lets the channel pool's asynchronous close listeners run;
		// with none, Netty logs a rejected task at ERROR on every shutdown.
		this.eventLoops.shutdownGracefully(100, 5000, TimeUnit.MILLISECONDS).awaitUninterruptibly(6, TimeUnit.SECONDS);
	}

}
