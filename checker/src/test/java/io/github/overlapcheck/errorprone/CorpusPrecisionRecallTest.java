package io.github.overlapcheck.errorprone;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.Splitter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles the labelled corpus (src/test/resources/corpus) with the checks and measures, per rule,
 * precision and recall against its {@code // expect: Rule} markers. A finding on a line without
 * that rule's marker is a false positive; a marker without a finding is a miss. The figures are
 * written to target/corpus-report.md.
 */
final class CorpusPrecisionRecallTest {
  private static final Path CORPUS = Path.of("src/test/resources/corpus");
  private static final Pattern EXPECT = Pattern.compile("//\\s*expect:\\s*([\\w, ]+)");
  private static final double PRECISION_TARGET = 0.95;
  private static final double RECALL_TARGET = 0.90;

  @TempDir Path out;

  /** One place: a file and a line, for one rule. */
  record Place(String rule, Path file, long line) {}

  @Test
  void everyRuleMeetsThePrecisionAndRecallTargets() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(CORPUS)) {
      files = s.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
    }
    Set<Place> expected = new HashSet<>();
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = EXPECT.matcher(lines.get(i));
        if (m.find()) {
          for (String rule : Splitter.on(',').trimResults().split(m.group(1))) {
            expected.add(new Place(rule, f.toAbsolutePath().normalize(), i + 1));
          }
        }
      }
    }
    Map<String, Set<Place>> knownMisses = new HashMap<>();
    for (String line : Files.readAllLines(CORPUS.resolve("KNOWN-MISSES.txt"))) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      List<String> parts = Splitter.on('\t').splitToList(line);
      List<String> where = Splitter.on(':').splitToList(parts.get(1));
      knownMisses
          .computeIfAbsent(parts.get(0), k -> new HashSet<>())
          .add(
              new Place(
                  parts.get(0),
                  CORPUS.resolve(where.get(0)).toAbsolutePath().normalize(),
                  Long.parseLong(where.get(1))));
    }
    Set<Place> found = new HashSet<>();
    List<String> details = new ArrayList<>();
    for (Harness.Reported r : Harness.compile(files, out)) {
      Place p = new Place(r.rule(), r.file().toAbsolutePath().normalize(), r.line());
      found.add(p);
      if (!expected.contains(p)) {
        details.add("false positive " + describe(p) + ": " + r.message());
      }
    }
    for (Place p : expected) {
      if (!found.contains(p)) {
        details.add("missed " + describe(p));
      }
    }
    StringBuilder report =
        new StringBuilder(
            """
            | rule | expected | found | true positives | precision | recall |
            |---|---|---|---|---|---|
            """);
    List<String> failures = new ArrayList<>();
    for (Class<?> check : Harness.CHECKS) {
      String rule = check.getSimpleName();
      long exp = expected.stream().filter(p -> p.rule().equals(rule)).count();
      long fnd = found.stream().filter(p -> p.rule().equals(rule)).count();
      long tp = found.stream().filter(p -> p.rule().equals(rule) && expected.contains(p)).count();
      double precision = fnd == 0 ? 1.0 : (double) tp / fnd;
      double recall = exp == 0 ? 1.0 : (double) tp / exp;
      report.append(
          String.format(
              "| %s | %d | %d | %d | %.2f | %.2f |%n", rule, exp, fnd, tp, precision, recall));
      Set<Place> missed = new HashSet<>();
      for (Place p : expected) {
        if (p.rule().equals(rule) && !found.contains(p)) {
          missed.add(p);
        }
      }
      Set<Place> listed = knownMisses.getOrDefault(rule, Set.of());
      if (precision < PRECISION_TARGET) {
        failures.add(String.format("%s: precision %.2f", rule, precision));
      }
      if (recall < RECALL_TARGET && !listed.containsAll(missed)) {
        failures.add(
            String.format("%s: recall %.2f with misses not in KNOWN-MISSES.txt", rule, recall));
      }
      for (Place p : listed) {
        if (found.contains(p)) {
          failures.add("listed in KNOWN-MISSES.txt but found now: " + describe(p));
        }
      }
    }
    details.sort(null);
    report.append("\n").append(String.join("\n", details)).append("\n");
    Path target = Path.of("target/corpus-report.md");
    Files.createDirectories(target.getParent());
    Files.writeString(target, report);
    System.out.println(report);
    assertTrue(failures.isEmpty(), "targets missed: " + failures + "\n" + report);
  }

  private static String describe(Place p) {
    return p.rule()
        + " at "
        + CORPUS.toAbsolutePath().normalize().relativize(p.file())
        + ":"
        + p.line();
  }
}
