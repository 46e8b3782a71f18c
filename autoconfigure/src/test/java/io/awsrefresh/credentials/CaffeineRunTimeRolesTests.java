package io.awsrefresh.credentials;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.awsrefresh.test.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The run-time roles' cache: a name is one role, created once however many callers ask
 * together; the cache holds no more than its size and forgets what is unused; and a role
 * it lets go of (evicted, expired or closed) stops refreshing and is reported to every
 * listener. Without Caffeine there is no cache, and asking for a role says what to add.
 * Roles here come from a source the test makes, refreshed on virtual time: nothing is
 * fetched from AWS.
 */
class CaffeineRunTimeRolesTests {

	private final VirtualTime time = new VirtualTime();

	private final RefreshRuntime runtime = new RefreshRuntime(this.time, this.time, Runnable::run, Backoff.DEFAULT,
			Duration.ofSeconds(30), Duration.ofMinutes(5), () -> 0.5);

	private final Map<String, ScriptedSource> sources = new ConcurrentHashMap<>();

	private final AtomicInteger created = new AtomicInteger();

	private final List<String> removed = new CopyOnWriteArrayList<>();

	private final List<RunTimeRoles> caches = new ArrayList<>();

	private final ExecutorService threads = Executors.newFixedThreadPool(8);

	@AfterEach
	void close() {
		this.threads.shutdownNow();
		this.caches.forEach(RunTimeRoles::close);
	}

	@Test
	void theSameNameIsTheSameRoleCreatedOnce() {
		RunTimeRoles roles = roles(100, Duration.ofHours(1));
		RoleCredentialsProvider role = roles.get("audit@123456789012", () -> role("audit@123456789012"));
		assertThat(roles.get("audit@123456789012", () -> role("audit@123456789012"))).isSameAs(role);
		assertThat(roles.getIfPresent("audit@123456789012")).isSameAs(role);
		assertThat(roles.getIfPresent("audit@210987654321")).isNull();
		assertThat(this.created).hasValue(1);
		assertThat(roles.size()).isOne();
		// Creating a role fetches nothing: it fetches on first use.
		assertThat(role.status().state()).isEqualTo(RefreshState.PENDING);
	}

	@Test
	void beyondItsSizeRolesAreEvictedStoppedAndReportedToTheListeners() {
		RunTimeRoles roles = roles(2, Duration.ofHours(1));
		Map<String, RoleCredentialsProvider> made = new LinkedHashMap<>();
		for (int i = 1; i <= 5; i++) {
			String name = "audit@00000000000" + i;
			// Fetched as it is made: a role may be evicted as soon as it is held.
			made.put(name, roles.get(name, () -> fetched(role(name))));
		}
		assertThat(roles.size()).isEqualTo(2);
		assertThat(this.created).hasValue(5);
		assertThat(this.removed).hasSize(3).doesNotHaveDuplicates().allMatch(made::containsKey);
		Set<String> held = new HashSet<>(made.keySet());
		held.removeAll(this.removed);
		assertThat(held).hasSize(2).allSatisfy((name) -> {
			assertThat(roles.getIfPresent(name)).isSameAs(made.get(name));
			assertThat(made.get(name).status().nextAttempt()).as("refresh of %s", name).isNotNull();
		});
		assertThat(this.removed).allSatisfy((name) -> {
			assertThat(roles.getIfPresent(name)).isNull();
			assertThat(made.get(name).status().nextAttempt()).as("refresh of %s", name).isNull();
		});
		// Past every refresh time: only the roles still held fetch again.
		this.time.advance(Duration.ofMinutes(31));
		assertThat(this.removed).allSatisfy((name) -> assertThat(this.sources.get(name).calls()).isOne());
		assertThat(held).allSatisfy((name) -> assertThat(this.sources.get(name).calls()).isEqualTo(2));
	}

	@Test
	void aRoleUnusedForItsExpiryIsEvictedStoppedAndReported() {
		RunTimeRoles roles = roles(100, Duration.ofNanos(1));
		RoleCredentialsProvider role = roles.get("audit@123456789012", () -> fetched(role("audit@123456789012")));
		Await.until(() -> roles.size() == 0);
		assertThat(this.removed).containsExactly("audit@123456789012");
		assertThat(roles.getIfPresent("audit@123456789012")).isNull();
		assertThat(role.status().nextAttempt()).isNull();
		// Asked for again, it is a new role.
		assertThat(roles.get("audit@123456789012", () -> role("audit@123456789012"))).isNotSameAs(role);
		assertThat(this.created).hasValue(2);
	}

