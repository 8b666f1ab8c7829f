package io.github.overlapcheck.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlapcheck.api.ApiModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the classpath adds: a buffer whose type only a compiled library declares. Without the
 * classpath the scanner cannot tell that the argument is a Java array (which JNA copies to
 * temporary memory), so it reports nothing; with it, the symbol solver resolves the library's
 * method and the reference runtime's ReadFile, and the finding is there, as the plugin reports it.
 */
final class ClasspathResolutionTest {
  @TempDir Path dir;

  private static final String LIBRARY =
      """
      package lib;

      public final class Chunks {
        private Chunks() {}

        public static byte[] make(int size) {
          return new byte[size];
        }
      }
      """;

  private static final String READER =
      """
      package demo;

      import io.github.overlapcheck.runtime.HANDLE;
      import io.github.overlapcheck.runtime.Kernel32;
      import io.github.overlapcheck.runtime.OVERLAPPED;
      import io.github.overlapcheck.runtime.WinBase;
      import io.github.overlapcheck.runtime.WinError;
      import lib.Chunks;

      public final class Reader {
        private final Kernel32 k32;
        private final HANDLE file;
        private final OVERLAPPED overlapped;

        public Reader(Kernel32 k32, String path) {
          this.k32 = k32;
          this.overlapped = new OVERLAPPED(k32);
          this.file =
              k32.CreateFile(path, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
                  WinBase.FILE_FLAG_OVERLAPPED, null);
        }

        public void readFirst() {
          var chunk = Chunks.make(64);
          if (!k32.ReadFile(file, chunk, 64, null, overlapped)) {
            if (k32.GetLastError() != WinError.ERROR_IO_PENDING) {
              throw new IllegalStateException("ReadFile failed");
            }
          }
        }
      }
      """;

  @Test
  void aLibraryDeclaredArrayIsFoundOnlyWithTheClasspath() throws IOException {
    Path lib = dir.resolve("lib-classes");
    Path libSource = dir.resolve("lib-src/lib/Chunks.java");
    Files.createDirectories(libSource.getParent());
    Files.writeString(libSource, LIBRARY);
    Files.createDirectories(lib);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertEquals(0, javac.run(null, null, null, "-d", lib.toString(), libSource.toString()));
    Path src = dir.resolve("src");
    Path reader = src.resolve("demo/Reader.java");
    Files.createDirectories(reader.getParent());
    Files.writeString(reader, READER);

    List<Path> cp = new ArrayList<>(Sources.compileClasspath());
    cp.add(lib);
    List<ScanFinding> with = scan(src, cp, true);
    List<ScanFinding> without = scan(src, List.of(), false);

    assertEquals(1, with.size(), with.toString());
    assertEquals("LocalOverlappedEscapes", with.get(0).rule());
    assertEquals(25, with.get(0).line());
    assertTrue(with.get(0).message().contains("Java array"), with.get(0).message());
    assertTrue(without.isEmpty(), without.toString());
  }

  private static List<ScanFinding> scan(Path src, List<Path> cp, boolean useClasspath) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Scanner s =
        new Scanner(
            new SourceWalker(SourceWalker.FILE_SYSTEM),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false,
            ApiModel.standard());
    Scanner.Result r =
        s.scan(
            new Scanner.Options(
                List.of(src),
                cp,
                useClasspath,
                Scanner.DEFAULT_MAX_FILE_SIZE,
                Scanner.DEFAULT_MAX_DEPTH));
    assertTrue(r.problems().isEmpty(), err.toString(StandardCharsets.UTF_8));
    return r.findings();
  }
}
