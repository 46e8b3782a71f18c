package io.awsrefresh.event;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.awsrefresh.client.AwsClientInfo;
import io.awsrefresh.client.AwsClientListener.EvictionCause;
import io.awsrefresh.credentials.RefreshAttempt;
import io.awsrefresh.credentials.RefreshAttempt.Outcome;
import io.awsrefresh.credentials.RefreshAttempt.Trigger;
import io.awsrefresh.credentials.RoleSource;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

import software.amazon.awssdk.regions.Region;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refresh attempts and client builds and evictions become application events of the right
 * type, carrying what happened; those of the time before every singleton exists are held
 * and published once, in order, and none is lost or published twice when both times meet.
 */
class AwsRefreshEventPublisherTests {

	private static final Instant T = Instant.parse("2026-12-04T12:00:00Z");

	private final List<Object> published = new CopyOnWriteArrayList<>();

	private final ApplicationEventPublisher capture = this.published::add;

	@Test
	void anAttemptBecomesAFailedARefreshedOrARecoveredEventCarryingIt() {
		AwsRefreshEventPublisher events = started();
		RefreshAttempt refreshed = attempt("orders", Outcome.SUCCESS, 1);
		RefreshAttempt firstFailure = attempt("orders", Outcome.FAILURE, 1);
		RefreshAttempt thirdFailure = attempt("orders", Outcome.FAILURE, 3);
		RefreshAttempt recovered = attempt("orders", Outcome.SUCCESS, 4);
		List.of(refreshed, firstFailure, thirdFailure, recovered).forEach(events::onAttempt);
		assertThat(this.published).extracting((event) -> event.getClass().getSimpleName())
			.containsExactly("CredentialsRefreshedEvent", "CredentialsRefreshFailedEvent",
					"CredentialsRefreshFailedEvent", "CredentialsRecoveredEvent");
		assertThat(this.published).allSatisfy((event) -> assertThat(event).isInstanceOf(CredentialsRefreshEvent.class))
			.extracting((event) -> ((CredentialsRefreshEvent) event).getAttempt())
			.containsExactly(refreshed, firstFailure, thirdFailure, recovered);
		assertThat(((CredentialsRefreshEvent) this.published.get(0)).getRoleName()).isEqualTo("orders");
	}

	@Test
	void aClientBuiltOrEvictedBecomesAnEventCarryingTheClientAndTheCause() {
		AwsRefreshEventPublisher events = started();
		AwsClientInfo client = client("audit@123456789012");
		events.onCreated(client);
		events.onEvicted(client, EvictionCause.ROLE_REMOVED);
		assertThat(this.published).hasSize(2);
		assertThat(this.published.get(0)).isInstanceOfSatisfying(AwsClientCreatedEvent.class,
				(created) -> assertThat(created.getClient()).isSameAs(client));
		assertThat(this.published.get(1)).isInstanceOfSatisfying(AwsClientEvictedEvent.class, (evicted) -> {
			assertThat(evicted.getClient()).isSameAs(client);
			assertThat(evicted.getCause()).isEqualTo(EvictionCause.ROLE_REMOVED);
		});
	}

	@Test
	void eventsBeforeEverySingletonExistsAreHeldThenPublishedOnceInOrder() {
		AwsRefreshEventPublisher events = new AwsRefreshEventPublisher(this.capture);
		RefreshAttempt initial = attempt("reports", Outcome.SUCCESS, 1);
		AwsClientInfo client = client("reports");
		events.onAttempt(initial);
		events.onCreated(client);
		events.onEvicted(client, EvictionCause.SIZE);
		assertThat(this.published).isEmpty();
		events.afterSingletonsInstantiated();
		assertThat(this.published).extracting((event) -> ((ApplicationEvent) event).getSource())
			.containsExactly(initial, client, client);
		assertThat(this.published).extracting((event) -> event.getClass().getSimpleName())
			.containsExactly("CredentialsRefreshedEvent", "AwsClientCreatedEvent", "AwsClientEvictedEvent");
		// From now on at once, on the caller's thread; nothing held is published again.
		RefreshAttempt scheduled = attempt("reports", Outcome.FAILURE, 1);
		events.onAttempt(scheduled);
		events.afterSingletonsInstantiated();
		assertThat(this.published).hasSize(4)
			.last()
			.extracting((event) -> ((ApplicationEvent) event).getSource())
			.isSameAs(scheduled);
	}

	@Test
	void noEventIsLostPublishedTwiceOrOvertakenWhenEventsArriveWhileTheHeldOnesArePublished() throws Exception {
		AwsRefreshEventPublisher events = new AwsRefreshEventPublisher(this.capture);
		int threads = 8;
		int perThread = 2000;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> senders = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				String role = "role-" + t;
				senders.add(executor.submit(() -> {
					start.await();
					for (int i = 1; i <= perThread; i++) {
						events.onAttempt(attempt(role, Outcome.FAILURE, i));
					}
					return null;
				}));
			}
			start.countDown();
			events.afterSingletonsInstantiated();
			for (Future<?> sender : senders) {
				sender.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.published).hasSize(threads * perThread)
			.extracting((event) -> ((ApplicationEvent) event).getSource())
			.doesNotHaveDuplicates();
		// Each sender's events come out in the order it sent them.
		Map<String, List<Integer>> attempts = new LinkedHashMap<>();
		for (Object event : this.published) {
			RefreshAttempt attempt = ((CredentialsRefreshEvent) event).getAttempt();
			attempts.computeIfAbsent(attempt.roleName(), (role) -> new ArrayList<>()).add(attempt.attempt());
		}
		assertThat(attempts).hasSize(threads)
			.allSatisfy((role, numbers) -> assertThat(numbers).hasSize(perThread).isSorted());
	}

	private AwsRefreshEventPublisher started() {
		AwsRefreshEventPublisher events = new AwsRefreshEventPublisher(this.capture);
		events.afterSingletonsInstantiated();
		return events;
	}

	private static RefreshAttempt attempt(String role, Outcome outcome, int attempt) {
		RefreshAttempt.Builder builder = RefreshAttempt
			.builder(role, RoleSource.Kind.ASSUME_ROLE, (attempt > 1) ? Trigger.RETRY : Trigger.SCHEDULED, outcome)
			.attempt(attempt)
			.timing(T, Duration.ofMillis(40))
			.expiration(T.plus(Duration.ofHours(1)))
			.nextAttempt(T.plusSeconds(30));
		if (outcome == Outcome.FAILURE) {
			builder.error("STS answered Throttling (Rate exceeded; HTTP 400)", "Throttling");
		}
		return builder.build();
	}

	private static AwsClientInfo client(String role) {
		return new AwsClientInfo("S3Client:" + role + ":eu-west-1", "S3Client", role, Region.EU_WEST_1,
				URI.create("https://s3.eu-west-1.amazonaws.com"), false, T, Duration.ofMinutes(3));
	}

}
