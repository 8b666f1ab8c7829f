#!/usr/bin/env bash
# Runs overlapcheck's benchmarks from bench/target (build them first, see docs/benchmarks.md):
#   bench/bench.sh jmh [JMH options]   JMH: PluginOverhead (plugin, warm, in-process, A/B) and
#                                      ScannerThroughput (scanner, warm, lines/s)
#   bench/bench.sh runs [corpus]       PluginOverhead's runs so far, combined per checker jar
#   bench/bench.sh cold [N] [corpus]   whole-process javac with Error Prone's default checks,
#                                      with and without overlapcheck, CPU time
#   bench/bench.sh scanner [N]         whole-process: scanner jar, plain javac, JavaParser parse
#   bench/bench.sh methods [R] [corpus] per-method analysis times (default: synthetic corpus)
#   bench/bench.sh scaling [R] [max]   analysis time of very long and very deep methods
#                                      (R repetitions; long methods up to max statements)
# Results are printed and appended to bench/target/results/*.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -f bench/target/classpath.txt || ! -d bench/target/classes ]]; then
  echo "bench/target is not built: mvn -B -ntp -Pbench package -pl bench -am -DskipTests" >&2
  exit 2
fi
readonly CP="bench/target/classes:$(cat bench/target/classpath.txt)"
# javac's internals, for Error Prone in this JVM (the list in .mvn/jvm.config).
mapfile -t JAVAC_ACCESS < .mvn/jvm.config
readonly JVM=(java -Xss8m "${JAVAC_ACCESS[@]}" -cp "$CP")

command=${1:-}
shift || true
case "$command" in
  jmh) exec "${JVM[@]}" org.openjdk.jmh.Main "$@" ;;
  runs) exec "${JVM[@]}" io.github.overlapcheck.bench.RunLog "$@" ;;
  cold) exec "${JVM[@]}" io.github.overlapcheck.bench.ColdCompile "$@" ;;
  scanner) exec "${JVM[@]}" io.github.overlapcheck.bench.ScannerProcesses "$@" ;;
  methods) exec "${JVM[@]}" -Xmx3g io.github.overlapcheck.bench.MethodTimes "$@" ;;
  scaling) exec "${JVM[@]}" -Xmx3g io.github.overlapcheck.bench.Scaling "$@" ;;
  *)
    sed -n '2,12p' "$0" >&2
    exit 2
    ;;
esac
