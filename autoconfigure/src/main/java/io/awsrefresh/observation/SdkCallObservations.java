package io.awsrefresh.observation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.awsrefresh.client.AwsClientCustomizer;
import io.awsrefresh.credentials.RoleCredentialsProviders;
import io.awsrefresh.credentials.StsFailures;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;

/**
 * Makes every call of every client the registry builds a Micrometer {@link Observation}
 * named {@code aws.sdk.api.call} (contextual name {@code S3.PutObject}), with the
 * low-cardinality keys {@code service}, {@code operation}, {@code role}, {@code region}
 * and {@code outcome}: a span through Micrometer Tracing and a timer through Micrometer,
 * named like the SDK call meters. An observation in scope when the call starts is its
 * parent.
 * <p>
 * The observation is not put in scope: an async client completes its call on another
 * thread, where a scope opened here could not be closed.
 *
 * @since 0.1.0
 */
public final class SdkCallObservations implements AwsClientCustomizer<AwsClientBuilder<?, ?>>, Ordered {

	/**
	 * Name of the observations.
	 */
	public static final String NAME = "aws.sdk.api.call";

	private static final ExecutionAttribute<ObservedCall> OBSERVATION = new ExecutionAttribute<>(
			"aws-refresh.observation");

	private final ObservationRegistry registry;

	private final Function<String, String> roleTags;

	/**
	 * Create observations in a registry, keying each role with the name read from its
	 * role name ({@code template@account} as the template's): use
	 * {@link #SdkCallObservations(ObservationRegistry, Function)} with
	 * {@link RoleCredentialsProviders#tagNameOf(String)} where the providers are at hand.
	 * @param registry the observation registry
	 */
	@SuppressWarnings("deprecation")
	public SdkCallObservations(ObservationRegistry registry) {
		this(registry, RoleCredentialsProviders::tagName);
	}

	/**
	 * Create observations in a registry, each keyed with the tag name of its client's
	 * role.
	 * @param registry the observation registry
	 * @param roleTags a role's tag name by role name, such as
	 * {@link RoleCredentialsProviders#tagNameOf(String)}
	 */
	public SdkCallObservations(ObservationRegistry registry, Function<String, String> roleTags) {
		this.registry = registry;
		this.roleTags = roleTags;
	}

	/**
	 * Adds the observing interceptor for the client's role and region, first among the
	 * client's interceptors: the SDK runs the hooks that end a call in reverse order, so
	 * it hears last whether another interceptor failed the call, and stops the
	 * observation once, with the outcome the caller sees.
	 */
	@Override
	public void customize(AwsClientBuilder<?, ?> builder, String role, Region region) {
		ClientOverrideConfiguration configuration = builder.overrideConfiguration();
		List<ExecutionInterceptor> interceptors = new ArrayList<>();
		interceptors.add(new Interceptor(this.roleTags.apply(role), region.id()));
		interceptors.addAll(configuration.executionInterceptors());
		builder.overrideConfiguration(configuration.toBuilder().executionInterceptors(interceptors).build());
	}

	/**
	 * After the application's customizers, so that none of them can remove it.
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	private final class Interceptor implements ExecutionInterceptor {

		private final String role;

		private final String region;

		Interceptor(String role, String region) {
			this.role = role;
			this.region = region;
		}

		@Override
		public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
			ObservationRegistry registry = SdkCallObservations.this.registry;
			String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
			String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
			Observation observation = Observation.createNotStarted(NAME, registry)
				.contextualName(service + "." + operation)
				.lowCardinalityKeyValue("service", service)
				.lowCardinalityKeyValue("operation", operation)
				.lowCardinalityKeyValue("role", this.role)
				.lowCardinalityKeyValue("region", this.region)
				.parentObservation(registry.getCurrentObservation())
				.start();
			attributes.putAttribute(OBSERVATION, new ObservedCall(observation));
		}

		@Override
		public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
			ObservedCall call = attributes.getAttribute(OBSERVATION);
			if (call != null) {
				call.stop(null);
			}
		}

		@Override
		public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
			ObservedCall call = attributes.getAttribute(OBSERVATION);
			if (call != null) {
				call.stop(context.exception());
			}
		}

	}

	/**
	 * An observation stopped at most once, whatever the SDK calls after its end.
	 */
	private static final class ObservedCall {

		private final Observation observation;

		private final AtomicBoolean stopped = new AtomicBoolean();

		ObservedCall(Observation observation) {
			this.observation = observation;
		}

		void stop(@Nullable Throwable error) {
			if (!this.stopped.compareAndSet(false, true)) {
				return;
			}
			if (error != null) {
				// A service can quote the request back, its session token included: a
				// tracing handler records the error's message.
				this.observation.lowCardinalityKeyValue("outcome", "failure").error(StsFailures.masked(error)).stop();
			}
			else {
				this.observation.lowCardinalityKeyValue("outcome", "success").stop();
			}
		}

	}

}
