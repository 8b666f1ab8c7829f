package io.github.overlapcheck.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
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

  private static String join(List<Sources.Place> places) {
    StringBuilder s = new StringBuilder();
    for (Sources.Place p : places) {
      s.append(p).append('\n');
    }
    return s.toString();
  }
}
