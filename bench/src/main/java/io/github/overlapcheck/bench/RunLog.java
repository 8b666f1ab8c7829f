package io.github.overlapcheck.bench;

import io.github.overlapcheck.rules.Rules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The warm A/B across runs. Within one JVM the pairs are not independent: how the JIT compiled
 * javac and Error Prone in that run moves both sides' times, and not always alike, so one run's
 * interval understates how far its ratio can be from the next run's (docs/benchmarks.md, session
 * 7). The run is the unit: each {@code PluginOverhead} trial appends one line to {@code
 * bench/target/results/plugin-overhead-runs.tsv} (its mean log ratios, and which checker jar it
 * ran, by content hash), and {@code bench/bench.sh runs} summarises the runs of each jar: the
 * geometric mean of their ratios with a 95% interval from the spread between runs.
 */
final class RunLog {
  private RunLog() {}

  static final String FILE = "plugin-overhead-runs.tsv";

  private static final String HEADER =
      "time\tcorpus\tb\tchecker\tpairs\tthread_log\tcpu_log\twall_log\tin_checks_s\tload\n";

  /**
   * Appends one trial: each array holds its pairs' log(B/A); {@code inChecks} is the mean time per
   * compile inside B's checks, in seconds.
   */
  static void append(
      String corpus,
      String b,
      double[] thread,
      double[] cpu,
      double[] wall,
      double inChecks,
      String load) {
    Path file = Results.dir().resolve(FILE);
    String row =
        String.join(
                "\t",
                Instant.now().toString(),
                corpus,
                b,
                checker(),
                Integer.toString(thread.length),
                format(Stats.mean(thread)),
                format(Stats.mean(cpu)),
                format(Stats.mean(wall)),
                format(inChecks),
                load.replace('\t', ' '))
            + "\n";
    try {
      if (!Files.exists(file)) {
        Files.writeString(file, HEADER);
      }
      Files.writeString(file, row, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String format(double x) {
    return String.format(Locale.ROOT, "%.6f", x);
  }

  /** The checker jar (or classes directory) on the class path, named by its content hash. */
  static String checker() {
    try {
      Path where = Path.of(Rules.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(where)) {
        return where.toString();
      }
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(where));
      return "sha256:" + HexFormat.of().formatHex(hash).substring(0, 12);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code bench/bench.sh runs [corpus]}: for each corpus, side B and checker jar, the runs logged
   * and their ratios combined.
   */
  public static void main(String[] args) throws IOException {
    Path file = Results.dir().resolve(FILE);
    if (!Files.exists(file)) {
      System.err.println("no runs logged yet: " + file);
      System.exit(2);
    }
    String only = args.length > 0 ? args[0] : null;
    Map<String, List<double[]>> groups = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t", -1);
      if (f.length < 10 || (only != null && !f[1].equals(only))) {
        continue;
      }
      groups
          .computeIfAbsent(f[1] + "  B=" + f[2] + "  checker " + f[3], k -> new ArrayList<>())
          .add(
              new double[] {
                Double.parseDouble(f[5]),
                Double.parseDouble(f[6]),
                Double.parseDouble(f[7]),
                Double.parseDouble(f[8])
              });
    }
    for (Map.Entry<String, List<double[]>> g : groups.entrySet()) {
      System.out.println(g.getKey() + ": " + g.getValue().size() + " runs");
      String[] names = {"CPU of the compiling thread", "CPU of the process", "wall"};
      for (int c = 0; c < names.length; c++) {
        double[] logs = new double[g.getValue().size()];
        StringBuilder each = new StringBuilder();
        for (int i = 0; i < logs.length; i++) {
          logs[i] = g.getValue().get(i)[c];
          each.append(String.format(Locale.ROOT, " %.3f", Math.exp(logs[i])));
        }
        double m = Stats.mean(logs);
        double h = Stats.halfWidth(logs);
        System.out.printf(
            Locale.ROOT,
            "  B/A %s: %.4fx (95%% CI %.4f to %.4f, between runs); runs:%s%n",
            names[c],
            Math.exp(m),
            Math.exp(m - h),
            Math.exp(m + h),
            each);
      }
      double[] inside = g.getValue().stream().mapToDouble(r -> r[3]).toArray();
      System.out.printf(
          Locale.ROOT,
          "  time inside B's checks per compile: %s (mean of the runs' means)%n",
          Stats.meanCi(inside, "s"));
    }
  }
}
