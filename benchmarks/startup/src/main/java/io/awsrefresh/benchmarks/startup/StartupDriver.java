package io.awsrefresh.benchmarks.startup;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Measures what the starter adds to an application's startup, as whole processes: each
 * run is {@code java -cp <classpath> StartupApplication --spring.config.name=<roles>}
 * with no JVM flags at all, timed from just before the process is started to just after
 * it has exited; the application exits right after its ready event, printing what Spring
 * Boot reports to ready and how many bean definitions it has.
 * <p>
 * Cases, each against the application without the starter (the starter jar and what only
 * it brings are not on the classpath) and with the same SDK modules:
 * <ul>
 * <li>5 SDK service modules with 1 and with 20 roles;</li>
 * <li>25 SDK service modules with 1 and with 20 roles;</li>
 * <li>each of them, and its baseline, again AOT-processed: run with
 * {@code -Dspring.aot.enabled=true} and the classes that Spring AOT generated for that
 * classpath and configuration ({@code run.sh} generates them);</li>
 * <li>each of them, and its baseline, again on the JVM path with a class data sharing
 * archive: {@code -XX:SharedArchiveFile} naming the archive a training run of that
 * classpath and configuration wrote ({@code -XX:ArchiveClassesAtExit} with
 * {@code -Dspring.context.exit=onRefresh}, as Spring Boot's CDS documentation has it;
 * {@code run.sh} trains them). The application's classes are then read from a jar, as CDS
 * requires.</li>
 * <li>each of them, and its baseline, again with both, as Spring Boot recommends: the
 * AOT-processed classes in a jar and an archive trained with AOT on;</li>
 * <li>on JDK 25 and later, each of them, and its baseline, again on the JVM path with the
 * JDK's AOT cache ({@code -XX:AOTCache}), trained like the CDS archive with
 * {@code -XX:AOTCacheOutput}, and AOT-processed with a cache trained with AOT on.</li>
 * </ul>
 * Each round runs every case once, a baseline next to the cases measured against it, in
 * reverse order every other round; the first rounds are warm-ups and are discarded.
 * <p>
 * Re-run everything (install, classpaths, measurement) from the repository root with
 * {@code sh benchmarks/startup/run.sh}; {@code run.sh} builds the classpaths this class
 * reads and calls {@code StartupDriver <target dir> <results file> <runs> <warm-ups>},
 * with {@code -Dstartup.starter=...} saying which build of the starter is measured.
 */
public final class StartupDriver {

	private static final String MAIN = "io.awsrefresh.benchmarks.startup.app.StartupApplication";

	private static final Pattern FIGURES = Pattern
		.compile("STARTUP readyMs=(\\d+) uptimeAtReadyMs=(\\d+) beans=(\\d+) clientBeans=(\\d+) classes=(\\d+)");

	private static final long TIMEOUT_SECONDS = 180;

	private final Path target;

