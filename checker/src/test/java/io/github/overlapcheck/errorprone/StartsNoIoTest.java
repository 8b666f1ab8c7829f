package io.github.overlapcheck.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A class that starts no I/O is not analysed (no state there holds an operation), except for what a
 * rule reports without one: CancelIo on a thread of its own.
 */
final class StartsNoIoTest {
  private final CompilationTestHelper cancel =
      CompilationTestHelper.newInstance(CancelIoFromOtherThread.class, getClass());

  @BeforeAll
  static void surfaceAnalysisErrors() {
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
  }

  @Test
  void cancelIoOnAThreadOfItsOwnInAClassThatStartsNoIo() {
    cancel
        .addSourceLines(
            "Watchdog.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.WinBase;

            final class Watchdog {
              private final Kernel32 k32;
              private final HANDLE pipe;

              Watchdog(Kernel32 k32, String name) {
                this.k32 = k32;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                k32.CreateThread("watchdog", this::watch);
              }

              /** Runs on the watchdog thread, which issues nothing on the pipe: the I/O is the callers'. */
              private void watch() {
                k32.Sleep(5000);
                // BUG: Diagnostic contains: CancelIo cancels only the operations the calling thread issued
                k32.CancelIo(pipe);
              }
            }
            """)
        .doTest();
  }
}
