package io.github.overlapcheck.scanner;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlapcheck.analysis.Rule;
import io.github.overlapcheck.rules.Rules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Measures the scanner's precision and recall per rule on the labelled corpus (its {@code //
 * expect: Rule} markers, as the checker's CorpusPrecisionRecallTest reads them), without a
 * classpath and with one, and writes the table to target/scanner-corpus-report.md. docs/scanner.md
 * quotes that file; re-run this test to measure again.
 */
final class CorpusMeasurementTest {
  private static final Pattern EXPECT = Pattern.compile("//\\s*expect:\\s*([\\w, ]+)");

  @Test
  void measureWithAndWithoutClasspath() throws IOException {
    Set<Sources.Place> expected = new HashSet<>();
    for (Path f : Sources.javaFiles(Sources.CORPUS)) {
      List<String> lines = Files.readAllLines(f);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = EXPECT.matcher(lines.get(i));
        if (m.find()) {
          for (String rule : m.group(1).split(",", -1)) {
            expected.add(new Sources.Place(rule.strip(), f.toAbsolutePath().normalize(), i + 1));
          }
        }
      }
    }
    Set<Sources.Place> without = new HashSet<>(Sources.scanner(Sources.CORPUS, false));
    Set<Sources.Place> with = new HashSet<>(Sources.scanner(Sources.CORPUS, true));
    StringBuilder report = new StringBuilder();
    report
        .append("Scanner precision and recall on the labelled corpus (")
        .append(Sources.javaFiles(Sources.CORPUS).size())
        .append(" files), per rule.\n\n");
    report.append(
        "| rule | expected | without classpath: found | true positives | precision | recall |"
            + " with classpath: found | true positives | precision | recall |\n");
    report.append("|---|---|---|---|---|---|---|---|---|---|\n");
    List<String> details = new ArrayList<>();
    long totalExpected = 0;
    long[] totals = new long[4];
    List<String> belowTarget = new ArrayList<>();
    for (Rule r : Rules.ALL) {
      String rule = r.name();
      long exp = expected.stream().filter(p -> p.rule().equals(rule)).count();
      totalExpected += exp;
      report.append("| ").append(rule).append(" | ").append(exp);
      int k = 0;
      for (Set<Sources.Place> found : List.of(without, with)) {
        long fnd = found.stream().filter(p -> p.rule().equals(rule)).count();
        long tp = found.stream().filter(p -> p.rule().equals(rule) && expected.contains(p)).count();
        if (fnd > 0 && tp < PRECISION_TARGET * fnd) {
          belowTarget.add(rule + (k == 0 ? " without" : " with") + " the classpath");
        }
        totals[k++] += fnd;
        totals[k++] += tp;
        report.append(
            String.format(
                Locale.ROOT, " | %d | %d | %s | %s", fnd, tp, ratio(tp, fnd), ratio(tp, exp)));
      }
      report.append(" |\n");
    }
    report.append(
        String.format(
            Locale.ROOT,
            "| all | %d | %d | %d | %s | %s | %d | %d | %s | %s |%n",
            totalExpected,
            totals[0],
            totals[1],
            ratio(totals[1], totals[0]),
            ratio(totals[1], totalExpected),
            totals[2],
            totals[3],
            ratio(totals[3], totals[2]),
            ratio(totals[3], totalExpected)));
    Set<String> measured = new HashSet<>();
    Rules.ALL.forEach(r -> measured.add(r.name()));
    for (Sources.Place p : without) {
      if (!expected.contains(p)) {
        details.add("without classpath, false positive: " + describe(p));
      }
    }
    for (Sources.Place p : expected) {
      if (measured.contains(p.rule()) && !without.contains(p)) {
        details.add(
            "without classpath, missed: "
                + describe(p)
                + (with.contains(p) ? " (found with the classpath)" : ""));
      }
    }
    details.sort(null);
    report.append("\n").append(String.join("\n", details)).append("\n");
    Path target = Path.of("target/scanner-corpus-report.md");
    Files.createDirectories(target.getParent());
    Files.writeString(target, report);
    System.out.println(report);
    assertTrue(!with.isEmpty() && !without.isEmpty(), "both scans found something");
    assertTrue(
        belowTarget.isEmpty(),
        "precision below "
            + PRECISION_TARGET
            + " (see target/scanner-corpus-report.md): "
            + belowTarget);
  }

  /** The rules' precision target on the corpus, which the scanner must meet too. */
  private static final double PRECISION_TARGET = 0.95;

  private static String ratio(long a, long b) {
    return b == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) a / b);
  }

  private static String describe(Sources.Place p) {
    Path root = Sources.CORPUS.toAbsolutePath().normalize();
    return p.rule() + " at " + root.relativize(p.file()) + ":" + p.line();
  }
}
