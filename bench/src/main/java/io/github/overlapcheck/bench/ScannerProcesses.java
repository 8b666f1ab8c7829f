package io.github.overlapcheck.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scanner as a user runs it, against what it replaces and what bounds it from below: N rounds,
 * each running, in rotating order, (1) {@code java -jar overlapcheck-scanner-*-all.jar scan} on the
 * corpus, (2) plain {@code javac} (no Error Prone, no processors) on the same files, and (3) {@link
 * ParseOnly}, JavaParser reading and parsing the same files in a fresh JVM. Wall and CPU time of
 * each process.
 */
public final class ScannerProcesses {
  private ScannerProcesses() {}

  private static final String[] NAMES = {
    "scanner", "scanner (C1, Serial GC)", "javac", "parse-only", "parse-only (C1, Serial GC)"
  };

  /**
   * JVM options for a short run: C1 only (C2 compiling JavaParser's large generated parser costs
   * more CPU than it saves in a run of seconds) and the serial collector (no concurrent GC
   * threads).
   */
  static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Corpus corpus = Corpus.named(args.length > 1 ? args[1] : "jna");
    Path work = Results.dir().resolve("scanner-" + corpus.name());
    Files.createDirectories(work);
    String jar = scannerJar();
    String sources = Processes.argFile(corpus, work);
    List<String> scan = List.of("-jar", jar, "scan", corpus.root().toString());
    List<String> parse =
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            ParseOnly.class.getName(),
            corpus.root().toString());
    List<List<String>> commands =
        List.of(
            concat(List.of(Processes.tool("java")), scan),
            concat(List.of(Processes.tool("java")), QUICK_START, scan),
            List.of(
                Processes.tool("javac"),
                "-d",
                work.resolve("classes").toString(),
                "-classpath",
                corpus.classpath(),
                "-encoding",
                "UTF-8",
                "-proc:none",
                "-nowarn",
                sources),
            concat(List.of(Processes.tool("java")), parse),
            concat(List.of(Processes.tool("java")), QUICK_START, parse));
    int n = commands.size();
    double[][] wall = new double[rounds][n];
    double[][] cpu = new double[rounds][n];
    StringBuilder rows = new StringBuilder();
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < n; k++) {
        int which = (r + k) % n;
        Path log = work.resolve(which + "-" + r + ".log");
        Processes.Run run = Processes.run(commands.get(which), log);
        // The scanner exits with 1 when it has findings; anything else is a failure.
        if (run.exit() != 0 && !(which <= 1 && run.exit() == 1)) {
          throw new IllegalStateException(
              NAMES[which] + " failed (exit " + run.exit() + "), see " + log);
        }
        wall[r][which] = run.wall();
        cpu[r][which] = run.cpu();
      }
      StringBuilder row = new StringBuilder("  round " + (r + 1) + ":");
      for (int k = 0; k < n; k++) {
        row.append(
            String.format(
                Locale.ROOT, " %s %.2f s CPU / %.2f s wall;", NAMES[k], cpu[r][k], wall[r][k]));
      }
      row.append(' ').append(Load.now());
      System.out.println(row);
      rows.append(row).append('\n');
    }
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "scanner, whole process, on %s (%d files, %d lines), JDK %s, %d CPUs%n",
            corpus.name(),
            corpus.files().size(),
            corpus.lines(),
            System.getProperty("java.version"),
            Load.cpus()));
    for (int k = 0; k < n; k++) {
      s.append(
          String.format(
              Locale.ROOT,
              "%s: wall %s, CPU %s%n",
              NAMES[k],
              Stats.meanCi(column(wall, k), "s"),
              Stats.meanCi(column(cpu, k), "s")));
    }
    for (int k : new int[] {0, 1}) {
      for (int base : new int[] {2, 3, 4}) {
        s.append(NAMES[k]).append(" / ").append(NAMES[base]).append(": CPU ");
        s.append(Stats.pairedRatio(pairs(cpu, base, k)));
        s.append(", wall ").append(Stats.pairedRatio(pairs(wall, base, k))).append('\n');
      }
    }
    s.append("scanner output: ").append(lastLine(work.resolve("0-0.log"))).append('\n');
    s.append(rows);
    Results.report("scanner-processes.md", s.toString());
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> out = new ArrayList<>();
    for (List<String> p : parts) {
      out.addAll(p);
    }
    return out;
  }

  private static double[] column(double[][] m, int k) {
    double[] out = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i][k];
    }
    return out;
  }

  /** Pairs (denominator, numerator) for {@link Stats#pairedRatio}. */
  private static List<double[]> pairs(double[][] m, int denominator, int numerator) {
    List<double[]> out = new ArrayList<>();
    for (double[] row : m) {
      out.add(new double[] {row[denominator], row[numerator]});
    }
    return out;
  }

  private static String lastLine(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  /** scanner/target/overlapcheck-scanner-*-all.jar, built by the reactor. */
  static String scannerJar() throws IOException {
    try (DirectoryStream<Path> s =
        Files.newDirectoryStream(Path.of("scanner/target"), "overlapcheck-scanner-*-all.jar")) {
      for (Path p : s) {
        return p.toAbsolutePath().toString();
      }
    }
    throw new IllegalStateException(
        "scanner/target has no overlapcheck-scanner-*-all.jar: build it (docs/benchmarks.md)"
            + File.separator);
  }
}
