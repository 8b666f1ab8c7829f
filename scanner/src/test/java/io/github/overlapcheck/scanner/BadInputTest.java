package io.github.overlapcheck.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad inputs never stop the scan and never print a stack trace: each is reported once on stderr,
 * and the good file next to it is still scanned (its finding is reported). A run with a bad input
 * exits 2 even when everything else is clean: the scan is incomplete.
 */
final class BadInputTest {
  private static final Path GOOD =
      Sources.SAMPLES.resolve(
          "io/github/overlapcheck/samples/buggy/MissingOverlappedOffsetSample.java");

  @TempDir Path dir;
  private Path src;

  @BeforeEach
  void goodFileNextToTheBadOnes() throws IOException {
    src = dir.resolve("src");
    Path good = src.resolve("good/MissingOverlappedOffsetSample.java");
    Files.createDirectories(good.getParent());
    Files.copy(GOOD, good);
  }

  /** The scan went on: the good file's finding is there, and nothing printed a stack trace. */
  private static void restWasScanned(Cli cli) {
    assertEquals(2, cli.exit(), cli.err());
    assertTrue(cli.out().contains("[MissingOverlappedOffset]"), cli.out());
    assertFalse(cli.err().contains("\tat "), cli.err());
    assertFalse(cli.err().contains("Exception in"), cli.err());
    assertFalse(cli.err().contains("StackOverflowError"), cli.err());
  }

  private static int count(String haystack, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(haystack);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void fileThatDoesNotParseIsReportedWithJavaParsersProblemAndPosition() throws IOException {
    Path bad = src.resolve("Broken.java");
    Files.writeString(bad, "package p;\n\nclass Broken {\n  void f( {\n  }\n}\n");
    Cli cli = Cli.run("scan", src.toString());
    restWasScanned(cli);
    assertEquals(1, count(cli.err(), "Broken.java"), cli.err());
    assertTrue(cli.err().contains(bad + ":4:"), cli.err());
    assertTrue(cli.err().contains("cannot parse: Parse error"), cli.err());
  }

  @Test
  void fileThatIsNotUtf8IsReported() throws IOException {
    Path bad = src.resolve("Latin1.java");
    byte[] bytes =
        "class Latin1 { String s = \"caf\u00e9\"; }\n"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Files.write(bad, bytes);
    Cli cli = Cli.run("scan", src.toString());
    restWasScanned(cli);
    assertEquals(1, count(cli.err(), "Latin1.java"), cli.err());
    assertTrue(cli.err().contains("not valid UTF-8 (at byte offset 30)"), cli.err());
  }

  @Test
  void hugeFileIsSkippedAtTheSizeLimit() throws IOException {
    Path bad = src.resolve("Huge.java");
    StringBuilder text = new StringBuilder("class Huge {\n");
    for (int i = 0; i < 2_000; i++) {
      text.append("  static final int C").append(i).append(" = ").append(i).append(";\n");
    }
    Files.writeString(bad, text.append("}\n"));
    Cli cli = Cli.run("scan", "--max-file-size", "20k", src.toString());
    restWasScanned(cli);
    assertEquals(1, count(cli.err(), "Huge.java"), cli.err());
    assertTrue(cli.err().contains("larger than the size limit"), cli.err());
    assertTrue(cli.err().contains("limit 20480"), cli.err());
  }

  @Test
  void fileNestedThousandsDeepIsSkippedWithoutOverflowingTheStack() throws IOException {
    Path deep = src.resolve("Deep.java");
    int n = 20_000;
    Files.writeString(
        deep,
        "class Deep {\n  int f() {\n    return "
            + "(".repeat(n)
            + "1"
            + ")".repeat(n)
            + ";\n  }\n}\n");
    Path blocks = src.resolve("Blocks.java");
    Files.writeString(
        blocks, "class Blocks {\n  void f() {\n" + "{".repeat(n) + "}".repeat(n) + "\n  }\n}\n");
    Cli cli = Cli.run("scan", src.toString());
    restWasScanned(cli);
    assertEquals(1, count(cli.err(), "Deep.java"), cli.err());
    assertEquals(1, count(cli.err(), "Blocks.java"), cli.err());
    assertTrue(cli.err().contains("deep"), cli.err());
  }

  @Test
  void fileNestedTooDeepForTheParserIsSkipped() throws IOException {
    Path deeper = src.resolve("Deeper.java");
    // Far past what the worker's stack holds however the parser's frames are compiled: at 300,000
    // levels the parse fitted or not depending on how far the JIT had compiled the parser.
    int n = 2_000_000;
    Files.writeString(
        deeper,
        "class Deeper {\n  int f() {\n    return "
            + "(".repeat(n)
            + "1"
            + ")".repeat(n)
            + ";\n  }\n}\n");
    Cli cli = Cli.run("scan", src.toString());
    restWasScanned(cli);
    assertEquals(1, count(cli.err(), "Deeper.java"), cli.err());
    assertTrue(cli.err().contains(deeper + ": nested too deeply to parse; skipped"), cli.err());
  }

  @Test
  void pathThatDoesNotExistIsReportedAndTheOthersScanned() {
    Path missing = dir.resolve("no/such/dir");
    Cli cli = Cli.run("scan", missing.toString(), src.toString());
    restWasScanned(cli);
    assertEquals(1, count(cli.err(), missing.toString()), cli.err());
    assertTrue(cli.err().contains(missing + ": no such file or directory"), cli.err());
  }

  /**
   * Tests run as root, for whom chmod does not stop reading a directory: the failure is injected
   * through the walker's directory lister instead, as the file system reports it.
   */
  @Test
  void unreadableDirectoryIsReportedAndTheOthersScanned() throws IOException {
    Path locked = src.resolve("locked");
    Files.createDirectories(locked);
    Files.writeString(locked.resolve("Hidden.java"), "class Hidden {}\n");
    SourceWalker.Lister failing =
        d -> {
          if (d.endsWith("locked")) {
            throw new AccessDeniedException(d.toString());
          }
          return SourceWalker.FILE_SYSTEM.list(d);
        };
    Cli cli = Cli.run(failing, "scan", src.toString());
    restWasScanned(cli);
    assertEquals(1, count(cli.err(), "locked"), cli.err());
    assertTrue(
        cli.err().contains(locked + ": cannot read directory: permission denied"), cli.err());
  }

  @Test
  void symbolicLinkLoopIsReportedOnce() throws IOException {
    Path inner = src.resolve("a/b");
    Files.createDirectories(inner);
    Files.createSymbolicLink(inner.resolve("loop"), src.resolve("a"));
    Cli cli = Cli.run("scan", src.toString());
    restWasScanned(cli);
    assertEquals(1, count(cli.err(), "symbolic link loop"), cli.err());
    assertTrue(cli.err().contains(inner.resolve("loop") + ": symbolic link loop"), cli.err());
  }

  @Test
  void badInputInAnOtherwiseCleanRunExitsTwo() throws IOException {
    Path clean = dir.resolve("clean");
    Files.createDirectories(clean);
    Files.writeString(clean.resolve("Fine.java"), "class Fine { void f() {} }\n");
    Files.writeString(clean.resolve("Broken.java"), "class Broken {\n");
    Cli cli = Cli.run("scan", clean.toString());
    assertEquals(2, cli.exit(), cli.err());
    assertEquals("", cli.out());
    assertTrue(cli.err().contains("0 findings in 1 file, 1 input not scanned"), cli.err());
  }
}
