package io.github.overlapcheck.errorprone;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.errorprone.ErrorProneFlags;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks as users run them: javac with {@code -Xplugin:ErrorProne}, Error Prone and
 * overlapcheck found on the processor path (through the service loader), and the usual flags.
 */
final class PluginEndToEndTest {
  private static final String READER_TEXT =
      """
      package demo;

      import io.github.overlapcheck.runtime.HANDLE;
      import io.github.overlapcheck.runtime.Kernel32;
      import io.github.overlapcheck.runtime.OVERLAPPED;
      import io.github.overlapcheck.runtime.WinBase;
      import io.github.overlapcheck.runtime.WinError;

      class Reader {
        byte[] readHeader(Kernel32 k32, String path) {
          HANDLE file =
              k32.CreateFile(path, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
                  WinBase.FILE_FLAG_OVERLAPPED, null);
          byte[] header = new byte[64];
          OVERLAPPED ov = new OVERLAPPED(k32);
          if (!k32.ReadFile(file, header, 64, null, ov)
              && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
            return null;
          }
          k32.GetOverlappedResult(file, ov.getPointer(), null, true);
          return header;
        }
      }
      """;

  @TempDir static Path sources;

  /** A real file: Error Prone's own checks need a file URI (in-memory ones have no scheme). */
  private static JavaFileObject file(String text) {
    try {
      Path dir = Files.createDirectories(sources.resolve("demo"));
      Path path = Files.writeString(Files.createTempFile(dir, "Reader", ".java"), text);
      Path named =
          Files.move(path, dir.resolve("Reader.java"), StandardCopyOption.REPLACE_EXISTING);
      return JavaFileObjects.forResource(named.toUri().toURL());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Compilation compile(JavaFileObject source, String... flags) {
    List<String> options = new ArrayList<>();
    options.add("-XDcompilePolicy=simple");
    options.add("--should-stop=ifError=FLOW");
    options.add("-processorpath");
    options.add(System.getProperty("java.class.path"));
    options.add(("-Xplugin:ErrorProne " + String.join(" ", flags)).trim());
    return Compiler.javac().withOptions(options).compile(source);
  }

  @Test
  void findingIsAWarningByDefault() {
    Compilation c = compile(file(READER_TEXT));
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining("[LocalOverlappedEscapes]");
    assertThat(c).hadWarningContaining("JNA copies it to temporary native memory");
  }

  @Test
  void errorLevelFailsTheBuild() {
    Compilation c = compile(file(READER_TEXT), "-Xep:LocalOverlappedEscapes:ERROR");
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("[LocalOverlappedEscapes]");
  }

  @Test
  void offLevelSilencesTheRule() {
    Compilation c = compile(file(READER_TEXT), "-Xep:LocalOverlappedEscapes:OFF");
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void suppressWarningsOnTheMethodSilencesTheRule() {
    JavaFileObject suppressed =
        file(
            READER_TEXT.replace(
                "  byte[] readHeader(",
                "  @SuppressWarnings(\"LocalOverlappedEscapes\")\n  byte[] readHeader("));
    assertThat(compile(suppressed)).succeededWithoutWarnings();
  }

  @Test
  void badReleaseMethodsFlagNamesTheFlagAndTheExpectedForm() {
    // The check does not throw (Error Prone would turn that into a javac crash report): it keeps
    // the message and reports it as a compilation error (FlagErrorsTest compiles with it).
    ErrorProneFlags flags =
        ErrorProneFlags.fromMap(
            Map.of("Overlapcheck:ReleaseMethods", "com.example.Pool#free,not-a-method"));
    assertEquals(
        Optional.of(
            "-XepOpt:Overlapcheck:ReleaseMethods: 'not-a-method' is not a method; expected a"
                + " comma-separated list of qualified.Owner#methodName, e.g."
                + " com.example.BufferPool#release"),
        new LocalOverlappedEscapes(flags).flagError());
  }

  @Test
  void wellFormedReleaseMethodsFlagIsAccepted() {
    ErrorProneFlags flags =
        ErrorProneFlags.fromMap(Map.of("Overlapcheck:ReleaseMethods", "com.example.Pool#free"));
    assertEquals(Optional.empty(), new LocalOverlappedEscapes(flags).flagError());
  }
}
