package io.github.overlapcheck.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plugin's cost in a cold, whole build: separate {@code javac} processes with Error Prone and
 * its default checks, A without and B with overlapcheck on the processor path (its checks then run
 * at their default severity), alternating A B, B A, ..., over N pairs; CPU time (user + system) and
 * wall time of each process.
 */
public final class ColdCompile {
  private ColdCompile() {}

  public static void main(String[] args) throws IOException {
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Corpus corpus = Corpus.named(args.length > 1 ? args[1] : "jna");
    Path work = Results.dir().resolve("cold-" + corpus.name());
    Files.createDirectories(work);
    String errorProne =
        Files.readString(Path.of("bench/target/errorprone-processorpath.txt")).strip();
    String withChecks = errorProne + File.pathSeparator + overlapcheckJar();
    String sources = Processes.argFile(corpus, work);
    List<double[]> wall = new ArrayList<>();
    List<double[]> cpu = new ArrayList<>();
    StringBuilder rows = new StringBuilder();
    int findings = 0;
    for (int i = 0; i < pairs; i++) {
      boolean baselineFirst = i % 2 == 0;
      Processes.Run[] ab = new Processes.Run[2];
      for (int k = 0; k < 2; k++) {
        boolean baseline = (k == 0) == baselineFirst;
        Path log = work.resolve((baseline ? "A" : "B") + "-" + i + ".log");
        Processes.Run run =
            Processes.run(javac(corpus, baseline ? errorProne : withChecks, work, sources), log);
        if (run.exit() != 0) {
          throw new IllegalStateException("javac failed (exit " + run.exit() + "), see " + log);
        }
        ab[baseline ? 0 : 1] = run;
        if (!baseline) {
          findings = countOverlapcheckWarnings(log);
        }
      }
      wall.add(new double[] {ab[0].wall(), ab[1].wall()});
      cpu.add(new double[] {ab[0].cpu(), ab[1].cpu()});
      String row =
          String.format(
              Locale.ROOT,
              "  pair %d (%s first): A CPU %.2f s, wall %.2f s; B CPU %.2f s, wall %.2f s; %s",
              i + 1,
              baselineFirst ? "A" : "B",
              ab[0].cpu(),
              ab[0].wall(),
              ab[1].cpu(),
              ab[1].wall(),
              Load.now());
      System.out.println(row);
      rows.append(row).append('\n');
    }
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "plugin overhead, cold, whole process: javac + Error Prone (default checks) on %s"
                + " (%d files, %d lines), JDK %s, %d CPUs%n",
            corpus.name(),
            corpus.files().size(),
            corpus.lines(),
            System.getProperty("java.version"),
            Load.cpus()));
    s.append("B/A CPU (user+sys): ").append(Stats.pairedRatio(cpu)).append('\n');
    s.append("B/A wall:           ").append(Stats.pairedRatio(wall)).append('\n');
    s.append("overlapcheck warnings in B: ").append(findings).append('\n');
    s.append(rows);
    Results.report("cold-compile.md", s.toString());
  }

  private static List<String> javac(
      Corpus corpus, String processorPath, Path work, String sources) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Processes.tool("javac"));
    cmd.addAll(Processes.javacAccessForLauncher());
    cmd.addAll(
        List.of(
            "-d",
            work.resolve("classes").toString(),
            "-classpath",
            corpus.classpath(),
            "-encoding",
            "UTF-8",
            "-XDcompilePolicy=simple",
            "--should-stop=ifError=FLOW",
            "-XDaddTypeAnnotationsToSymbol=true",
            "-Xmaxwarns",
            "100000",
            "-processorpath",
            processorPath,
            // JNA and Guava have findings of Error Prone's ERROR checks: reported as warnings, so
            // that javac finishes the build (writes the classes) as it would in their own builds.
            "-Xplugin:ErrorProne -XepAllErrorsAsWarnings",
            sources));
    return cmd;
  }

  /** overlapcheck's jar (or class directory) on this JVM's classpath. */
  static String overlapcheckJar() {
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator, -1)) {
      String n = Path.of(e).getFileName().toString();
      if (n.matches("overlapcheck-\\d.*\\.jar") || e.endsWith("checker/target/classes")) {
        return e;
      }
    }
    throw new IllegalStateException("overlapcheck's jar is not on the classpath");
  }

  private static int countOverlapcheckWarnings(Path log) {
    try {
      int n = 0;
      for (String line : Files.readAllLines(log)) {
        for (io.github.overlapcheck.analysis.Rule r : io.github.overlapcheck.rules.Rules.ALL) {
          if (line.contains("warning: [" + r.name() + "]")) {
            n++;
          }
        }
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
