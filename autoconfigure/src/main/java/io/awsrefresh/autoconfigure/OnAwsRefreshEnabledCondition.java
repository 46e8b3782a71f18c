package io.awsrefresh.autoconfigure;

import java.util.Locale;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether {@code aws.refresh.enabled} leaves the starter on: unset, blank or
 * {@code true}. {@code @ConditionalOnBooleanProperty} would read any value but
 * {@code true} as off, so that a misspelt {@code flase} or {@code ture} would turn every
 * role and client bean off without a word; here a value that is neither stops startup,
 * naming the key.
 */
final class OnAwsRefreshEnabledCondition extends SpringBootCondition {

	static final String KEY = "aws.refresh.enabled";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String value = context.getEnvironment().getProperty(KEY);
		if (value == null || value.isBlank()) {
			return ConditionOutcome.match(KEY + " is not set");
		}
		return switch (value.strip().toLowerCase(Locale.ROOT)) {
			case "true" -> ConditionOutcome.match(KEY + " is true");
			case "false" -> ConditionOutcome.noMatch(KEY + " is false");
			default ->
				throw new InvalidAwsRefreshPropertyException(KEY, value, "must be true or false", KEY + "=false");
		};
	}

}
