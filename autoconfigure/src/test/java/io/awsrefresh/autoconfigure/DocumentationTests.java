package io.awsrefresh.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.awsrefresh.actuate.AwsClientsEndpoint.AwsClientsDescriptor;
import io.awsrefresh.credentials.RefreshState;
import io.awsrefresh.event.AwsClientEvent;
import io.awsrefresh.event.CredentialsRefreshEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation's shape holds: the README is a front door of at most 200 lines that
 * links every page of {@code docs/}, and every link between the project's Markdown pages
 * reaches a file, and a heading where it names one.
 */
class DocumentationTests {

	private static final Path ROOT = Path.of("..");

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+)$", Pattern.MULTILINE);

	@Test
	void readmeIsAFrontDoorThatLinksEveryPage() throws IOException {
		List<String> readme = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
		assertThat(readme).as("README.md lines").hasSizeLessThanOrEqualTo(200);
		Set<String> linked = links(ROOT.resolve("README.md")).stream()
			.map((link) -> link.split("#")[0])
			.collect(Collectors.toSet());
		try (Stream<Path> pages = Files.list(ROOT.resolve("docs"))) {
			assertThat(
					pages.filter((page) -> page.toString().endsWith(".md")).map((page) -> "docs/" + page.getFileName()))
				.isNotEmpty()
				.allSatisfy((page) -> assertThat(linked).as("links of README.md").contains(page));
		}
	}

	@Test
	void theApiPageListsEveryPublicTypeAndThePackageOfEveryAutoConfiguration() throws Exception {
		String api = Files.readString(ROOT.resolve("docs/api.md"), StandardCharsets.UTF_8);
		Path classes = Path.of("target", "classes");
		List<String> unlisted = new ArrayList<>();
		try (Stream<Path> files = Files.walk(classes.resolve("io/awsrefresh"))) {
			for (Path file : files
				.filter((each) -> each.toString().endsWith(".class") && !each.toString().contains("$"))
				.toList()) {
				String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
				Class<?> type = Class.forName(name, false, getClass().getClassLoader());
				String simpleName = type.getSimpleName();
				if (!Modifier.isPublic(type.getModifiers()) || simpleName.equals("package-info")
						|| CredentialsRefreshEvent.class.isAssignableFrom(type)
						|| AwsClientEvent.class.isAssignableFrom(type)) {
					continue;
				}
				if (simpleName.endsWith("AutoConfiguration")) {
					// Listed together as "the *AutoConfiguration classes", with their
					// packages.
					assertThat(api).as("package of %s on docs/api.md", name)
						.contains("`" + type.getPackageName() + "`");
				}
				else if (!api.contains("`" + simpleName + "`") && !api.contains("`@" + simpleName + "`")
						&& !api.contains("`" + simpleName + "<") && !api.contains("`" + simpleName + " (")) {
					unlisted.add(name);
				}
			}
		}
		assertThat(unlisted).as("public types docs/api.md does not list").isEmpty();
	}

	@Test
	void theOperatingPageNamesEveryRefreshStateAndEveryFieldOfTheClientsEndpoint() throws IOException {
		String operating = Files.readString(ROOT.resolve("docs/operating.md"), StandardCharsets.UTF_8);
		Matcher states = Pattern.compile("says where each role stands\\s*\\(([^)]*)\\)").matcher(operating);
		assertThat(states.find()).isTrue();
		assertThat(Arrays.stream(RefreshState.values()).map(Enum::name))
			.allSatisfy((state) -> assertThat(states.group(1)).contains("`" + state + "`"));
		Matcher example = Pattern.compile("```json\\n(\\{\"roles\".*?)```", Pattern.DOTALL).matcher(operating);
		assertThat(example.find()).isTrue();
		assertThat(Arrays.stream(AwsClientsDescriptor.class.getRecordComponents()).map(RecordComponent::getName))
			.allSatisfy((field) -> assertThat(example.group(1)).contains("\"" + field + "\""));
	}

	@Test
	void everyLinkBetweenPagesReachesAFileAndItsHeading() throws IOException {
		List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("CHANGELOG.md"),
				ROOT.resolve("CONTRIBUTING.md"), ROOT.resolve("benchmarks/README.md")));
		try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
			docs.filter((page) -> page.toString().endsWith(".md")).forEach(pages::add);
		}
		List<String> broken = new ArrayList<>();
		for (Path page : pages) {
			for (String link : links(page)) {
				if (link.contains("://") || link.startsWith("mailto:")) {
					continue;
				}
				String[] parts = link.split("#", 2);
				Path target = parts[0].isEmpty() ? page : page.getParent().resolve(parts[0]).normalize();
				if (!Files.exists(target)) {
					broken.add(ROOT.relativize(page) + " -> " + link + " (no such file)");
				}
				else if (parts.length == 2 && target.toString().endsWith(".md")
						&& !anchors(target).contains(parts[1])) {
					broken.add(ROOT.relativize(page) + " -> " + link + " (no such heading)");
				}
			}
		}
		assertThat(broken).isEmpty();
	}

	private static List<String> links(Path page) {
		List<String> links = new ArrayList<>();
		Matcher matcher = LINK.matcher(read(page));
		while (matcher.find()) {
			links.add(matcher.group(1));
		}
		return links;
	}

	/**
	 * The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces
	 * as dashes.
	 */
	private static Set<String> anchors(Path page) {
		Set<String> anchors = new HashSet<>();
		Matcher matcher = HEADING.matcher(read(page));
		while (matcher.find()) {
			anchors.add(matcher.group(1)
				.strip()
				.toLowerCase(Locale.ROOT)
				.replaceAll("[^\\p{L}\\p{N} _-]", "")
				.replace(' ', '-'));
		}
		return anchors;
	}

	private static String read(Path page) {
		try {
			return Files.readString(page, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
