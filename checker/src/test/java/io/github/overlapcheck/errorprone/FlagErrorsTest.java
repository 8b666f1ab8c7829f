package io.github.overlapcheck.errorprone;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code -XepOpt:Overlapcheck:*} flag with a bad value, through a real javac run with the
 * plugin loaded from the processor path, as a user's build runs it: the compilation fails with one
 * error that names the flag and the values it accepts, and javac does not report a crash of its own
 * (no "An exception has occurred in the compiler", no stack trace).
 */
final class FlagErrorsTest {
  @TempDir Path dir;

  private static final String SOURCE =
      """
      package demo;

      class Plain {
        int twice(int x) {
          return 2 * x;
        }
      }
      """;

  private JavaFileObject source() {
    try {
      Path file = Files.createDirectories(dir.resolve("demo")).resolve("Plain.java");
      Files.writeString(file, SOURCE);
      return JavaFileObjects.forResource(file.toUri().toURL());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Compilation compile(String... flags) {
    List<String> options = new ArrayList<>();
    options.add("-XDcompilePolicy=simple");
    options.add("--should-stop=ifError=FLOW");
    options.add("-processorpath");
    options.add(System.getProperty("java.class.path"));
    options.add(("-Xplugin:ErrorProne " + String.join(" ", flags)).trim());
    return Compiler.javac().withOptions(options).compile(source());
  }

  /** The compilation failed with exactly this error, and nothing that looks like a crash. */
  private static void failsWith(Compilation c, String message) {
    assertThat(c).failed();
    List<String> errors =
        c.errors().stream().map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.toList());
    assertEquals(List.of(message), errors, "one error, however many checks read the flag");
    for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
      String text = d.getMessage(Locale.ROOT);
      assertFalse(text.contains("An exception has occurred"), text);
      assertFalse(text.contains("\tat "), text);
    }
  }

  @Test
  void releaseMethodsEntryThatIsNotAMethod() {
    failsWith(
        compile("-XepOpt:Overlapcheck:ReleaseMethods=com.example.Pool#free,not-a-method"),
        "-XepOpt:Overlapcheck:ReleaseMethods: 'not-a-method' is not a method; expected a"
            + " comma-separated list of qualified.Owner#methodName, e.g."
            + " com.example.BufferPool#release");
  }

  @Test
  void releaseMethodsWithoutTheMethodName() {
    failsWith(
        compile("-XepOpt:Overlapcheck:ReleaseMethods=com.example.Pool"),
        "-XepOpt:Overlapcheck:ReleaseMethods: 'com.example.Pool' is not a method; expected a"
            + " comma-separated list of qualified.Owner#methodName, e.g."
            + " com.example.BufferPool#release");
  }

  @Test
  void releaseMethodsEmpty() {
    failsWith(
        compile("-XepOpt:Overlapcheck:ReleaseMethods="),
        "-XepOpt:Overlapcheck:ReleaseMethods: expected a comma-separated list of"
            + " qualified.Owner#methodName, e.g. com.example.BufferPool#release, found nothing");
  }

  @Test
  void releaseMethodsWithAnEmptyEntry() {
    failsWith(
        compile("-XepOpt:Overlapcheck:ReleaseMethods=com.example.Pool#free,,a.B#c"),
        "-XepOpt:Overlapcheck:ReleaseMethods: '' is not a method; expected a comma-separated"
            + " list of qualified.Owner#methodName, e.g. com.example.BufferPool#release");
  }

  @Test
  void releaseMethodsWithASpaceAfterAComma() {
    // javac splits -Xplugin's argument at spaces: the flag's value ends at the comma.
    failsWith(
        compile("-XepOpt:Overlapcheck:ReleaseMethods=com.example.Pool#free, a.B#c"),
        "-XepOpt:Overlapcheck:ReleaseMethods: '' is not a method; expected a comma-separated"
            + " list of qualified.Owner#methodName, e.g. com.example.BufferPool#release");
  }