	@Test
	void heldRolesAreReadWithoutKeepingThemFromExpiring() {
		// What health and meters do, again and again: read every role held, and look one
		// up by name for its tag. Neither is a use.
		RunTimeRoles roles = roles(100, Duration.ofMillis(300));
		RoleCredentialsProvider role = roles.get("audit@123456789012", () -> fetched(role("audit@123456789012")));
		assertThat(roles.held()).containsExactly(role);
		assertThat(roles.peek("audit@123456789012")).isSameAs(role);
		Await.until(() -> {
			roles.held().forEach((held) -> assertThat(held.status().roleName()).isEqualTo("audit@123456789012"));
			RoleCredentialsProvider peeked = roles.peek("audit@123456789012");
			if (peeked != null) {
				assertThat(peeked.tagName()).isEqualTo("audit");
			}
			return roles.size() == 0;
		});
		assertThat(this.removed).containsExactly("audit@123456789012");
		assertThat(roles.held()).isEmpty();
		assertThat(roles.peek("audit@123456789012")).isNull();
	}

	@Test
	void aRoleInUseWithinItsExpiryStays() {
		RunTimeRoles roles = roles(100, Duration.ofHours(1));
		RoleCredentialsProvider role = roles.get("audit@123456789012", () -> role("audit@123456789012"));
		for (int i = 0; i < 10; i++) {
			assertThat(roles.get("audit@123456789012", () -> role("audit@123456789012"))).isSameAs(role);
		}
		assertThat(roles.size()).isOne();
		assertThat(this.removed).isEmpty();
	}

	@Test
	void aRoleWhoseCredentialsAreReadStaysThoughNobodyAsksTheCacheForIt() {
		// A client built on the role and kept reads its credentials on every call and
		// never asks the cache for the role again.
		Duration expiry = Duration.ofMillis(500);
		RunTimeRoles roles = roles(100, expiry);
		RoleCredentialsProvider role = roles.get("audit@123456789012", () -> fetched(role("audit@123456789012")));
		long until = System.nanoTime() + 6 * expiry.toNanos();
		while (System.nanoTime() < until) {
			this.time.advance(Duration.ofMillis(RefreshEngine.USE_MARK_MILLIS));
			assertThat(role.resolveCredentials()).isNotNull();
			LockSupport.parkNanos(expiry.toNanos() / 20);
		}
		assertThat(roles.getIfPresent("audit@123456789012")).isSameAs(role);
		assertThat(this.removed).isEmpty();
		// Unread, it expires, and a client still kept on it says why it fails.
		Await.until(() -> roles.size() == 0);
		assertThat(this.removed).containsExactly("audit@123456789012");
		this.time.advance(Duration.ofHours(2));
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(role::resolveCredentials)
			.withMessageContaining("removed from the run-time roles (expired, aws.refresh.run-time-roles.*)");
	}

	@Test
	void closingStopsEveryRoleAndTellsEveryListenerEvenAfterOneFails() {
		RunTimeRoles roles = roles(100, Duration.ofHours(1));
		List<String> second = new CopyOnWriteArrayList<>();
		roles.onRemoved((name) -> {
			throw new IllegalStateException("listener failed");
		});
		roles.onRemoved(second::add);
		RoleCredentialsProvider orders = roles.get("orders@123456789012", () -> role("orders@123456789012"));
		RoleCredentialsProvider audit = roles.get("audit@123456789012", () -> role("audit@123456789012"));
		orders.resolveCredentials();
		roles.close();
		assertThat(roles.size()).isZero();
		assertThat(this.removed).containsExactlyInAnyOrder("orders@123456789012", "audit@123456789012");
		assertThat(second).containsExactlyInAnyOrder("orders@123456789012", "audit@123456789012");
		assertThat(orders.status().nextAttempt()).isNull();
		// A stopped role that never fetched cannot start now.
		assertThatExceptionOfType(RoleCredentialsException.class).isThrownBy(audit::resolveCredentials)
			.withMessageContaining("shutting down");
		assertThat(this.sources.get("audit@123456789012").calls()).isZero();
	}

