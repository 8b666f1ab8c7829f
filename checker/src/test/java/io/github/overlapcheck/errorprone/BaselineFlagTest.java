package io.github.overlapcheck.errorprone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.errorprone.ErrorProneFlags;
import io.github.overlapcheck.report.Baseline;
import io.github.overlapcheck.report.Fingerprints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -XepOpt:Overlapcheck:Baseline=FILE}: findings whose fingerprints the file lists are not
 * reported, others are; a missing or malformed file stops the build with a message naming the flag
 * (FlagErrorsTest compiles with one). (That the scanner's baselines suppress the same findings in
 * the plugin is tested in the scanner module.)
 */
final class BaselineFlagTest {
  @TempDir Path dir;

  private static final String SPOOLER =
      """
      package demo;

      import io.github.overlapcheck.runtime.HANDLE;
      import io.github.overlapcheck.runtime.Kernel32;
      import io.github.overlapcheck.runtime.Memory;
      import io.github.overlapcheck.runtime.OVERLAPPED;
      import io.github.overlapcheck.runtime.WinBase;

      public final class Spooler {
        private final Kernel32 k32;
        private final HANDLE pipe;

        public Spooler(Kernel32 k32) {
          this.k32 = k32;
          this.pipe =
              k32.CreateFile(
                  "\\\\\\\\.\\\\pipe\\\\spool",
                  WinBase.GENERIC_WRITE,
                  0,
                  null,
                  WinBase.OPEN_EXISTING,
                  WinBase.FILE_FLAG_OVERLAPPED,
                  null);
        }

        public void write(Memory record, int length) {
          k32.WriteFile(pipe, record, length, null, (OVERLAPPED) null);
        }
      }
      """;

  private Path source() throws IOException {
    Path file = dir.resolve("src/demo/Spooler.java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, SPOOLER);
    return file;
  }

  @Test
  void baselinedFindingIsNotReportedAndOthersAre() throws IOException, Baseline.BaselineException {
    Path file = source();
    List<Harness.Reported> before = Harness.compile(List.of(file), dir.resolve("out1"));
    assertEquals(1, before.size(), before.toString());
    Harness.Reported finding = before.get(0);
    String print =
        Fingerprints.of(
                new Fingerprints.Site("demo/Spooler.java", "Spooler", "write/2"),
                List.of(
                    new Fingerprints.Located(finding.rule(), finding.message(), finding.line(), 5)))
            .get(0);

    Path baseline = dir.resolve("baseline.txt");
    Baseline.write(baseline, List.of(new Baseline.Entry(print, "the spooler's write")));
    List<Harness.Reported> after =
        Harness.compile(
            List.of(file),
            dir.resolve("out2"),
            List.of("-XepOpt:Overlapcheck:Baseline=" + baseline));
    assertEquals(List.of(), after);

    Path other = dir.resolve("other.txt");
    Baseline.write(other, List.of(new Baseline.Entry("0".repeat(32), "something else")));
    List<Harness.Reported> unrelated =
        Harness.compile(
            List.of(file), dir.resolve("out3"), List.of("-XepOpt:Overlapcheck:Baseline=" + other));
    assertEquals(1, unrelated.size());
  }

  @Test
  void missingBaselineFileNamesTheFlagAndTheFile() {
    Path missing = dir.resolve("nope.txt");
    Optional<String> error =
        new LocalOverlappedEscapes(
                ErrorProneFlags.fromMap(Map.of("Overlapcheck:Baseline", missing.toString())))
            .flagError();
    assertEquals(
        Optional.of(
            "-XepOpt:Overlapcheck:Baseline: baseline file "
                + missing
                + " does not exist (expected the path of a baseline file, as written by the"
                + " scanner's --write-baseline)"),
        error);
  }

  @Test
  void fileThatIsNotABaselineNamesTheLine() throws IOException {
    Path file = dir.resolve("report.sarif");
    Files.writeString(file, "# overlapcheck baseline\n{\"version\": \"2.1.0\"}\n");
    String error =
        new LocalOverlappedEscapes(
                ErrorProneFlags.fromMap(Map.of("Overlapcheck:Baseline", file.toString())))
            .flagError()
            .orElseThrow();
    assertTrue(error.startsWith("-XepOpt:Overlapcheck:Baseline: baseline file "), error);
    assertTrue(error.contains("line 2: expected a fingerprint"), error);
  }
}
