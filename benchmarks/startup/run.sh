#!/bin/sh
# Startup cost of the aws-refresh starter, as whole processes. Re-run it, from the
# repository root:
#
#   sh benchmarks/startup/run.sh [runs] [warm-ups]
#
# (11 runs and 2 warm-up runs per case when not given; about 12 minutes on 2 cores.) It
# installs the project's SNAPSHOTs (skip with SKIP_INSTALL=1), compiles the application and
# the driver, writes one classpath per SDK module set, with and without the starter
# (target/classpath-{with,without}-{5,25}.txt), processes each case ahead of time
# (target/aot/<case>), trains a class data sharing archive for each (target/cds/<case>.jsa),
# and one for each AOT-processed case (target/cds/<case>-aot.jsa), then lets StartupDriver
# alternate the cases, on the JVM path, AOT-processed, with the CDS archive and with both,
# and write benchmarks/results/startup.md. The JDK is the `java` on the PATH
# (or $JAVA_HOME/bin/java); measured processes run with no JVM flags but these: the AOT
# cases set the system property spring.aot.enabled, the CDS cases name their archive
# (-XX:SharedArchiveFile, -Xshare:on), the cases with both do both. On JDK 25 or later it
# also trains the JDK's AOT cache for each case, without and with Spring AOT
# (target/aot-cache/<case>[-aot].aot), measures the cases with it (-XX:AOTCache,
# -XX:AOTMode=on) and writes
# benchmarks/results/startup-jdk<version>.md instead:
#
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 sh benchmarks/startup/run.sh
#
# MODES=<JVM,AOT,CDS,AOT_CDS,AOT_CACHE,AOT_AOT_CACHE> measures only those cases, into a table of their own.
# Measure on a quiet machine: other work shows up in the figures.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${1:-11}
warmups=${2:-2}
java=java
if [ -n "${JAVA_HOME:-}" ]; then
	java="$JAVA_HOME/bin/java"
fi

cd "$here"
starter="the installed SNAPSHOT (install skipped)"
if [ "${SKIP_INSTALL:-0}" != 1 ]; then
	"$root/mvnw" -q -f "$root/pom.xml" install -DskipTests
	starter="installed from the work tree at commit $(git -C "$root" rev-parse --short HEAD)"
	if [ -n "$(git -C "$root" status --porcelain -- autoconfigure starter)" ]; then
		starter="$starter, with uncommitted changes"
	fi
fi
"$root/mvnw" -q compile
for modules in 5 25; do
	"$root/mvnw" -q -Pmodules-$modules dependency:build-classpath \
		-Dmdep.outputFile="$here/target/classpath-without-$modules.txt"
	"$root/mvnw" -q -Pmodules-$modules,starter dependency:build-classpath \
		-Dmdep.outputFile="$here/target/classpath-with-$modules.txt"
done
# Spring AOT: each case's bean definitions generated at build time, as spring-boot:process-aot
# would, and compiled. Processing runs the application to the point of refresh, so it is done
# per classpath and per configuration: what AOT generates depends on both.
aot() {
	name=$1
	roles=$2
	out="$here/target/aot/$name-$roles"
	cp="$here/target/classes:$(cat "$here/target/classpath-$name.txt")"
	rm -rf "$out"
	mkdir -p "$out/sources" "$out/resources" "$out/classes"
	"$java" -cp "$cp" org.springframework.boot.SpringApplicationAotProcessor \
		io.awsrefresh.benchmarks.startup.app.StartupApplication "$out/sources" "$out/resources" "$out/classes" \
		io.awsrefresh aws-refresh-startup-benchmark --spring.config.name="roles-$roles" > "$out/process-aot.log" 2>&1
	find "$out/sources" -name '*.java' > "$out/sources.txt"
	"${java%java}javac" -nowarn -proc:none -d "$out/classes" -cp "$cp" "@$out/sources.txt"
	# The same, in a jar, for the cases that combine AOT with a CDS archive or an AOT cache.
	"${java%java}jar" cf "$out/aot.jar" -C "$out/classes" . -C "$out/resources" .
}
# Class data sharing: one archive per case, written by a training run that stops once the
# context is refreshed, as Spring Boot's CDS documentation has it; from JDK 25 the JDK's AOT
# cache too (JEP 483 and 514: classes loaded and linked, and method profiles), from a training
# run of the same kind. The AOT-processed cases get their own, trained with Spring AOT on, as
# Spring Boot recommends combining the two. Both read classes from jars only, so the
# application's classes go in one.
"${java%java}jar" cf "$here/target/startup-app.jar" -C "$here/target/classes" .
train() {
	directory=$1
	extension=$2
	option=$3
	name=$4
	roles=$5
	suffix=$6
	shift 6
	mkdir -p "$here/target/$directory"
	out="$here/target/$directory/$name-$roles$suffix"
	rm -f "$out.$extension"
	"$java" "$option=$out.$extension" -Dspring.context.exit=onRefresh "$@" \
		io.awsrefresh.benchmarks.startup.app.StartupApplication --spring.config.name="roles-$roles" \
		> "$out.log" 2>&1
	test -s "$out.$extension"
}
feature=$("$java" -version 2>&1 | head -n 1 | sed -E 's/.*version "([0-9]+).*/\1/')
for case in without-5:1 with-5:1 with-5:20 without-25:20 with-25:1 with-25:20 with-25:20-all; do
	name=${case%%:*}
	roles=${case##*:}
	jars=$(cat "$here/target/classpath-$name.txt")
	aot "$name" "$roles"
	plain="$here/target/startup-app.jar:$jars"
	processed="$here/target/aot/$name-$roles/aot.jar:$plain"
	train cds jsa -XX:ArchiveClassesAtExit "$name" "$roles" "" -cp "$plain"
	train cds jsa -XX:ArchiveClassesAtExit "$name" "$roles" -aot -Dspring.aot.enabled=true -cp "$processed"
	if [ "$feature" -ge 25 ]; then
		train aot-cache aot -XX:AOTCacheOutput "$name" "$roles" "" -cp "$plain"
		train aot-cache aot -XX:AOTCacheOutput "$name" "$roles" -aot -Dspring.aot.enabled=true -cp "$processed"
	fi
done
# JDK 17, the release this project targets, writes the main table; other JDKs one of their
# own, and so does a run of some of the modes only (MODES=AOT_CDS, say, for more rounds of
# those cases in the same time).
results="startup"
if [ -n "${MODES:-}" ]; then
	results="$results-$(echo "$MODES" | tr 'A-Z_,' 'a-z--')"
fi
if [ "$feature" != 17 ]; then
	results="$results-jdk$feature"
fi
"$java" "-Dstartup.starter=$starter" "-Dstartup.modes=${MODES:-}" -cp "$here/target/classes" \
	io.awsrefresh.benchmarks.startup.StartupDriver "$here/target" "$root/benchmarks/results/$results.md" \
	"$runs" "$warmups"
