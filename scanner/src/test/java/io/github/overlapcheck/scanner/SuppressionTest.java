package io.github.overlapcheck.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @SuppressWarnings("Rule")} on a method or a class around it silences that rule in the
 * scanner as it does in the plugin, and only that rule.
 */
final class SuppressionTest {
  private static final Path SAMPLE =
      Sources.SAMPLES.resolve(
          "io/github/overlapcheck/samples/buggy/FreedBeforeCompletionPacketSample.java");
  private static final String METHOD = "  public void append(String line) {";
  private static final String CLASS =
      "public final class FreedBeforeCompletionPacketSample implements AutoCloseable {";

  @TempDir Path dir;
  @TempDir Path out;

  private List<Sources.Place> scan(String from, String to) throws IOException {
    String source = Files.readString(SAMPLE);
    if (!source.contains(from)) {
      throw new AssertionError("the sample no longer has: " + from);
    }
    Path file = dir.resolve(SAMPLE.getFileName());
    Files.writeString(file, source.replace(from, to));
    List<Sources.Place> scanned = Sources.scanner(dir, true);
    assertEquals(Sources.plugin(List.of(file), out), scanned, "the plugin and the scanner agree");
    return scanned;
  }

  private static long count(List<Sources.Place> places, String rule) {
    return places.stream().filter(p -> p.rule().equals(rule)).count();
  }

  @Test
  void unsuppressedSampleHasTheFinding() throws IOException {
    assertEquals(1, count(scan(METHOD, METHOD), "FreedBeforeCompletionPacket"));
  }

  @Test
  void suppressedOnTheMethod() throws IOException {
    List<Sources.Place> found =
        scan(METHOD, "  @SuppressWarnings(\"FreedBeforeCompletionPacket\")\n" + METHOD);
    assertEquals(0, count(found, "FreedBeforeCompletionPacket"), found.toString());
  }

  @Test
  void suppressedOnTheClassAmongOtherNames() throws IOException {
    List<Sources.Place> found =
        scan(
            CLASS,
            "@SuppressWarnings(value = {\"unused\", \"FreedBeforeCompletionPacket\"})\n" + CLASS);
    assertEquals(0, count(found, "FreedBeforeCompletionPacket"), found.toString());
  }

  @Test
  void anotherRulesNameSuppressesNothing() throws IOException {
    List<Sources.Place> found =
        scan(METHOD, "  @SuppressWarnings(\"LocalOverlappedEscapes\")\n" + METHOD);
    assertEquals(1, count(found, "FreedBeforeCompletionPacket"), found.toString());
  }

  /** As in Error Prone, "all" suppresses every check. */
  @Test
  void allSuppressesEveryRule() throws IOException {
    List<Sources.Place> found = scan(METHOD, "  @SuppressWarnings(\"all\")\n" + METHOD);
    assertEquals(0, count(found, "FreedBeforeCompletionPacket"), found.toString());
  }
}
