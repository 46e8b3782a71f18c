package io.awsrefresh.test.emulator;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension that shares one emulator ({@link AwsEmulators#shared()}) across every
 * test class of a run; it stops when the JVM exits. Without an emulator the tests are
 * skipped with a one-line reason (as a disabled condition, so no other extension's
 * callbacks run), or fail when {@value AwsEmulators#REQUIRED_ENV} is {@code true}. Test
 * methods and constructors may declare an {@link AwsEmulator} parameter.
 *
 * @since 0.1.0
 * @see AwsEmulatorTest
 */
public final class AwsEmulatorExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		try {
			return ConditionEvaluationResult.enabled("AWS emulator: " + AwsEmulators.shared());
		}
		catch (AwsEmulatorUnavailableException ex) {
			// When required, run the class so that beforeAll fails with the reason.
			return AwsEmulators.isRequired() ? ConditionEvaluationResult.enabled("AWS emulator required")
					: ConditionEvaluationResult.disabled("Skipped, no AWS emulator: " + ex.getMessage());
		}
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		emulator();
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == AwsEmulator.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return emulator();
	}

	private static AwsEmulator emulator() {
		try {
			return AwsEmulators.shared();
		}
		catch (AwsEmulatorUnavailableException ex) {
			String prefix = AwsEmulators.isRequired() ? AwsEmulators.REQUIRED_ENV + "=true but " : "";
			throw new IllegalStateException(prefix + ex.getMessage(), ex);
		}
	}

}
