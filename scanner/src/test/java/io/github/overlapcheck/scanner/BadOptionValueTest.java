package io.github.overlapcheck.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each option of {@code overlapcheck scan} with a bad value: exit code 2, and one message on stderr
 * that names the option and says what it accepts, with no stack trace. (CliTest has the options'
 * normal use, BaselineTest the baseline files.)
 */
final class BadOptionValueTest {
  private static final String FIXED =
      Sources.SAMPLES.resolve("io/github/overlapcheck/samples/fixed").toString();

  @TempDir Path dir;

  /** Runs the scan and checks the error names the option and each of the accepted values. */
  private static Cli rejected(String option, String[] accepted, String... args) {
    Cli cli = Cli.run(args);
    assertEquals(2, cli.exit(), cli.err());
    String first = cli.err().lines().findFirst().orElse("");
    assertTrue(first.contains(option), "names " + option + ": " + cli.err());
    for (String a : accepted) {
      assertTrue(cli.err().contains(a), "says " + a + ": " + cli.err());
    }
    assertFalse(cli.err().contains("\tat "), "no stack trace: " + cli.err());
    assertFalse(cli.err().contains("Exception in"), "no uncaught exception: " + cli.err());
    assertEquals("", cli.out());
    return cli;
  }

  private static String[] accepts(String... values) {
    return values;
  }

  @Test
  void formatNotKnown() {
    rejected("'--format'", accepts("text, sarif", "'xml'"), "scan", "--format", "xml", FIXED);
  }

  @Test
  void formatIsCaseSensitive() {
    rejected("'--format'", accepts("text, sarif"), "scan", "--format", "SARIF", FIXED);
  }

  @Test
  void rulesNotKnown() {
    rejected(
        "'--rules'",
        accepts("'NoSuchRule'", "FreedBeforeCompletionPacket", "ReleasedWhilePending"),
        "scan",
        "--rules",
        "NoSuchRule",
        FIXED);
  }

  @Test
  void rulesWithNoName() {
    // Before: an empty --rules meant every rule, as if the option had not been given.
    rejected(
        "'--rules'",
        accepts("no rule named", "FreedBeforeCompletionPacket", "ReleasedWhilePending"),
        "scan",
        "--rules",
        ",",
        FIXED);
  }

  @Test
  void maxFileSizeNotANumber() {
    rejected(
        "'--max-file-size'",
        accepts("'lots'", "k or m", "10m"),
        "scan",
        "--max-file-size",
        "lots",
        FIXED);
  }

  @Test
  void maxFileSizeWithAnUnknownUnit() {
    rejected(
        "'--max-file-size'", accepts("'10g'", "k or m"), "scan", "--max-file-size", "10g", FIXED);
  }

  @Test
  void maxFileSizeZeroOrNegative() {
    for (String v : new String[] {"0", "-5", "0k"}) {
      rejected("'--max-file-size'", accepts("positive"), "scan", "--max-file-size", v, FIXED);
    }
  }

  @Test
  void maxFileSizeThatOverflows() {
    // Before: the size wrapped around to a negative limit, and every file was skipped as too large.
    rejected(
        "'--max-file-size'",
        accepts("too large", "10m"),
        "scan",
        "--max-file-size",
        "99999999999999m",
        FIXED);
  }

  @Test
  void maxDepthNotANumber() {
    rejected(
        "'--max-depth'",
        accepts("'deep'", "whole number, 10 or more"),
        "scan",
        "--max-depth",
        "deep",
        FIXED);
  }

  @Test
  void maxDepthTooSmall() {
    rejected(
        "'--max-depth'",
        accepts("'5'", "whole number, 10 or more"),
        "scan",
        "--max-depth",
        "5",
        FIXED);
  }

  @Test
  void maxDepthBeyondAnInt() {
    rejected(
        "'--max-depth'",
        accepts("whole number, 10 or more"),
        "scan",
        "--max-depth",
        "99999999999",
        FIXED);
  }

  @Test
  void progressNotKnown() {
    rejected(
        "'--progress'",
        accepts("auto, always, never", "'sometimes'"),
        "scan",
        "--progress",
        "sometimes",
        FIXED);
  }

  @Test
  void baselineThatDoesNotExist() {
    Path missing = dir.resolve("none.txt");
    rejected(
        "--baseline",
        accepts(missing.toString(), "as written by --write-baseline"),
        "scan",
        "--baseline",
        missing.toString(),
        FIXED);
  }

  @Test
  void baselineThatIsADirectory() {
    rejected(
        "--baseline",
        accepts("cannot read baseline file", "as written by --write-baseline"),
        "scan",
        "--baseline",
        dir.toString(),
        FIXED);
  }

  @Test
  void writeBaselineWhereNoFileCanBe() throws IOException {
    Path blocker = Files.writeString(dir.resolve("file"), "");
    rejected(
        "--write-baseline",
        accepts("cannot write baseline file", blocker.resolve("baseline.txt").toString()),
        "scan",
        "--write-baseline",
        blocker.resolve("baseline.txt").toString(),
        FIXED);
  }

  @Test
  void outputWhereNoFileCanBe() throws IOException {
    Path blocker = Files.writeString(dir.resolve("file"), "");
    rejected(
        "--output",
        accepts("cannot write", blocker.resolve("report.txt").toString()),
        "scan",
        "--output",
        blocker.resolve("report.txt").toString(),
        FIXED);
  }

  @Test
  void optionsWithoutTheirValue() {
    for (String option :
        new String[] {
          "--classpath",
          "--format",
          "--output",
          "--rules",
          "--baseline",
          "--write-baseline",
          "--max-file-size",
          "--max-depth",
          "--progress"
        }) {
      rejected("'" + option + "'", accepts("Missing required parameter"), "scan", option);
    }
  }

  @Test
  void classpathEntriesThatDoNotExistAreWarningsNamingThem() {
    // Not an error, by design: a classpath computed by a build may name a jar not built yet.
    Path missing = dir.resolve("missing.jar");
    Cli cli = Cli.run("scan", "--classpath", missing.toString(), FIXED);
    assertEquals(0, cli.exit(), cli.err());
    assertTrue(cli.err().contains(missing + " does not exist; ignored"), cli.err());
  }

  @Test
  void unknownOptionSuggestsTheNearestOne() {
    rejected("'--formt'", accepts("--format"), "scan", "--formt", "sarif", FIXED);
  }
}
