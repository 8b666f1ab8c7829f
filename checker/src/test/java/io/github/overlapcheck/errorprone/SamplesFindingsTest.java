package io.github.overlapcheck.errorprone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The samples, compiled with the checks: the fixed programs have no finding (the samples module
 * also compiles them with every check at ERROR), and the buggy programs' findings are exactly the
 * golden list in samples/expected-findings.txt.
 */
final class SamplesFindingsTest {
  private static final Path SAMPLES = Path.of("../samples");
  private static final Path SOURCES =
      SAMPLES.resolve("src/main/java/io/github/overlapcheck/samples");

  @TempDir Path out;

  private static List<Path> javaFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void fixedSamplesHaveNoFindings() throws IOException {
    assertEquals(List.of(), Harness.compile(javaFiles(SOURCES.resolve("fixed")), out));
  }

  @Test
  void buggySamplesHaveExactlyTheGoldenFindings() throws IOException {
    List<String> found =
        Harness.compile(javaFiles(SOURCES.resolve("buggy")), out).stream()
            .map(r -> r.file().getFileName() + ":" + r.line() + " [" + r.rule() + "]")
            .sorted()
            .collect(Collectors.toList());
    List<String> golden =
        Files.readAllLines(SAMPLES.resolve("expected-findings.txt")).stream()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .sorted()
            .collect(Collectors.toList());
    assertEquals(golden, found);
  }
}
