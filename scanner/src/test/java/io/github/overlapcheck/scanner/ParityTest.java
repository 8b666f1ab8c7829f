package io.github.overlapcheck.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.overlapcheck.rules.StaleOverlappedWriteBack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scanner, given the classpath the sources compile against, reports exactly what the plugin
 * reports (rule, file, line) on the samples and on the labelled corpus.
 */
final class ParityTest {
  @TempDir Path out;

  @Test
  void samplesGiveThePluginsFindings() {
    List<Sources.Place> plugin = Sources.plugin(Sources.javaFiles(Sources.SAMPLES), out);
    assertFalse(plugin.isEmpty(), "the buggy samples have findings");
    assertEquals(join(plugin), join(Sources.scanner(Sources.SAMPLES, true)));
  }

  @Test
  void corpusGivesThePluginsFindings() {
    List<Sources.Place> plugin = Sources.plugin(Sources.javaFiles(Sources.CORPUS), out);
    assertFalse(plugin.isEmpty(), "the corpus has findings");
    assertEquals(join(plugin), join(Sources.scanner(Sources.CORPUS, true)));
  }

  @Test
  void constructsFixturesGiveThePluginsFindingsWithAndWithoutClasspath() {
    Path fixtures = Path.of("src/test/resources/parity");
    List<Sources.Place> plugin = Sources.plugin(Sources.javaFiles(fixtures), out);
    assertFalse(plugin.isEmpty(), "the fixtures have findings");
    assertEquals(join(plugin), join(Sources.scanner(fixtures, true)));
    assertEquals(join(plugin), join(Sources.scanner(fixtures, false)));
  }

  /**
   * Beyond agreeing, the two front ends decide the same way which OVERLAPPED classes write their
   * Java fields back, from the classes' source in this file and another: exactly the lines marked.
   */
  @Test
  void overlappedClassesWriteBackWhereTheirSourceSaysSo() throws IOException {
    Path fixtures = Path.of("src/test/resources/parity");
    Path file = fixtures.resolve("parity/OverlappedClasses.java").toAbsolutePath().normalize();
    List<String> lines = Files.readAllLines(file);
    List<Sources.Place> marked = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("// expect: " + StaleOverlappedWriteBack.NAME)) {
        marked.add(new Sources.Place(StaleOverlappedWriteBack.NAME, file, i + 1));
      }
    }
    assertEquals(3, marked.size(), "the fixture marks three lines");
    List<Sources.Place> plugin =
        Sources.plugin(Sources.javaFiles(fixtures), out).stream()
            .filter(p -> p.file().equals(file) && p.rule().equals(StaleOverlappedWriteBack.NAME))
            .toList();
    List<Sources.Place> scanner =
        Sources.scanner(fixtures, false).stream()
            .filter(p -> p.file().equals(file) && p.rule().equals(StaleOverlappedWriteBack.NAME))
            .toList();
    marked.sort(null);
    assertEquals(join(marked), join(plugin.stream().sorted().toList()));
    assertEquals(join(marked), join(scanner.stream().sorted().toList()));
  }

  private static String join(List<Sources.Place> places) {
    StringBuilder s = new StringBuilder();
    for (Sources.Place p : places) {
      s.append(p).append('\n');
    }
    return s.toString();
  }
}
