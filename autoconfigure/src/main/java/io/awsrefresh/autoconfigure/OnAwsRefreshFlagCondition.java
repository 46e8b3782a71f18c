package io.awsrefresh.autoconfigure;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition of {@link ConditionalOnAwsRefreshFlag}: it matches unless the switch is
 * false. A value that is no boolean matches, and the startup check reports it with every
 * other mistake in one report; failing here, while configuration classes are parsed,
 * would report it alone. Ordered as Spring Boot orders its property conditions, before
 * the bean conditions.
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
		return AwsRefreshFlags.isOff(key, context.getEnvironment()) ? ConditionOutcome.noMatch(key + " is false")
				: ConditionOutcome.match(key + " is not false");
	}

}
