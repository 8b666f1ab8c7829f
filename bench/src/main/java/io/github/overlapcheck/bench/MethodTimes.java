package io.github.overlapcheck.bench;

import com.google.errorprone.ErrorProneJavaCompiler;
import com.google.errorprone.scanner.ScannerSupplier;
import io.github.overlapcheck.errorprone.TimedAnalysis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;

/**
 * Per-method analysis times of the plugin on a corpus (by default the synthetic one; {@code jna},
 * {@code guava} for real code): javac with Error Prone runs only {@link TimedAnalysis}, which times
 * the shared analysis (lowering javac's trees and analysing, for all rules) of each method. The
 * corpus is compiled several times in one JVM; the first round is cold (interpreted, then
 * JIT-compiling), the last is warm.
 */
public final class MethodTimes {
  private MethodTimes() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Corpus corpus = Corpus.named(args.length > 1 ? args[1] : "synthetic");
    String load = Load.now();
    List<List<TimedAnalysis.Timing>> all = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      all.add(timeMethods(corpus.files(), corpus.classpath()));
      System.out.println("round " + (r + 1) + ": " + summary(all.get(r)) + "; " + Load.now());
    }
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "per-method analysis time, plugin (javac + Error Prone), %s: %d files,"
                + " %d lines, JDK %s, %d CPUs, %s at start, %s at end%n",
            corpus.name(),
            corpus.files().size(),
            corpus.lines(),
            System.getProperty("java.version"),
            Load.cpus(),
            load,
            Load.now()));
    s.append("first round (cold JVM): ").append(summary(all.get(0))).append('\n');
    List<TimedAnalysis.Timing> last = all.get(all.size() - 1);
    s.append("round ").append(rounds).append(" (warm): ").append(summary(last)).append('\n');
    s.append("slowest methods, warm, by CPU:");
    last.stream()
        .sorted(Comparator.comparingLong(TimedAnalysis.Timing::cpuNanos).reversed())
        .limit(5)
        .forEach(
            t ->
                s.append(
                    String.format(
                        Locale.ROOT,
                        " %s %.2f ms CPU (%.2f ms wall);",
                        t.method(),
                        t.cpuNanos() / 1e6,
                        t.nanos() / 1e6)));
    s.append('\n').append(byTemplate(last));
    Results.report("method-times.md", s.toString());
  }

  /** Compiles {@code files} once with only {@link TimedAnalysis}; its per-method times. */
  static List<TimedAnalysis.Timing> timeMethods(List<Path> files, String classpath) {
    TimedAnalysis.drain();
    JavaCompiler javac =
        new ErrorProneJavaCompiler(ScannerSupplier.fromBugCheckerClasses(TimedAnalysis.class));
    List<String> errors = new ArrayList<>();
    StandardJavaFileManager fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
    Path out;
    try {
      out = Files.createTempDirectory("overlapcheck-bench-timed");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromPaths(files);
    boolean ok =
        javac
            .getTask(
                null,
                fm,
                d -> {
                  if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.add(d.toString());
                  }
                },
                List.of(
                    "-d",
                    out.toString(),
                    "-classpath",
                    classpath,
                    "-encoding",
                    "UTF-8",
                    "-XDcompilePolicy=simple",
                    "--should-stop=ifError=FLOW",
                    // Only the analysis is timed: no bytecode (a 64k-statement method has too
                    // much).
                    "--should-stop=ifNoError=FLOW",
                    "-XDaddTypeAnnotationsToSymbol=true"),
                null,
                units)
            .call();
    if (!ok) {
      throw new IllegalStateException(
          "does not compile: " + errors.subList(0, Math.min(3, errors.size())));
    }
    return TimedAnalysis.drain();
  }

  /**
   * Median CPU time per template of {@link Synthetic} (method mJ of class C is template (16C+J) mod
   * T).
   */
  private static String byTemplate(List<TimedAnalysis.Timing> times) {
    java.util.Map<Integer, List<Double>> by = new java.util.TreeMap<>();
    java.util.regex.Pattern name = java.util.regex.Pattern.compile("Dense(\\d+)\\.m(\\d+)");
    for (TimedAnalysis.Timing t : times) {
      java.util.regex.Matcher m = name.matcher(t.method());
      if (m.matches()) {
        int i =
            Integer.parseInt(m.group(1)) * Synthetic.METHODS_PER_CLASS
                + Integer.parseInt(m.group(2));
        by.computeIfAbsent(i % Synthetic.templates(), k -> new ArrayList<>())
            .add(t.cpuNanos() / 1e6);
      }
    }
    StringBuilder s = new StringBuilder("median CPU ms per template:");
    by.forEach(
        (k, v) -> {
          double[] xs = v.stream().mapToDouble(Double::doubleValue).toArray();
          s.append(
              String.format(Locale.ROOT, " T%d %.3f;", k, Stats.percentile(Stats.sorted(xs), 50)));
        });
    return s.toString();
  }

  static String summary(List<TimedAnalysis.Timing> times) {
    return "wall: "
        + summary(times, false)
        + "; CPU of the compiling thread: "
        + summary(times, true);
  }

  static String summary(List<TimedAnalysis.Timing> times, boolean cpu) {
    double[] ms = new double[times.size()];
    for (int i = 0; i < ms.length; i++) {
      ms[i] = (cpu ? times.get(i).cpuNanos() : times.get(i).nanos()) / 1e6;
    }
    double[] sorted = Stats.sorted(ms);
    double total = 0;
    for (double x : ms) {
      total += x;
    }
    return String.format(
        Locale.ROOT,
        "%d methods, total %.0f ms, p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms",
        ms.length,
        total,
        Stats.percentile(sorted, 50),
        Stats.percentile(sorted, 90),
        Stats.percentile(sorted, 99),
        Stats.percentile(sorted, 100));
  }
}
