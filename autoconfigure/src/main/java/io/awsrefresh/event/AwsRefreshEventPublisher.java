package io.awsrefresh.event;

import java.util.ArrayList;
import java.util.List;

import io.awsrefresh.client.AwsClientInfo;
import io.awsrefresh.client.AwsClientListener;
import io.awsrefresh.credentials.RefreshAttempt;
import io.awsrefresh.credentials.RefreshListener;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Turns refresh attempts and client builds and evictions into Spring application events.
 * Events are published on the thread that made the attempt or built or evicted the
 * client: {@code @EventListener} methods should be quick, or {@code @Async}.
 * <p>
 * Events of what happens while singletons are created (an eager role's first fetch) are
 * held until every singleton exists, so that {@code @EventListener} methods, which are
 * registered only then, receive them too.
 *
 * @since 0.1.0
 */
public final class AwsRefreshEventPublisher implements RefreshListener, AwsClientListener, SmartInitializingSingleton {

	private final ApplicationEventPublisher publisher;

	private @Nullable List<ApplicationEvent> held = new ArrayList<>();

	/**
	 * Create a publisher.
	 * @param publisher where events go
	 */
	public AwsRefreshEventPublisher(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void onAttempt(RefreshAttempt attempt) {
		if (!attempt.succeeded()) {
			publish(new CredentialsRefreshFailedEvent(attempt));
		}
		else if (attempt.recovered()) {
			publish(new CredentialsRecoveredEvent(attempt));
		}
		else {
			publish(new CredentialsRefreshedEvent(attempt));
		}
	}

	/**
	 * Publish the held events, in the order they came, and then stop holding. Events that
	 * come during the flush are held too and published after it, never before an earlier
	 * one (a recovery before the failure it ends, say).
	 */
	@Override
	public void afterSingletonsInstantiated() {
		while (true) {
			List<ApplicationEvent> events;
			synchronized (this) {
				events = this.held;
				if (events == null || events.isEmpty()) {
					this.held = null;
					return;
				}
				this.held = new ArrayList<>();
			}
			// Outside the lock: a listener may cause more events, on this thread or
			// another.
			events.forEach(this.publisher::publishEvent);
		}
	}

	private void publish(ApplicationEvent event) {
		synchronized (this) {
			if (this.held != null) {
				this.held.add(event);
				return;
			}
		}
		this.publisher.publishEvent(event);
	}

	@Override
	public void onCreated(AwsClientInfo client) {
		publish(new AwsClientCreatedEvent(client));
	}

	@Override
	public void onEvicted(AwsClientInfo client, EvictionCause cause) {
		publish(new AwsClientEvictedEvent(client, cause));
	}

}
