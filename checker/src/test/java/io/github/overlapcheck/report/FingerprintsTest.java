package io.github.overlapcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fingerprints and baseline files, without either front end. */
final class FingerprintsTest {
  private static final Fingerprints.Site SITE =
      new Fingerprints.Site("com/example/Pipe.java", "Pipe", "read/1");

  @TempDir Path dir;

  @Test
  void linesDoNotEnterTheFingerprintButTheRankDoes() {
    Fingerprints.Located a = new Fingerprints.Located("R", "'buf' is freed", 10, 5);
    Fingerprints.Located b = new Fingerprints.Located("R", "'buf' is freed", 20, 5);
    List<String> before = Fingerprints.of(SITE, List.of(a, b));
    List<String> moved =
        Fingerprints.of(
            SITE,
            List.of(
                new Fingerprints.Located("R", "'buf' is freed", 110, 9),
                new Fingerprints.Located("R", "'buf' is freed", 120, 9)));
    assertEquals(before, moved);
    assertNotEquals(before.get(0), before.get(1));
    // The order given does not matter, the order in the source does.
    assertEquals(List.of(before.get(1), before.get(0)), Fingerprints.of(SITE, List.of(b, a)));
  }

  @Test
  void messagesAreNormalized() {
    assertEquals("a 0 b 0", Fingerprints.normalize("  a  12\n b 3 "));
    assertEquals(
        Fingerprints.of(SITE, List.of(new Fingerprints.Located("R", "2 ops  on 'h'", 1, 1))),
        Fingerprints.of(SITE, List.of(new Fingerprints.Located("R", "3 ops on 'h'", 1, 1))));
  }

  @Test
  void siteParts() {
    assertEquals("com/example/Pipe.java", Fingerprints.file("com.example", "Pipe.java"));
    assertEquals("Pipe.java", Fingerprints.file("", "Pipe.java"));
    assertEquals("Outer.<anonymous>", Fingerprints.enclosingClass(List.of("Outer", "")));
    assertEquals("<init>/2", Fingerprints.method("<init>", 2));
  }

  @Test
  void baselineRoundTrip() throws Baseline.BaselineException, IOException {
    Path file = dir.resolve("sub/baseline.txt");
    String print = "0123456789abcdef0123456789abcdef";
    Baseline.write(file, List.of(new Baseline.Entry(print, "R com/example/Pipe.java:10")));
    assertTrue(Files.readString(file).startsWith(Baseline.HEADER + "\n"));
    Baseline read = Baseline.read(file);
    assertEquals(1, read.size());
    assertTrue(read.contains(print));
  }

  @Test
  void badBaselinesAreClearErrors() throws IOException {
    Path missing = dir.resolve("missing.txt");
    assertEquals(
        "baseline file " + missing + " does not exist",
        assertThrows(Baseline.BaselineException.class, () -> Baseline.read(missing)).getMessage());
    Path garbage = dir.resolve("garbage.txt");
    Files.writeString(garbage, "# overlapcheck baseline\n\nnot-a-print here\n");
    assertEquals(
        "baseline file "
            + garbage
            + ", line 3: expected a fingerprint (32 hexadecimal digits), found 'not-a-print'",
        assertThrows(Baseline.BaselineException.class, () -> Baseline.read(garbage)).getMessage());
    Path directory = dir.resolve("adir");
    Files.createDirectories(directory);
    assertTrue(
        assertThrows(Baseline.BaselineException.class, () -> Baseline.read(directory))
            .getMessage()
            .startsWith("cannot read baseline file " + directory));
  }
}