	private StartupDriver(Path target) {
		this.target = target;
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 2) {
			System.err.println("Usage: StartupDriver <target dir> <results file> [runs] [warm-ups]");
			System.exit(2);
		}
		Path target = Path.of(args[0]);
		Path results = Path.of(args[1]);
		int runs = (args.length > 2) ? Integer.parseInt(args[2]) : 11;
		int warmups = (args.length > 3) ? Integer.parseInt(args[3]) : 2;
		new StartupDriver(target).measure(results, runs, warmups);
	}

	private void measure(Path results, int runs, int warmups) throws IOException, InterruptedException {
		List<Case> cases = new ArrayList<>();
		for (Mode mode : Mode.measured()) {
			String suffix = mode.suffix;
			Case without5 = new Case("5 modules, without starter" + suffix, "without-5", "1", null, mode);
			Case without25 = new Case("25 modules, without starter" + suffix, "without-25", "20", null, mode);
			cases.addAll(List.of(without5, new Case("5 modules, 1 role" + suffix, "with-5", "1", without5, mode),
					new Case("5 modules, 20 roles" + suffix, "with-5", "20", without5, mode), without25,
					new Case("25 modules, 1 role" + suffix, "with-25", "1", without25, mode),
					new Case("25 modules, 20 roles" + suffix, "with-25", "20", without25, mode),
					new Case("25 modules, 20 roles, client-beans=all" + suffix, "with-25", "20-all", without25, mode)));
		}
		String started = LocalDate.now().toString();
		long begin = System.nanoTime();
		for (int round = 0; round < warmups + runs; round++) {
			List<Case> order = new ArrayList<>(cases);
			if (round % 2 == 1) {
				Collections.reverse(order);
			}
			boolean warmup = round < warmups;
			for (Case each : order) {
				Run run = run(each);
				if (!warmup) {
					each.runs.add(run);
				}
				System.out.printf(Locale.ROOT, "%s %-28s wall %5d ms, ready %5d ms, beans %4d%n",
						warmup ? "warm-up" : "run " + (round - warmups + 1), each.name, run.wallMs, run.readyMs,
						run.beans);
			}
		}
		long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin);
		check(cases);
		String report = report(cases, started, runs, warmups, seconds);
		Files.createDirectories(results.toAbsolutePath().getParent());
		Files.writeString(results, report, StandardCharsets.UTF_8);
		System.out.println(report);
	}

	private Run run(Case each) throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java));
		Path generated = this.target.resolve("aot").resolve(each.classpath + "-" + each.roles);
		if (each.mode.springAot) {
			command.add("-Dspring.aot.enabled=true");
		}
		if (each.mode.archive == Archive.NONE) {
			// What spring-boot:process-aot generated for this classpath and configuration
			// (run.sh) goes ahead of the application's classes.
			String aot = each.mode.springAot ? generated.resolve("classes") + File.pathSeparator
					+ generated.resolve("resources") + File.pathSeparator : "";
			command.addAll(List.of("-cp", aot + classpath(each.classpath)));
		}
		else {
			// The archive or cache run.sh's training run wrote for this classpath and
			// configuration, with Spring AOT on for the AOT cases; the option after it
			// fails the run rather than measure it without. Both read classes from jars
			// only: the application's and the generated ones are in jars.
			Path file = this.target.resolve(each.mode.archive.directory)
				.resolve(each.classpath + "-" + each.roles + (each.mode.springAot ? "-aot" : "") + "."
						+ each.mode.archive.extension);
			String aot = each.mode.springAot ? generated.resolve("aot.jar") + File.pathSeparator : "";
			command.addAll(List.of(each.mode.archive.option + "=" + file, each.mode.archive.required, "-cp",
					aot + this.target.resolve("startup-app.jar") + File.pathSeparator + jars(each.classpath)));
		}
		command.addAll(List.of(MAIN, "--spring.config.name=roles-" + each.roles));
		File output = File.createTempFile("startup-", ".log");
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output)
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
			long start = System.nanoTime();
			Process process = builder.start();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(each.name + ": no exit after " + TIMEOUT_SECONDS + " s");
			}
			long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			String log = Files.readString(output.toPath(), StandardCharsets.UTF_8);
			Matcher figures = FIGURES.matcher(log);
			if (process.exitValue() != 0 || !figures.find()) {
				throw new IllegalStateException(
						each.name + ": exit code " + process.exitValue() + ", no figures. Output:\n" + log);
			}
			return new Run(wall, Long.parseLong(figures.group(1)), Long.parseLong(figures.group(2)),
					Long.parseLong(figures.group(3)), Long.parseLong(figures.group(4)),
					Long.parseLong(figures.group(5)));
		}
		finally {
			Files.deleteIfExists(output.toPath());
		}
	}

	private String classpath(String name) throws IOException {
		return this.target.resolve("classes") + File.pathSeparator + jars(name);
	}

	private String jars(String name) throws IOException {
		return Files.readString(this.target.resolve("classpath-" + name + ".txt"), StandardCharsets.UTF_8).trim();
	}

	private Set<String> jarNames(String name) throws IOException {
		return Arrays.stream(jars(name).split(File.pathSeparator))
			.map((jar) -> Path.of(jar).getFileName().toString())
			.collect(Collectors.toCollection(TreeSet::new));
	}

	/**
	 * Each case starts the same context every time and the starter's cases have more bean
	 * definitions than their baseline. The application injects no client, so the
	 * starter's cases have client beans only with {@code aws.refresh.client-beans=all}
	 * (the default role's, one per client type), and the baselines none.
	 */
	private static void check(List<Case> cases) {
		for (Case each : cases) {
			Set<Long> beans = each.runs.stream().map(Run::beans).collect(Collectors.toSet());
			Set<Long> clientBeans = each.runs.stream().map(Run::clientBeans).collect(Collectors.toSet());
			if (beans.size() != 1 || clientBeans.size() != 1) {
				throw new IllegalStateException(each.name + ": bean counts differ between runs: " + beans);
			}
			long clients = clientBeans.iterator().next();
			boolean expected = (each.baseline == null) ? clients == 0
					: (clients > 0) == each.clientBeansAtStartup() && beans.iterator().next() > each.baseline.beans();
			if (!expected) {
				throw new IllegalStateException(each.name + ": unexpected bean counts " + beans + ", client beans "
						+ clients + " (baseline " + ((each.baseline != null) ? each.baseline.beans() : "-") + ")");
			}
		}
	}

	private String report(List<Case> cases, String date, int runs, int warmups, long seconds) throws IOException {
		StringBuilder out = new StringBuilder();
		out.append("# Startup cost of the aws-refresh starter\n\n");
		out.append(String.format(Locale.ROOT,
				"%s · java.version %s (%s) · machine: %s · N = %d runs per case after %d discarded warm-up runs each,"
						+ " cases alternated · JVM flags: none, every case `java -cp <classpath> %s"
						+ " --spring.config.name=roles-<1|20|20-all>` (JDK defaults: G1, default CDS archive on), the AOT cases"
						+ " with `-Dspring.aot.enabled=true` and the classes `spring-boot:process-aot` would generate for"
						+ " that classpath and configuration ahead of the classpath, the CDS cases with"
						+ " `-XX:SharedArchiveFile=<archive> -Xshare:on`, the archive written by a training run of that"
						+ " classpath and configuration (`-XX:ArchiveClassesAtExit=<archive> -Dspring.context.exit=onRefresh`)"
						+ " and the application's classes in a jar, the AOT and CDS cases with both (the generated"
						+ " classes in a jar, an archive trained with AOT on), the JDK AOT cache cases (JDK 25 and later)"
						+ " with `-XX:AOTCache=<cache> -XX:AOTMode=on`, the cache written by a training run like the CDS"
						+ " one (`-XX:AOTCacheOutput=<cache>`), the AOT and JDK AOT cache cases with both ·"
						+ " Spring Boot %s, AWS SDK %s · starter: %s · measurement took %d s\n\n",
				date, System.getProperty("java.version"), System.getProperty("java.vm.name"), machine(), runs, warmups,
				MAIN.substring(MAIN.lastIndexOf('.') + 1), version("spring-boot-", "without-5"),
				version("sdk-core-", "without-5"), System.getProperty("startup.starter", "the installed SNAPSHOT"),
				seconds));
		out.append("Wall-clock: from just before the process starts to just after it exits (JVM start, Spring Boot"
				+ " to ready, then `SpringApplication.exit` and `System.exit`). Ready: what Spring Boot reports with"
				+ " `ApplicationReadyEvent`, from the start of `SpringApplication.run`. Added: median over the rounds"
				+ " of (case − baseline of the same round), and as a share of the baseline's median. Ratio: median"
				+ " over median. The application injects no client: with the default `aws.refresh.client-beans=injected`"
				+ " a client type's bean is registered, and its interface loaded, when an injection point first asks"
				+ " for it, as a hand-built client's interface would be; the `client-beans=all` case registers the"
				+ " default role's bean of every client type on the classpath at startup.\n\n");
		out.append("| Case | Bean definitions | Client beans | Classes loaded | Wall-clock ms, median (min–max)"
				+ " | Added wall-clock | Ratio | Ready ms, median (min–max) | Added to ready | JVM uptime at ready ms |\n");
		out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (Case each : cases) {
			out.append("| ").append(each.name);
			out.append(" | ").append(each.beans());
			out.append(" | ").append(each.runs.get(0).clientBeans);
			out.append(" | ").append(median(each.runs, Run::classes));
			out.append(" | ").append(spread(each.runs, Run::wallMs));
			out.append(" | ").append(added(each, Run::wallMs));
			out.append(" | ").append(ratio(each, Run::wallMs));
			out.append(" | ").append(spread(each.runs, Run::readyMs));
			out.append(" | ").append(added(each, Run::readyMs));
			out.append(" | ").append(median(each.runs, Run::uptimeAtReadyMs));
			out.append(" |\n");
		}
		out.append('\n');
		for (Case each : cases) {
			// The goals are for the defaults: the client-beans=all case shows what it
			// costs.
			double goal = each.clientBeansAtStartup() ? 0 : each.name.startsWith("5 modules, 1 role") ? 10.0
					: each.name.startsWith("25 modules, 20 roles") ? 15.0 : 0;
			if (goal > 0) {
				double baseline = median(each.baseline.runs, Run::wallMs);
				double share = 100.0 * pairedMedian(each, Run::wallMs) / baseline;
				MedianInterval interval = MedianInterval.of(differences(each, Run::wallMs));
				double low = 100.0 * interval.low() / baseline;
				double high = 100.0 * interval.high() / baseline;
				out.append(String.format(Locale.ROOT,
						"Goal, at most %.0f%% added wall-clock, %s: %s (%+.1f%%; %.0f%% interval of the paired median"
								+ " %+.1f to %+.1f%%).%n",
						goal, each.name, verdict(goal, share, low, high), share, 100 * interval.confidence(), low,
						high));
			}
		}
		out.append('\n');
		out.append("Classpaths (Maven profiles of `benchmarks/startup/pom.xml`; the application's own classes"
				+ " first). Without the starter: `spring-boot-starter` and the SDK modules. With it, also:\n\n");
		for (String modules : List.of("5", "25")) {
			Set<String> with = jarNames("with-" + modules);
			Set<String> without = jarNames("without-" + modules);
			Set<String> extra = new TreeSet<>(with);
			extra.removeAll(without);
			out.append(String.format(Locale.ROOT, "- %s modules: %d jars without, %d with; only with: %s%n", modules,
					without.size(), with.size(), extra.stream().map((jar) -> "`" + jar + "`").toList()));
		}
		out.append("\nEvery run, wall-clock ms in round order:\n\n");
		for (Case each : cases) {
			out.append("- ")
				.append(each.name)
				.append(": ")
				.append(each.runs.stream().map((run) -> String.valueOf(run.wallMs)).collect(Collectors.joining(" ")))
				.append('\n');
		}
		return out.toString();
	}

	private String version(String prefix, String classpath) throws IOException {
		Pattern pattern = Pattern.compile(Pattern.quote(prefix) + "(\\d[\\w.-]*)\\.jar");
		for (String jar : jarNames(classpath)) {
			Matcher matcher = pattern.matcher(jar);
			if (matcher.matches()) {
				return matcher.group(1);
			}
		}
		return "?";
	}

	private static String machine() throws IOException {
		String cpu = procLine("/proc/cpuinfo", "model name");
		String memory = procLine("/proc/meminfo", "MemTotal");
		long kib = Long.parseLong(memory.replaceAll("\\D", ""));
		return String.format(Locale.ROOT, "%d cores %s, %d GiB, %s %s", Runtime.getRuntime().availableProcessors(),
				cpu.replaceAll("\\s+", " "), Math.round(kib / 1024.0 / 1024.0), System.getProperty("os.name"),
				System.getProperty("os.arch"));
	}

	private static String procLine(String file, String key) throws IOException {
		for (String line : Files.readAllLines(Path.of(file))) {
			if (line.startsWith(key)) {
				return line.substring(line.indexOf(':') + 1).trim();
			}
		}
		return "?";
	}

	private static String spread(List<Run> runs, ToLongFunction<Run> figure) {
		long[] values = runs.stream().mapToLong(figure).sorted().toArray();
		return String.format(Locale.ROOT, "%d (%d–%d)", median(runs, figure), values[0], values[values.length - 1]);
	}

	private static String added(Case each, ToLongFunction<Run> figure) {
		if (each.baseline == null) {
			return "baseline";
		}
		long added = pairedMedian(each, figure);
		return String.format(Locale.ROOT, "%+d ms (%+.0f%%)", added,
				100.0 * added / median(each.baseline.runs, figure));
	}

	private static String ratio(Case each, ToLongFunction<Run> figure) {
		if (each.baseline == null) {
			return "1";
		}
		return String.format(Locale.ROOT, "%.2f",
				(double) median(each.runs, figure) / median(each.baseline.runs, figure));
	}

	/**
	 * Median over the rounds of the case's figure minus its baseline's in the same round.
	 */
	private static long pairedMedian(Case each, ToLongFunction<Run> figure) {
		return median(differences(each, figure));
	}

	private static List<Long> differences(Case each, ToLongFunction<Run> figure) {
		List<Long> differences = new ArrayList<>();
		for (int i = 0; i < each.runs.size(); i++) {
			differences.add(figure.applyAsLong(each.runs.get(i)) - figure.applyAsLong(each.baseline.runs.get(i)));
		}
		return differences;
	}

	/**
	 * Whether a goal is met, said with what the interval allows: on a noisy machine a
	 * median a point from the goal decides nothing.
	 */
	static String verdict(double goal, double share, double low, double high) {
		if (high <= goal) {
			return "met, the whole interval below it";
		}
		if (share <= goal) {
			return "met by the median, the interval reaching above it";
		}
		if (low <= goal) {
			return "not met by the median, the interval reaching below it";
		}
		return "not met";
	}

	private static long median(List<Run> runs, ToLongFunction<Run> figure) {
		return median(runs.stream().map(figure::applyAsLong).toList());
	}

	private static long median(List<Long> values) {
		List<Long> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle)
				: Math.round((sorted.get(middle - 1) + sorted.get(middle)) / 2.0);
	}

	private static final class Case {

		private final String name;

		private final String classpath;

		/**
		 * The configuration, {@code roles-<roles>.properties}.
		 */
		private final String roles;

		private final Case baseline;

		private final Mode mode;

		private final List<Run> runs = new ArrayList<>();

		Case(String name, String classpath, String roles, Case baseline, Mode mode) {
			this.name = name;
			this.classpath = classpath;
			this.roles = roles;
			this.baseline = baseline;
			this.mode = mode;
		}

		long beans() {
			return this.runs.get(0).beans;
		}

		/**
		 * Whether the starter registers the default role's client beans at startup: only
		 * with {@code aws.refresh.client-beans=all}, as the application injects no
		 * client.
		 */
		boolean clientBeansAtStartup() {
			return this.roles.endsWith("-all");
		}

	}

	/**
	 * How a case starts: the JVM path, AOT-processed, the JVM path with a CDS archive,
	 * AOT-processed with a CDS archive, or the JDK's AOT cache without or with Spring
	 * AOT.
	 */
	private enum Mode {

		JVM("", false, Archive.NONE), AOT(", AOT", true, Archive.NONE), CDS(", CDS", false, Archive.CDS),
		AOT_CDS(", AOT and CDS", true, Archive.CDS), AOT_CACHE(", JDK AOT cache", false, Archive.AOT_CACHE),
		AOT_AOT_CACHE(", AOT and JDK AOT cache", true, Archive.AOT_CACHE);

		private final String suffix;

		private final boolean springAot;

		private final Archive archive;

		Mode(String suffix, boolean springAot, Archive archive) {
			this.suffix = suffix;
			this.springAot = springAot;
			this.archive = archive;
		}

		/**
		 * The modes measured: those the system property {@code startup.modes} names, or
		 * all; the AOT cache with one-step training only from JDK 25.
		 */
		static List<Mode> measured() {
			String names = System.getProperty("startup.modes", "");
			Set<String> asked = names.isBlank() ? Set.of() : Set.of(names.split(","));
			for (String name : asked) {
				// Throws for a name that is not a mode, rather than measure nothing.
				valueOf(name);
			}
			return Arrays.stream(values())
				.filter((mode) -> asked.isEmpty() || asked.contains(mode.name()))
				.filter((mode) -> mode.archive != Archive.AOT_CACHE || Runtime.version().feature() >= 25)
				.toList();
		}

	}

	/**
	 * What a case's JVM maps instead of parsing classes, as {@code run.sh} trains it: a
	 * CDS archive, or the JDK's AOT cache (one-step training from JDK 25), each with the
	 * option that uses it and the one that refuses to run without it.
	 */
	private enum Archive {

		NONE(null, null, null, null), CDS("cds", "jsa", "-XX:SharedArchiveFile", "-Xshare:on"),
		AOT_CACHE("aot-cache", "aot", "-XX:AOTCache", "-XX:AOTMode=on");

		private final String directory;

		private final String extension;

		private final String option;

		private final String required;

		Archive(String directory, String extension, String option, String required) {
			this.directory = directory;
			this.extension = extension;
			this.option = option;
			this.required = required;
		}

	}

	private record Run(long wallMs, long readyMs, long uptimeAtReadyMs, long beans, long clientBeans, long classes) {

	}

}
