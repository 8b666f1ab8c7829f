package io.github.overlapcheck.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: output, options, bad option values, exit codes. */
final class CliTest {
  private static final String BUGGY =
      Sources.SAMPLES.resolve("io/github/overlapcheck/samples/buggy").toString();
  private static final String FIXED =
      Sources.SAMPLES.resolve("io/github/overlapcheck/samples/fixed").toString();

  @TempDir Path dir;

  @Test
  void cleanSourcesExitZero() {
    Cli cli = Cli.run("scan", FIXED);
    assertEquals(0, cli.exit(), cli.err());
    assertEquals("", cli.out());
    assertTrue(cli.err().contains("0 findings in 15 files"), cli.err());
  }

  @Test
  void findingsArePrintedLikeJavacAndExitOne() {
    Cli cli = Cli.run("scan", BUGGY);
    assertEquals(1, cli.exit(), cli.err());
    List<String> lines = cli.out().lines().toList();
    assertEquals(Sources.SAMPLE_FINDINGS, lines.size(), cli.out());
    assertTrue(
        lines.contains(
            BUGGY
                + "/FreedBeforeCompletionPacketSample.java:53:20: [FreedBeforeCompletionPacket]"
                + " 'request' is freed after WriteFile completed at once, but handle 'file' is"
                + " bound to a completion port, which still gets a packet for that operation: the"
                + " code that handles the packet frees or uses it again. Free it only where the"
                + " packet is handled, or set FILE_SKIP_COMPLETION_PORT_ON_SUCCESS on the handle"),
        cli.out());
    for (String line : lines) {
      assertTrue(line.matches(".+\\.java:\\d+:\\d+: \\[\\w+\\] .+"), line);
    }
  }

  @Test
  void rulesOptionKeepsOnlyThoseRules() {
    Cli cli = Cli.run("scan", "--rules", "MissingOverlappedOffset,WaitOnSharedFileHandle", BUGGY);
    assertEquals(1, cli.exit());
    List<String> lines = cli.out().lines().toList();
    assertEquals(2, lines.size(), cli.out());
    assertTrue(lines.get(0).contains("[MissingOverlappedOffset]"));
    assertTrue(lines.get(1).contains("[WaitOnSharedFileHandle]"));
  }

  @Test
  void outputOptionWritesTheReportToAFile() throws IOException {
    Path report = dir.resolve("reports/findings.txt");
    Cli cli = Cli.run("scan", "--output", report.toString(), BUGGY);
    assertEquals(1, cli.exit());
    assertEquals("", cli.out());
    assertEquals(Sources.SAMPLE_FINDINGS, Files.readAllLines(report).size());
  }

  @Test
  void unknownFormatNamesTheOptionAndTheFormats() {
    Cli cli = Cli.run("scan", "--format", "xml", BUGGY);
    assertEquals(2, cli.exit());
    assertTrue(cli.err().contains("--format"), cli.err());
    assertTrue(cli.err().contains("text, sarif"), cli.err());
    assertFalse(cli.err().contains("\tat "), "no stack trace");
  }

  @Test
  void unknownRuleNamesTheOptionAndTheRules() {
    Cli cli = Cli.run("scan", "--rules", "WaitOnSharedFileHandle,NoSuchRule", BUGGY);
    assertEquals(2, cli.exit());
    assertTrue(cli.err().contains("'--rules'"), cli.err());
    assertTrue(cli.err().contains("unknown rule 'NoSuchRule'"), cli.err());
    assertTrue(
        cli.err().contains("FreedBeforeCompletionPacket, LocalOverlappedEscapes"), cli.err());
  }

  @Test
  void badSizeNamesTheOption() {
    Cli cli = Cli.run("scan", "--max-file-size", "lots", BUGGY);
    assertEquals(2, cli.exit());
    assertTrue(cli.err().contains("--max-file-size"), cli.err());
  }

  @Test
  void noPathIsAUsageError() {
    Cli cli = Cli.run("scan");
    assertEquals(2, cli.exit());
    assertTrue(cli.err().contains("PATH"), cli.err());
  }

  @Test
  void unwritableOutputIsAnIoError() throws IOException {
    Path blocker = dir.resolve("file");
    Files.writeString(blocker, "");
    Cli cli = Cli.run("scan", "--output", blocker.resolve("report.txt").toString(), BUGGY);
    assertEquals(2, cli.exit());
    assertTrue(cli.err().contains("--output: cannot write"), cli.err());
  }

  @Test
  void classpathWildcardAndMissingEntriesAreAccepted() throws IOException {
    Path jars = dir.resolve("jars");
    Files.createDirectories(jars);
    for (Path e : Sources.compileClasspath()) {
      if (e.toString().endsWith(".jar")) {
        Files.copy(e, jars.resolve(e.getFileName()));
      }
    }
    Cli cli =
        Cli.run(
            "scan",
            "--classpath",
            jars + "/*" + java.io.File.pathSeparator + dir.resolve("missing.jar"),
            BUGGY);
    assertEquals(1, cli.exit(), cli.err());
    assertEquals(Sources.SAMPLE_FINDINGS, cli.out().lines().count(), cli.out());
    assertTrue(cli.err().contains("missing.jar does not exist; ignored"), cli.err());
  }

  @Test
  void helpDocumentsTheExitCodes() {
    Cli cli = Cli.run("scan", "--help");
    assertEquals(0, cli.exit());
    assertTrue(cli.out().contains("Exit codes:"), cli.out());
    assertTrue(cli.out().contains("0   no findings"), cli.out());
    assertTrue(cli.out().contains("1   findings"), cli.out());
    assertTrue(cli.out().contains("2   a usage error"), cli.out());
  }
}
