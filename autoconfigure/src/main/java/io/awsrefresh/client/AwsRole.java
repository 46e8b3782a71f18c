package io.awsrefresh.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifies an injected AWS SDK client with the role whose credentials it carries:
 * {@code @Autowired @AwsRole("audit") S3Client auditS3}. The name is a key of
 * {@code aws.refresh.roles}, or {@code "default"} for the default role.
 *
 * @since 0.1.0
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@Qualifier
public @interface AwsRole {

	/**
	 * Name of the role.
	 * @return the role name
	 */
	String value();

}
