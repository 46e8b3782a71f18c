package io.awsrefresh.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata the build produces: every key described, named-role and service keys
 * present, and every key in the configuration reference ({@code docs/configuration.md}),
 * which documents no key that does not exist.
 */
class ConfigurationMetadataTests {

	private static final String ROLES = "aws.refresh.roles.*.";

	private final Map<String, Map<String, Object>> properties = properties();

	@Test
	void namedRoleAndServiceKeysHaveEntries() {
		assertThat(this.properties).containsKeys(ROLES + "role-arn", ROLES + "source-role", ROLES + "custom-source",
				"aws.refresh.services.*.endpoint", "aws.refresh.services.*.region",
				"aws.refresh.services.*.path-style-access");
	}

	@Test
	void everyKeyOfTheDefaultRoleHasANamedRoleTwinOfTheSameTypeAndMeaning() {
		List<String> roleKeys = this.properties.keySet()
			.stream()
			.filter((name) -> name.startsWith(ROLES) && !name.equals(ROLES + "source-role"))
			.map((name) -> name.substring(ROLES.length()))
			.toList();
		assertThat(roleKeys).hasSize(22);
		for (String key : roleKeys) {
			Map<String, Object> own = this.properties.get("aws.refresh." + key);
			Map<String, Object> named = this.properties.get(ROLES + key);
			assertThat(own).as("aws.refresh.%s", key).isNotNull();
			assertThat(named.get("type")).as("type of %s", key).isEqualTo(own.get("type"));
			assertThat((String) named.get("description")).as("description of %s", key)
				.startsWith((String) own.get("description"));
		}
	}

	@Test
	void everyKeyOfTheDefaultRoleInTheReferenceHasANamedRoleTwinInTheMetadata() throws IOException {
		// The reference says every key from role-arn to sts.endpoint may be written under
		// aws.refresh.roles.<name>. as well: an IDE must know them there too.
		List<String> rows = List.copyOf(referenceRows());
		List<String> missing = rows
			.subList(rows.indexOf("aws.refresh.role-arn"), rows.indexOf("aws.refresh.sts.endpoint") + 1)
			.stream()
			.map((row) -> ROLES + row.substring("aws.refresh.".length())
				.replaceAll("\\.<[a-z]+>$", "")
				.replaceAll("\\[<[a-z]+>].*$", ""))
			.distinct()
			.filter((name) -> !this.properties.containsKey(name))
			.toList();
		assertThat(missing).as("named-role keys the metadata lacks").isEmpty();
	}

	@Test
	void everyKeyIsDescribed() {
		assertThat(this.properties.values())
			.allSatisfy((property) -> assertThat((String) property.get("description")).as("%s", property.get("name"))
				.isNotBlank());
	}

	@Test
	void everyKeyHasARowInTheConfigurationReferenceAndEveryRowAKey() throws IOException {
		Set<String> rows = referenceRows();
		for (String name : this.properties.keySet()) {
			// Path-style access is for S3 only, and the reference says so with the s3
			// key;
			// a named role's key has the row of the default role's key it mirrors.
			String shown = name.replace("roles.*.", "roles.<name>.")
				.replace("services.*.path-style-access", "services.s3.path-style-access")
				.replace("services.*.", "services.<id>.");
			String inherited = name.startsWith(ROLES) ? "aws.refresh." + name.substring(ROLES.length()) : null;
			assertThat(hasRow(rows, shown) || (inherited != null && hasRow(rows, inherited)))
				.as("reference row for %s", name)
				.isTrue();
		}
		for (String row : rows) {
			String name = row.replace("roles.<name>.", "roles.*.")
				.replace("services.s3.path-style-access", "services.*.path-style-access")
				.replace("services.<id>.", "services.*.")
				.replaceAll("\\.<[a-z]+>$", "")
				.replaceAll("\\[<[a-z]+>].*$", "");
			assertThat(this.properties).as("metadata of the reference row %s", row).containsKey(name);
		}
	}

	/**
	 * A row for the key, or for its entries ({@code aws.refresh.tags.<key>},
	 * {@code aws.refresh.provided-contexts[<n>].provider-arn}).
	 */
	private static boolean hasRow(Set<String> rows, String key) {
		return rows.contains(key)
				|| rows.stream().anyMatch((row) -> row.startsWith(key + ".<") || row.startsWith(key + "[<"));
	}

	/**
	 * The key in the first cell of each row of the reference's table.
	 */
	private static Set<String> referenceRows() throws IOException {
		Pattern row = Pattern.compile("^\\| `([^`]+)`");
		Set<String> keys = new LinkedHashSet<>();
		for (String line : Files.readAllLines(Path.of("..", "docs", "configuration.md"), StandardCharsets.UTF_8)) {
			Matcher matcher = row.matcher(line);
			if (matcher.find()) {
				keys.add(matcher.group(1));
			}
		}
		assertThat(keys).hasSizeGreaterThan(40);
		return keys;
	}

	@Test
	void serviceIdsAndRegionsHaveHints() {
		List<Map<String, Object>> hints = hints();
		assertThat(hints).extracting((hint) -> hint.get("name"))
			.contains("aws.refresh.services.keys", "aws.refresh.region", "aws.refresh.custom-source",
					ROLES + "custom-source");
	}

	private static Map<String, Map<String, Object>> properties() {
		List<Map<String, Object>> properties = metadata().read("$.properties");
		return properties.stream()
			.collect(Collectors.toMap((property) -> (String) property.get("name"), (property) -> property));
	}

	private static List<Map<String, Object>> hints() {
		return metadata().read("$.hints");
	}

	private static DocumentContext metadata() {
		try (InputStream in = ConfigurationMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			return JsonPath.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
