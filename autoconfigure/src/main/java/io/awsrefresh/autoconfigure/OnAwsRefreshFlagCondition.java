package io.awsrefresh.autoconfigure;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition of {@link ConditionalOnAwsRefreshFlag}. Ordered as Spring Boot orders its
 * property conditions, before the bean conditions: a switch's value is checked wherever
 * it is declared, even when a bean it needs is missing.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 40)
final class OnAwsRefreshFlagCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnAwsRefreshFlag.class.getName());
		String key = (attributes != null) ? (String) attributes.get("value") : null;
		if (key == null || !AwsRefreshFlags.KEYS.contains(key)) {
			// The startup check reports a mistake only in the switches it knows.
			throw new IllegalStateException(
					"@ConditionalOnAwsRefreshFlag(\"" + key + "\") names no switch of " + AwsRefreshFlags.KEYS);
		}
		return AwsRefreshFlags.isOn(key, context.getEnvironment()) ? ConditionOutcome.match(key + " is on")
				: ConditionOutcome.noMatch(key + " is false");
	}

}
