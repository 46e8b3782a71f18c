package io.awsrefresh.autoconfigure;

import java.beans.PropertyDescriptor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.ResolvableType;

/**
 * Every valid {@code aws.refresh.*} key, read from the properties classes, the one
 * nearest to a misspelt key, and a valid setting to show for a key.
 */
final class AwsRefreshKeys {

	private static final String PREFIX = "aws.refresh";

	/**
	 * A misspelt key can look like anything: a value whose key hints at a secret is never
	 * shown.
	 */
	private static final Pattern SECRET_LOOKING = Pattern
		.compile(".*(secret|tok|pass|pwd|auth|credential|private|external|key|mfa|code|as+er|context).*");

	private static final Pattern TAG_KEY = Pattern.compile("tag[-_]?key");

	private static final String SERVICES = PREFIX + ".services";

	private static final String PATH_STYLE_ACCESS = ".path-style-access";

	private static final String ANY_NAME = ".*";

	private static final String ANY_INDEX = "[*]";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\.\\*|\\[\\*\\]");

	/**
	 * A map key that Spring Boot reads back as it is from the dotted form.
	 */
	private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9-]+");

	/**
	 * Keys whose next element is a name of the user's: a role, a service, a tag.
	 */
	private static final Set<String> MAP_KEYS = Set.of("roles", "services", "tags");

	private final List<String> keys = new ArrayList<>();

	// What each key's value binds to: a value written under a misspelt key is shown in
	// the example of the key meant only where it would bind there.
	private final Map<String, Class<?>> types = new HashMap<>();

	AwsRefreshKeys() {
		collect(PREFIX, AwsRefreshProperties.class);
	}

	/**
	 * Whether a key's value must not be shown, whatever the key: it hints at a secret.
	 * @param key a key under aws.refresh, valid or not
	 * @return {@code true} if the value is not to be shown
	 */
	static boolean looksSecret(String key) {
		String lowerCase = key.toLowerCase(Locale.ROOT);
		// A tag key is no secret: it names a session tag, as CloudTrail shows it.
		return SECRET_LOOKING.matcher(TAG_KEY.matcher(lowerCase).replaceAll("")).matches();
	}

	/**
	 * The key of one entry of a map under aws.refresh (a role, a service, a tag), as it
	 * is written: {@code aws.refresh.roles.audit}, but
	 * {@code aws.refresh.roles[eu.audit]} for a name with anything but letters, digits
	 * and dashes. Spring Boot splits the dotted form at each dot and drops other
	 * characters from a map key, so such a name can only have been written in brackets,
	 * and only that form reaches its keys.
	 * @param map the map's key, such as {@code aws.refresh.roles}
	 * @param name the entry's name
	 * @return the entry's key
	 */
	static String entry(String map, String name) {
		return map + (PLAIN_NAME.matcher(name).matches() ? "." + name : "[" + name + "]");
	}

	/**
	 * A key as a report names it: as {@link ConfigurationPropertyName#toString()} does,
	 * but with role, service and tag names as they are written. Spring Boot keeps those
	 * as written ({@code roles.prodReader} is the role {@code prodReader}, and tag keys
	 * are case-sensitive), so a report naming {@code roles.prodreader} would tell the
	 * user to set the keys of another role.
	 * @param name the key
	 * @return the key, as it is to be written
	 */
	static String written(ConfigurationPropertyName name) {
		StringBuilder key = new StringBuilder();
		for (int i = 0; i < name.getNumberOfElements(); i++) {
			String element = name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL);
			if (name.chop(i + 1).isLastElementIndexed()) {
				key.append('[').append(element).append(']');
			}
			else if (i > 0 && MAP_KEYS.contains(name.getElement(i - 1, ConfigurationPropertyName.Form.ORIGINAL))) {
				key.append(entry("", element));
			}
			else {
				key.append((i > 0) ? "." : "").append(name.getElement(i, ConfigurationPropertyName.Form.DASHED));
			}
		}
		return key.toString();
	}

	/**
	 * Whether a key is one of aws-refresh's, with any role or service name and list
	 * index.
	 * @param key a key under aws.refresh
	 * @return {@code true} for a valid key
	 */
	boolean isKey(String key) {
		ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(key);
		return name != null && isKey(name);
	}

	boolean isKey(ConfigurationPropertyName name) {
		return this.keys.contains(generalize(name, new ArrayList<>()));
	}

	/**
	 * The valid key nearest to a misspelt one, with the misspelt key's own role or
	 * service name and list indexes, if one is near enough to be a likely typo.
	 * @param key a key under aws.refresh that binds to nothing
	 * @return the suggestion, or {@code null}
	 */
	@Nullable String nearest(String key) {
		ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(key);
		return (name != null) ? nearest(name) : null;
	}

	/**
	 * The valid key nearest to a misspelt one, as {@link #nearest(String)}, keeping the
	 * role, service and tag names as they are written.
	 * @param name a key under aws.refresh that binds to nothing
	 * @return the suggestion, or {@code null}
	 */
	@Nullable String nearest(ConfigurationPropertyName name) {
		List<String> names = new ArrayList<>();
		String best = nearestPattern(generalize(name, names));
		return (best != null) ? specialize(best, names) : null;
	}

	/**
	 * A valid setting of the key {@link #nearest(ConfigurationPropertyName)} suggests:
	 * with the value written under the misspelt key where the key's valid values depend
	 * on the rest of the configuration and that value binds to it.
	 * @param name a key under aws.refresh that binds to nothing
	 * @param value the value written under it, or {@code null} where it is not to be
	 * shown
	 * @return the setting, or {@code null} where no key is near enough
	 */
	@Nullable String nearestExample(ConfigurationPropertyName name, @Nullable Object value) {
		List<String> names = new ArrayList<>();
		String best = nearestPattern(generalize(name, names));
		if (best == null) {
			return null;
		}
		// Where a key's valid values depend on the rest of the configuration
		// (transitive-tag-keys names tags of the role), a sample value could be rejected
		// where the one written, meant for that key, is not.
		return (value != null && KeyExamples.dependsOnConfiguration(best) && !looksSecret(best)
				&& binds(best, value.toString())) ? specialize(best, names) + "=" + value : exampleOf(best, names);
	}

	private boolean binds(String key, String value) {
		Class<?> type = this.types.get(key);
		if (type == null || value.isBlank() || value.contains("${")) {
			return false;
		}
		try {
			return ApplicationConversionService.getSharedInstance().convert(value, type) != null;
		}
		catch (ConversionException | IllegalArgumentException ex) {
			return false;
		}
	}

	private @Nullable String nearestPattern(String pattern) {
		String best = this.keys.stream()
			.min(Comparator.comparingInt((candidate) -> distance(candidate, pattern)))
			.orElse(null);
		return (best != null && distance(best, pattern) <= Math.max(2, pattern.length() / 8)) ? best : null;
	}

	/**
	 * A valid setting of a key, or of the first key under a key that holds others (a
	 * group such as {@code aws.refresh.source}, a map, a list), with the key's own role
	 * or service names and list indexes: what a report shows a user to copy.
	 * @param key a key under aws.refresh, such as {@code aws.refresh.roles.audit}
	 * @return the setting, such as
	 * {@code aws.refresh.roles.audit.role-arn=arn:aws:iam::123456789012:role/app}, or
	 * {@code null} if the key is not, and holds no key of, aws-refresh's
	 */
	@Nullable String example(String key) {
		ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(key);
		return (name != null) ? example(name) : null;
	}

	/**
	 * A valid setting of a key, as {@link #example(String)}, keeping the role, service
	 * and tag names as they are written.
	 * @param name a key under aws.refresh
	 * @return the setting, or {@code null}
	 */
	@Nullable String example(ConfigurationPropertyName name) {
		List<String> names = new ArrayList<>();
		return exampleOf(generalize(name, names), names);
	}

	private @Nullable String exampleOf(String pattern, List<String> names) {
		String setting = this.keys.contains(pattern) ? pattern : firstUnder(pattern);
		String value = (setting != null) ? KeyExamples.value(setting) : null;
		if (setting == null || value == null) {
			return null;
		}
		if (setting.endsWith(PATH_STYLE_ACCESS)) {
			// Path-style addressing exists for S3 only: whatever service was named.
			return SERVICES + ".s3" + PATH_STYLE_ACCESS + "=" + value;
		}
		return specialize(setting, names) + "=" + value;
	}

	/**
	 * Whether a key of a type holds keys rather than a value: a group of ours such as
	 * {@code aws.refresh.source}, a map such as {@code aws.refresh.roles}, a list of
	 * groups such as {@code aws.refresh.provided-contexts}.
	 * @param type the key's type
	 * @return {@code true} for such a type
	 */
	static boolean holdsKeys(ResolvableType type) {
		Class<?> resolved = type.resolve(Object.class);
		if (Map.class.isAssignableFrom(resolved)) {
			return true;
		}
		if (Collection.class.isAssignableFrom(resolved)) {
			return isOurs(type.asCollection().getGeneric().resolve(Object.class));
		}
		return isOurs(resolved);
	}

	/**
	 * Every key, with {@code .*} for a role, service or tag name and {@code [*]} for a
	 * list index.
	 * @return the keys
	 */
	List<String> patterns() {
		return List.copyOf(this.keys);
	}

	/**
	 * The key under a group whose example stands for the group.
	 */
	private @Nullable String firstUnder(String pattern) {
		return this.keys.stream()
			.filter((key) -> key.startsWith(pattern + ".") || key.startsWith(pattern + "["))
			.min(Comparator.comparingInt(KeyExamples::rank))
			.orElse(null);
	}

	private void collect(String prefix, Class<?> type) {
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getReadMethod() == null || "class".equals(property.getName())) {
				continue;
			}
			String name = prefix + "." + DataObjectPropertyName.toDashedForm(property.getName());
			Class<?> propertyType = property.getPropertyType();
			Class<?> elements = (Map.class.isAssignableFrom(propertyType) || List.class.isAssignableFrom(propertyType))
					? elementType(property.getReadMethod().getGenericReturnType()) : null;
			if (Map.class.isAssignableFrom(propertyType)) {
				if (elements != null && isOurs(elements)) {
					collect(name + ANY_NAME, elements);
				}
				else {
					this.keys.add(name + ANY_NAME);
					this.types.put(name + ANY_NAME, (elements != null) ? elements : Object.class);
				}
			}
			else if (elements != null && isOurs(elements)) {
				collect(name + ANY_INDEX, elements);
			}
			else if (isOurs(propertyType)) {
				collect(name, propertyType);
			}
			else {
				this.keys.add(name);
				this.types.put(name, propertyType);
			}
		}
	}

	/**
	 * The value type of a map, the element type of a list.
	 */
	private static @Nullable Class<?> elementType(Type type) {
		if (type instanceof ParameterizedType parameterized) {
			Type[] arguments = parameterized.getActualTypeArguments();
			if (arguments[arguments.length - 1] instanceof Class<?> elements) {
				return elements;
			}
		}
		return null;
	}

	/**
	 * Whether a type is one of the starter's groups of keys, all of them JavaBeans.
	 * @param type the type
	 * @return {@code true} for such a type
	 */
	static boolean isOurs(Class<?> type) {
		return type.getName().startsWith("io.awsrefresh.") && !type.isEnum();
	}

	/**
	 * {@code aws.refresh.roles.audit.provided-contexts[0].context-asertion} becomes
	 * {@code aws.refresh.roles.*.provided-contexts[*].context-asertion}, to be compared
	 * with the keys of any named role and list element; the names and indexes taken out
	 * go to {@code taken}, as they are written.
	 */
	private static String generalize(ConfigurationPropertyName name, List<String> taken) {
		StringBuilder pattern = new StringBuilder();
		for (int i = 0; i < name.getNumberOfElements(); i++) {
			String element = name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL);
			boolean indexed = name.chop(i + 1).isLastElementIndexed();
			if (i > 0 && MAP_KEYS.contains(name.getElement(i - 1, ConfigurationPropertyName.Form.ORIGINAL))) {
				pattern.append(ANY_NAME);
				taken.add(indexed ? "[" + element + "]" : entry("", element));
			}
			else if (indexed) {
				pattern.append(ANY_INDEX);
				taken.add("[" + element + "]");
			}
			else {
				pattern.append((i > 0) ? "." : "").append(element);
			}
		}
		return pattern.toString();
	}

	/**
	 * The candidate with the names and indexes of the reported key put back in order, and
	 * sample ones where it has none: {@code aws.refresh.roles.*.role-arn} for
	 * {@code aws.refresh.roles} is {@code aws.refresh.roles.audit.role-arn}.
	 */
	private static String specialize(String candidate, List<String> taken) {
		StringBuilder key = new StringBuilder();
		int next = 0;
		int from = 0;
		Matcher placeholder = PLACEHOLDER.matcher(candidate);
		while (placeholder.find()) {
			key.append(candidate, from, placeholder.start());
			if (next < taken.size()) {
				key.append(taken.get(next++));
			}
			else if (ANY_INDEX.equals(placeholder.group())) {
				key.append("[0]");
			}
			else {
				String map = candidate.substring(candidate.lastIndexOf('.', placeholder.start() - 1) + 1,
						placeholder.start());
				key.append('.').append(KeyExamples.sampleName(map));
			}
			from = placeholder.end();
		}
		return key.append(candidate.substring(from)).toString();
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
