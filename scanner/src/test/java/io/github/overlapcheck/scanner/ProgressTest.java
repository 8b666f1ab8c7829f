package io.github.overlapcheck.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress shows only for long scans with stderr on a terminal (or when asked for). */
final class ProgressTest {
  @TempDir Path dir;

  @Test
  void progressLineOnlyWhenEnabledAndLong() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Progress shown = new Progress(new PrintStream(err, true, StandardCharsets.UTF_8), true, 1000);
    shown.update("parsing", 0);
    shown.finish();
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("overlapcheck: parsing 0/1000 files"));

    ByteArrayOutputStream quiet = new ByteArrayOutputStream();
    new Progress(new PrintStream(quiet, true, StandardCharsets.UTF_8), false, 1000)
        .update("parsing", 0);
    new Progress(new PrintStream(quiet, true, StandardCharsets.UTF_8), true, 10)
        .update("parsing", 0);
    assertEquals("", quiet.toString(StandardCharsets.UTF_8));
  }

  @Test
  void capturedStderrGetsNoProgressUnlessAskedFor() throws IOException {
    for (int i = 0; i <= Progress.MIN_FILES; i++) {
      Files.writeString(dir.resolve("C" + i + ".java"), "class C" + i + " {}\n");
    }
    Cli auto = Cli.run("scan", dir.toString());
    assertEquals(0, auto.exit());
    assertFalse(auto.err().contains("files   "), auto.err());

    Cli always = Cli.run("scan", "--progress", "always", dir.toString());
    assertEquals(0, always.exit());
    assertTrue(always.err().contains("\roverlapcheck: parsing "), always.err());
  }
}
