package io.awsrefresh.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code aws.refresh.*} key, and every key that holds others (a group, a role, a
 * map, a list), has an example a report can show: a setting of the key or of a key under
 * it, with the names and indexes it was reported with, that the key's own check accepts.
 */
class KeyExamplesTests {

	private static final String ROLE = "arn:aws:iam::123456789012:role/app";

	/**
	 * Keys whose example is valid but not on its own here: a profile must be in the
	 * machine's AWS files (the tests' hold only test-profile).
	 */
	private static final Set<String> VALID_ELSEWHERE = Set.of("aws.refresh.source.profile");

	private final AwsRefreshKeys keys = new AwsRefreshKeys();

	@Test
	void everyKeyHasAnExampleThatSetsItWithTheNamesItWasReportedWith() {
		assertThat(keys()).isNotEmpty().allSatisfy((key) -> {
			String example = this.keys.example(key);
			assertThat(example).as(key).isNotNull().doesNotEndWith("=...").doesNotEndWith("=");
			String exampleKey = example.substring(0, example.indexOf('='));
			if (key.endsWith(".path-style-access")) {
				assertThat(exampleKey).isEqualTo("aws.refresh.services.s3.path-style-access");
			}
			else {
				assertThat(exampleKey).isEqualTo(key);
			}
		});
	}

	@Test
	void everyKeyThatHoldsKeysHasTheExampleOfAKeyUnderIt() {
		List<String> holders = keys().stream().flatMap(KeyExamplesTests::holders).distinct().toList();
		assertThat(holders).contains("aws.refresh", "aws.refresh.source", "aws.refresh.roles",
				"aws.refresh.roles.reader", "aws.refresh.roles.reader.provided-contexts[2]", "aws.refresh.services.sqs",
				"aws.refresh.tags");
		assertThat(holders).allSatisfy((holder) -> {
			String example = this.keys.example(holder);
			assertThat(example).as(holder).isNotNull().doesNotEndWith("=...");
			String exampleKey = example.substring(0, example.indexOf('='));
			assertThat(this.keys.isKey(exampleKey)).as(example).isTrue();
			if (!exampleKey.endsWith(".path-style-access")) {
				assertThat(exampleKey).startsWith(holder);
			}
		});
		assertThat(this.keys.example("aws.refresh.roles"))
			.isEqualTo("aws.refresh.roles.audit.role-arn=arn:aws:iam::123456789012:role/app");
		assertThat(this.keys.example("aws.refresh.source")).isEqualTo("aws.refresh.source.profile=default");
	}

	@Test
	void everyExampleIsAcceptedByTheCheckOfItsKey() {
		// A list's first element: Spring Boot binds none after a missing index.
		assertThat(keys("[0]")).allSatisfy((key) -> {
			String example = this.keys.example(key);
			String exampleKey = example.substring(0, example.indexOf('='));
			if (!VALID_ELSEWHERE.contains(exampleKey)) {
				// Some keys shape the AssumeRole call and need role-arn, others replace
				// it.
				assertThat(isReported(exampleKey, example, true) && isReported(exampleKey, example, false))
					.as("%s is reported", example)
					.isFalse();
			}
		});
	}

	/**
	 * Every key, with the names and indexes a user may write: a role reader, a service
	 * sqs, a tag cost-centre, the third element of a list.
	 */
	private List<String> keys() {
		return keys("[2]");
	}

	private List<String> keys(String index) {
		return this.keys.patterns()
			.stream()
			.map((pattern) -> pattern.replace("roles.*", "roles.reader")
				.replace("services.*", "services.sqs")
				.replace("tags.*", "tags.cost-centre")
				.replace("[*]", index))
			.toList();
	}

	/**
	 * The keys that hold a key, from aws.refresh down.
	 */
	private static Stream<String> holders(String key) {
		List<String> holders = new ArrayList<>();
		for (int i = 0; i < key.length(); i++) {
			if ((key.charAt(i) == '.' || key.charAt(i) == '[') && i > "aws".length()) {
				holders.add(key.substring(0, i));
			}
		}
		return holders.stream();
	}

	/**
	 * Whether reading the example reports its key or a key under it, with the tag that
	 * transitive-tag-keys names.
	 */
	private static boolean isReported(String key, String example, boolean withRoleArn) {
		String[] setting = example.split("=", 2);
		MockEnvironment environment = new MockEnvironment().withProperty("aws.refresh.region", "eu-west-1")
			.withProperty("aws.refresh.tags.team", "payments")
			.withProperty("aws.refresh.roles.reader.tags.team", "payments");
		if (withRoleArn) {
			environment.withProperty("aws.refresh.role-arn", ROLE)
				.withProperty("aws.refresh.roles.reader.role-arn", ROLE);
		}
		environment.withProperty(setting[0], setting[1]);
		return AwsRefreshModel.read(environment)
			.problems()
			.stream()
			.map(InvalidAwsRefreshPropertyException::getProperty)
			.anyMatch((reported) -> reported.equals(key) || reported.startsWith(key + ".")
					|| reported.startsWith(key + "["));
	}

}