  @Test
  void wellFormedFlagsAreAccepted() throws IOException {
    Path baseline = dir.resolve("baseline.txt");
    Files.writeString(baseline, "# overlapcheck baseline\n" + "0".repeat(32) + "  something\n");
    assertThat(
            compile(
                "-XepOpt:Overlapcheck:ReleaseMethods=com.example.Pool#free,a.B#c",
                "-XepOpt:Overlapcheck:Baseline=" + baseline))
        .succeededWithoutWarnings();
  }

  @Test
  void baselineThatDoesNotExist() {
    Path missing = dir.resolve("nope.txt");
    failsWith(
        compile("-XepOpt:Overlapcheck:Baseline=" + missing),
        "-XepOpt:Overlapcheck:Baseline: baseline file "
            + missing
            + " does not exist (expected the path of a baseline file, as written by the"
            + " scanner's --write-baseline)");
  }

  @Test
  void baselineEmpty() {
    failsWith(
        compile("-XepOpt:Overlapcheck:Baseline="),
        "-XepOpt:Overlapcheck:Baseline: expected the path of a baseline file, as written by the"
            + " scanner's --write-baseline, found nothing");
  }

  @Test
  void baselineThatIsADirectory() throws IOException {
    Path directory = Files.createDirectories(dir.resolve("baselines"));
    Compilation c = compile("-XepOpt:Overlapcheck:Baseline=" + directory);
    assertThat(c).failed();
    assertEquals(1, c.errors().size(), c.errors().toString());
    String message = c.errors().get(0).getMessage(Locale.ROOT);
    assertTrue(
        message.startsWith("-XepOpt:Overlapcheck:Baseline: cannot read baseline file " + directory),
        message);
    assertTrue(
        message.endsWith(
            "(expected the path of a baseline file, as written by the"
                + " scanner's --write-baseline)"),
        message);
  }

  @Test
  void baselineThatIsNotABaseline() throws IOException {
    Path file = dir.resolve("report.sarif");
    Files.writeString(file, "# overlapcheck baseline\n{\"version\": \"2.1.0\"}\n");
    failsWith(
        compile("-XepOpt:Overlapcheck:Baseline=" + file),
        "-XepOpt:Overlapcheck:Baseline: baseline file "
            + file
            + ", line 2: expected a fingerprint (32 hexadecimal digits), found '{\"version\":'"
            + " (expected the path of a baseline file, as written by the scanner's"
            + " --write-baseline)");
  }

  @Test
  void misspeltFlagIsNotIgnored() {
    failsWith(
        compile("-XepOpt:Overlapcheck:ReleaseMethod=com.example.Pool#free"),
        "-XepOpt:Overlapcheck:ReleaseMethod: unknown flag; the overlapcheck flags are"
            + " -XepOpt:Overlapcheck:ReleaseMethods=<a comma-separated list of"
            + " qualified.Owner#methodName, e.g. com.example.BufferPool#release> and"
            + " -XepOpt:Overlapcheck:Baseline=<the path of a baseline file, as written by the"
            + " scanner's --write-baseline>");
  }

  @Test
  void otherChecksFlagsAreNotOurs() {
    assertThat(compile("-XepOpt:SomeOtherPlugin:Option=1")).succeededWithoutWarnings();
  }

  @Test
  void badFlagIsNotReportedWhenEveryOverlapcheckRuleIsOff() {
    // No check of ours runs, so none reads the flag: the build is not ours to fail.
    List<String> flags = new ArrayList<>();
    flags.add("-XepOpt:Overlapcheck:ReleaseMethods=not-a-method");
    for (Class<?> check : Harness.CHECKS) {
      flags.add("-Xep:" + check.getSimpleName() + ":OFF");
    }
    assertThat(compile(flags.toArray(new String[0]))).succeededWithoutWarnings();
  }
}
