package io.awsrefresh.autoconfigure.actuate;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.awsrefresh.event.AwsClientEvent;
import io.awsrefresh.event.CredentialsRefreshEvent;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Records aws-refresh's application events the way an application listens for them: with
 * {@code @EventListener} methods.
 */
@Configuration(proxyBeanMethods = false)
class RecordedEvents {

	final List<CredentialsRefreshEvent> refreshes = new CopyOnWriteArrayList<>();

	final List<AwsClientEvent> clients = new CopyOnWriteArrayList<>();

	@EventListener
	void on(CredentialsRefreshEvent event) {
		this.refreshes.add(event);
	}

	@EventListener
	void on(AwsClientEvent event) {
		this.clients.add(event);
	}

}
