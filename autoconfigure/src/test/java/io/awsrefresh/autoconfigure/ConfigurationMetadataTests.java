package io.awsrefresh.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata the build produces: every key described, named-role and service keys
 * present, and every key in the README's configuration reference.
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
		assertThat(roleKeys).hasSize(16);
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
	void everyKeyIsDescribed() {
		assertThat(this.properties.values())
			.allSatisfy((property) -> assertThat((String) property.get("description")).as("%s", property.get("name"))
				.isNotBlank());
	}

	@Test
	void everyKeyIsInTheReadmesReference() throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
		for (String name : this.properties.keySet()) {
			// Path-style access is for S3 only, and the README says so with the s3 key.
			String shown = name.replace("roles.*.", "roles.<name>.")
				.replace("services.*.path-style-access", "services.s3.path-style-access")
				.replace("services.*.", "services.<id>.");
			String inherited = name.startsWith(ROLES) ? "`aws.refresh." + name.substring(ROLES.length()) : null;
			assertThat(readme.contains("`" + shown + "`") || readme.contains("`" + shown + ".<")
					|| (inherited != null && (readme.contains(inherited + "`") || readme.contains(inherited + ".<"))))
				.as("README reference row for %s", name)
				.isTrue();
		}
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
