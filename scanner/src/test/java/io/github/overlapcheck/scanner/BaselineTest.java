package io.github.overlapcheck.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baselines: written by the scanner, read by the scanner and by the plugin, with fingerprints that
 * survive edits elsewhere in the file.
 */
final class BaselineTest {
  private static final Path BUGGY = Sources.SAMPLES.resolve("io/github/overlapcheck/samples/buggy");

  @TempDir Path dir;

  @Test
  void writtenBaselineSilencesTheScanAndOnlyNewFindingsAreReported() throws IOException {
    Path baseline = dir.resolve("baseline.txt");
    Cli write = Cli.run("scan", "--write-baseline", baseline.toString(), BUGGY.toString());
    assertEquals(0, write.exit(), write.err());
    assertEquals(
        Sources.SAMPLE_FINDINGS, write.out().lines().count(), "the findings are still reported");
    List<String> lines = Files.readAllLines(baseline);
    assertTrue(lines.get(0).startsWith("# overlapcheck baseline"));
    List<String> prints =
        lines.stream().filter(l -> !l.startsWith("#")).collect(Collectors.toList());
    assertEquals(Sources.SAMPLE_FINDINGS, prints.size());

    Cli again = Cli.run("scan", "--baseline", baseline.toString(), BUGGY.toString());
    assertEquals(0, again.exit(), again.err());
    assertEquals("", again.out());
    assertTrue(again.err().contains(Sources.SAMPLE_FINDINGS + " in the baseline"), again.err());

    // Drop one finding from the baseline: it is new again.
    List<String> fewer = new ArrayList<>(lines);
    String dropped =
        fewer.stream().filter(l -> l.contains("MissingOverlappedOffset")).findFirst().orElseThrow();
    fewer.remove(dropped);
    Files.write(baseline, fewer);
    Cli partial = Cli.run("scan", "--baseline", baseline.toString(), BUGGY.toString());
    assertEquals(1, partial.exit());
    assertEquals(1, partial.out().lines().count());
    assertTrue(partial.out().contains("[MissingOverlappedOffset]"), partial.out());
  }

  @Test
  void theScannersBaselineSilencesThePlugin() {
    Path baseline = dir.resolve("baseline.txt");
    assertEquals(
        0, Cli.run("scan", "--write-baseline", baseline.toString(), BUGGY.toString()).exit());
    List<Path> files = Sources.javaFiles(BUGGY);
    assertEquals(Sources.SAMPLE_FINDINGS, Sources.plugin(files, dir.resolve("out1")).size());
    assertEquals(
        List.of(),
        Sources.plugin(
            files, dir.resolve("out2"), List.of("-XepOpt:Overlapcheck:Baseline=" + baseline)));
  }

  @Test
  void theScannersBaselineSilencesThePluginOnTheWholeCorpus() {
    // Every finding's fingerprint is the same in both front ends (helpers, anonymous classes,
    // several findings in one method), or the plugin would report what the baseline lists.
    Path baseline = dir.resolve("corpus-baseline.txt");
    String cp =
        String.join(
            java.io.File.pathSeparator,
            Sources.compileClasspath().stream().map(Path::toString).toList());
    Cli write =
        Cli.run(
            "scan",
            "--classpath",
            cp,
            "--write-baseline",
            baseline.toString(),
            Sources.CORPUS.toString());
    assertEquals(0, write.exit(), write.err());
    assertEquals(
        List.of(),
        Sources.plugin(
            Sources.javaFiles(Sources.CORPUS),
            dir.resolve("out"),
            List.of("-XepOpt:Overlapcheck:Baseline=" + baseline)));
  }

  @Test
  void fingerprintsSurviveEditsElsewhereInTheFile() throws IOException {
    Path original = BUGGY.resolve("WaitOnSharedFileHandleSample.java");
    Path copy =
        dir.resolve("a/io/github/overlapcheck/samples/buggy/WaitOnSharedFileHandleSample.java");
    Files.createDirectories(copy.getParent());
    Files.copy(original, copy);
    Path baseline = dir.resolve("baseline.txt");
    assertEquals(
        0,
        Cli.run("scan", "--write-baseline", baseline.toString(), dir.resolve("a").toString())
            .exit());

    // Lines above the finding, an unrelated method, reformatting of another part of the file.
    String text = Files.readString(copy);
    int classStart = text.indexOf("{", text.indexOf("public final class")) + 1;
    String edited =
        text.substring(0, classStart)
            + "\n  // A comment that moves everything down.\n\n  private static int unrelated(int x) {\n"
            + "    return x + 1;\n  }\n"
            + text.substring(classStart);
    Files.writeString(copy, "// header\n// more header\n" + edited);
    Cli moved = Cli.run("scan", dir.resolve("a").toString());
    assertEquals(1, moved.exit());
    assertTrue(moved.out().contains(".java:47:"), "the finding moved down: " + moved.out());
    Cli check = Cli.run("scan", "--baseline", baseline.toString(), dir.resolve("a").toString());
    assertEquals(0, check.exit(), check.out() + check.err());
  }

  @Test
  void missingBaselineIsAClearError() {
    Path missing = dir.resolve("none.txt");
    Cli cli = Cli.run("scan", "--baseline", missing.toString(), BUGGY.toString());
    assertEquals(2, cli.exit());
    assertEquals(
        "overlapcheck: error: --baseline: baseline file "
            + missing
            + " does not exist (expected a baseline file, as written by --write-baseline)",
        cli.err().strip());
  }

  @Test
  void fileThatIsNotABaselineIsAClearError() throws IOException {
    Path sarif = dir.resolve("findings.sarif");
    Files.writeString(sarif, "{\n  \"version\": \"2.1.0\"\n}\n");
    Cli cli = Cli.run("scan", "--baseline", sarif.toString(), BUGGY.toString());
    assertEquals(2, cli.exit());
    assertTrue(cli.err().contains("line 1: expected a fingerprint"), cli.err());
  }
}
