package io.github.overlapcheck.errorprone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness the corpus and samples tests measure with. */
final class HarnessTest {
  @TempDir Path dir;

  /** javac stops reporting warnings after 100 unless told otherwise; the measure must see all. */
  @Test
  void reportsEveryFindingBeyondJavacsDefaultWarningLimit() throws IOException {
    int methods = 150;
    StringBuilder source =
        new StringBuilder(
            """
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.WinBase;
            import com.sun.jna.platform.win32.WinNT;

            final class Many {
            """);
    for (int i = 0; i < methods; i++) {
      source.append(
          String.format(
              """
                void read%d(String path) {
                  WinNT.HANDLE h =
                      Kernel32.INSTANCE.CreateFile(
                          path, WinNT.GENERIC_READ, 0, null, WinNT.OPEN_EXISTING,
                          WinNT.FILE_FLAG_OVERLAPPED, null);
                  byte[] data = new byte[16];
                  Kernel32.INSTANCE.ReadFile(h, data, 16, null, new WinBase.OVERLAPPED());
                }
              """,
              i));
    }
    source.append("}\n");
    Path file = dir.resolve("Many.java");
    Files.writeString(file, source);

    List<Harness.Reported> reported = Harness.compile(List.of(file), dir.resolve("out"));

    assertEquals(
        methods,
        reported.stream().filter(r -> r.rule().equals("LocalOverlappedEscapes")).count(),
        "one LocalOverlappedEscapes finding per method");
  }
}
