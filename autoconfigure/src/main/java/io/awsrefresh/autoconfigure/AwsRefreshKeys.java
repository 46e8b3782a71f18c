package io.awsrefresh.autoconfigure;

import java.beans.PropertyDescriptor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;

/**
 * Every valid {@code aws.refresh.*} key, read from the properties classes, and the one
 * nearest to a misspelt key.
 */
final class AwsRefreshKeys {

	private static final String PREFIX = "aws.refresh";

	/**
	 * A misspelt key can look like anything: a value whose key hints at a secret is never
	 * shown.
	 */
	private static final Pattern SECRET_LOOKING = Pattern
		.compile(".*(secret|token|password|passwd|credential|private|external|key|mfa|code|assertion).*");

	private final List<String> keys = new ArrayList<>();

	AwsRefreshKeys() {
		collect(PREFIX, AwsRefreshProperties.class);
	}

	/**
	 * Whether a key's value must not be shown, whatever the key: it hints at a secret.
	 * @param key a key under aws.refresh, valid or not
	 * @return {@code true} if the value is not to be shown
	 */
	static boolean looksSecret(String key) {
		return SECRET_LOOKING.matcher(key.toLowerCase(Locale.ROOT)).matches();
	}

	/**
	 * The valid key nearest to a misspelt one, with the misspelt key's own role or
	 * service name, if one is near enough to be a likely typo.
	 * @param key a key under aws.refresh that binds to nothing
	 * @return the suggestion, or {@code null}
	 */
	@Nullable String nearest(String key) {
		String pattern = generalize(key);
		String best = this.keys.stream()
			.min(Comparator.comparingInt((candidate) -> distance(candidate, pattern)))
			.orElse(null);
		if (best == null || distance(best, pattern) > Math.max(2, pattern.length() / 8)) {
			return null;
		}
		return specialize(best, key);
	}

	private void collect(String prefix, Class<?> type) {
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getReadMethod() == null || "class".equals(property.getName())) {
				continue;
			}
			String name = prefix + "." + DataObjectPropertyName.toDashedForm(property.getName());
			Class<?> propertyType = property.getPropertyType();
			if (Map.class.isAssignableFrom(propertyType)) {
				Class<?> values = mapValueType(property.getReadMethod().getGenericReturnType());
				if (values != null && isOurs(values)) {
					collect(name + ".*", values);
				}
				else {
					this.keys.add(name + ".*");
				}
			}
			else if (isOurs(propertyType)) {
				collect(name, propertyType);
			}
			else {
				this.keys.add(name);
			}
		}
	}

	private static @Nullable Class<?> mapValueType(Type type) {
		if (type instanceof ParameterizedType parameterized
				&& parameterized.getActualTypeArguments()[1] instanceof Class<?> values) {
			return values;
		}
		return null;
	}

	private static boolean isOurs(Class<?> type) {
		return type.getName().startsWith("io.awsrefresh.") && !type.isEnum();
	}

	/**
	 * {@code aws.refresh.roles.audit.rolearn} becomes
	 * {@code aws.refresh.roles.*.rolearn}, to be compared with the keys of any named
	 * role.
	 */
	private static String generalize(String key) {
		String[] parts = key.split("\\.");
		if (parts.length > 3 && ("roles".equals(parts[2]) || "services".equals(parts[2]) || "tags".equals(parts[2]))) {
			parts[3] = "*";
		}
		return String.join(".", parts);
	}

	private static String specialize(String candidate, String key) {
		String[] parts = key.split("\\.");
		return (parts.length > 3) ? candidate.replace(".*", "." + parts[3]) : candidate;
	}

	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
