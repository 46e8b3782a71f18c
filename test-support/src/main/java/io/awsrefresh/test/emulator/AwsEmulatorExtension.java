package io.awsrefresh.test.emulator;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension that shares one emulator across every test class of a run and stops it
 * when the run ends. Without an emulator the tests are skipped with a one-line reason, or
 * fail when {@value AwsEmulators#REQUIRED_ENV} is {@code true}. Test methods and
 * constructors may declare an {@link AwsEmulator} parameter.
 *
 * @since 0.1.0
 * @see AwsEmulatorTest
 */
public final class AwsEmulatorExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(AwsEmulatorExtension.class);

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		SharedEmulator shared = shared(context);
		if (shared.emulator != null || AwsEmulators.isRequired()) {
			return ConditionEvaluationResult.enabled("AWS emulator: " + shared.emulator);
		}
		return ConditionEvaluationResult
			.disabled("Skipped, no AWS emulator: " + Objects.requireNonNull(shared.failure).getMessage());
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		emulator(context);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == AwsEmulator.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return emulator(extensionContext);
	}

	/**
	 * The emulator of this test run, started on first use.
	 * @param context any extension context of the run
	 * @return the running emulator
	 */
	public static AwsEmulator emulator(ExtensionContext context) {
		return shared(context).get();
	}

	private static SharedEmulator shared(ExtensionContext context) {
		return context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent(SharedEmulator.class, (key) -> SharedEmulator.start(), SharedEmulator.class);
	}

	/**
	 * The shared emulator, or the reason there is none.
	 */
	private record SharedEmulator(@Nullable AwsEmulator emulator, @Nullable AwsEmulatorUnavailableException failure) {

		static SharedEmulator start() {
			try {
				return new SharedEmulator(AwsEmulators.shared(), null);
			}
			catch (AwsEmulatorUnavailableException ex) {
				return new SharedEmulator(null, ex);
			}
		}

		AwsEmulator get() {
			if (this.emulator != null) {
				return this.emulator;
			}
			AwsEmulatorUnavailableException failure = Objects.requireNonNull(this.failure);
			String prefix = AwsEmulators.isRequired() ? AwsEmulators.REQUIRED_ENV + "=true but " : "";
			throw new IllegalStateException(prefix + failure.getMessage(), failure);
		}

	}

}
