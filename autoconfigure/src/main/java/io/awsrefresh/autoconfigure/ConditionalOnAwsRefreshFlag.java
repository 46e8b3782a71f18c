package io.awsrefresh.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when an {@code aws.refresh} switch is on: unset, blank or {@code true}. It is
 * off when {@code false}, and any other value stops startup naming the key, where
 * {@code @ConditionalOnBooleanProperty} would read a misspelt {@code flase} as off.
 *
 * @since 0.1.0
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnAwsRefreshFlagCondition.class)
public @interface ConditionalOnAwsRefreshFlag {

	/**
	 * The switch, such as {@code aws.refresh.sdk-metrics.enabled}: one the startup check
	 * reads too.
	 * @return the key
	 */
	String value();

}