	@Test
	void callersAskingForOneNameTogetherWaitForOneCreation() throws Exception {
		RunTimeRoles roles = roles(100, Duration.ofHours(1));
		CountDownLatch creating = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Set<Thread> callers = ConcurrentHashMap.newKeySet();
		List<CompletableFuture<RoleCredentialsProvider>> results = new ArrayList<>();
		results.add(CompletableFuture.supplyAsync(() -> roles.get("audit@123456789012", () -> {
			creating.countDown();
			await(release);
			return role("audit@123456789012");
		}), this.threads));
		assertThat(creating.await(30, TimeUnit.SECONDS)).isTrue();
		for (int i = 0; i < 7; i++) {
			results.add(CompletableFuture.supplyAsync(() -> {
				callers.add(Thread.currentThread());
				return roles.get("audit@123456789012", () -> role("audit@123456789012"));
			}, this.threads));
		}
		// Every other caller is held by the creation in progress.
		Await.until(() -> callers.size() == 7 && callers.stream()
			.allMatch((thread) -> thread.getState() == Thread.State.BLOCKED
					|| thread.getState() == Thread.State.WAITING));
		assertThat(results).noneMatch(CompletableFuture::isDone);
		release.countDown();
		Set<RoleCredentialsProvider> instances = new HashSet<>();
		for (CompletableFuture<RoleCredentialsProvider> result : results) {
			instances.add(result.get(30, TimeUnit.SECONDS));
		}
		assertThat(instances).hasSize(1);
		assertThat(this.created).hasValue(1);
	}

	@Test
	void aFailedCreationIsNotHeldAndTheNextCallerCreatesAgain() {
		RunTimeRoles roles = roles(100, Duration.ofHours(1));
		assertThatIllegalStateException().isThrownBy(() -> roles.get("audit@123456789012", () -> {
			throw new IllegalStateException("cannot create");
		})).withMessage("cannot create");
		assertThat(roles.getIfPresent("audit@123456789012")).isNull();
		assertThat(roles.size()).isZero();
		assertThat(roles.get("audit@123456789012", () -> role("audit@123456789012"))).isNotNull();
		assertThat(this.removed).isEmpty();
	}

	@Test
	void withoutCaffeineThereIsNoCacheAndAskingForARoleSaysWhatToAdd() {
		RunTimeRoles unavailable = RunTimeRoles.create(false, 100, Duration.ofHours(1));
		assertThatIllegalStateException()
			.isThrownBy(() -> unavailable.get("audit@123456789012", () -> role("audit@123456789012")))
			.withMessage("Cannot create run-time role 'audit@123456789012': " + RunTimeRoles.CACHE_MISSING)
			.withMessageContaining("com.github.ben-manes.caffeine:caffeine");
		assertThat(this.created).hasValue(0);
		assertThat(unavailable.getIfPresent("audit@123456789012")).isNull();
		assertThat(unavailable.size()).isZero();
		unavailable.onRemoved(this.removed::add);
		unavailable.close();
		assertThat(this.removed).isEmpty();
		try (RunTimeRoles available = RunTimeRoles.create(true, 100, Duration.ofHours(1))) {
			assertThat(available).isInstanceOf(CaffeineRunTimeRoles.class);
		}
	}

	private RunTimeRoles roles(long maxSize, Duration expireAfterAccess) {
		RunTimeRoles roles = new CaffeineRunTimeRoles(maxSize, expireAfterAccess);
		roles.onRemoved(this.removed::add);
		this.caches.add(roles);
		return roles;
	}

	/**
	 * A role whose credentials come from a source the test makes.
	 */
	private RoleCredentialsProvider role(String name) {
		this.created.incrementAndGet();
		ScriptedSource source = new ScriptedSource(this.time);
		this.sources.put(name, source);
		RoleSource custom = new RoleSource.Custom("test", (roleName) -> source.fetch());
		RoleDefinition role = new RoleDefinition(name, custom, RefreshSettings.DEFAULTS, "audit");
		return RoleCredentialsProvider.refreshing(role,
				new RefreshEngine(name, custom, source, RefreshSettings.DEFAULTS, this.runtime, List.of()));
	}

	private static RoleCredentialsProvider fetched(RoleCredentialsProvider role) {
		role.resolveCredentials();
		assertThat(role.status().nextAttempt()).isNotNull();
		return role;
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
