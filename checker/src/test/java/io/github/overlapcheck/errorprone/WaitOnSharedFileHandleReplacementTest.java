package io.github.overlapcheck.errorprone;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The suggested fix of {@link WaitOnSharedFileHandle}: offered only when the method started one of
 * the outstanding operations itself, through a local OVERLAPPED with an event; it then waits on
 * that event. Where the method started several, which one it means is a guess, and nothing is
 * offered.
 */
final class WaitOnSharedFileHandleReplacementTest {
  private final BugCheckerRefactoringTestHelper helper =
      BugCheckerRefactoringTestHelper.newInstance(WaitOnSharedFileHandle.class, getClass());

  @BeforeAll
  static void surfaceAnalysisErrors() {
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
  }

  private static final String PORT_HEADER =
      """
      import io.github.overlapcheck.runtime.HANDLE;
      import io.github.overlapcheck.runtime.Kernel32;
      import io.github.overlapcheck.runtime.Memory;
      import io.github.overlapcheck.runtime.OVERLAPPED;
      import io.github.overlapcheck.runtime.WinBase;
      import io.github.overlapcheck.runtime.WinError;

      final class Modem {
        private final Kernel32 k32;
        private final HANDLE port;
        private final Memory incoming;
        private final OVERLAPPED readOv;

        Modem(Kernel32 k32, String name) {
          this.k32 = k32;
          this.port =
              k32.CreateFile(
                  name, WinBase.GENERIC_READ | WinBase.GENERIC_WRITE, 0, null,
                  WinBase.OPEN_EXISTING, WinBase.FILE_FLAG_OVERLAPPED, null);
          this.incoming = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
          this.readOv = new OVERLAPPED(k32);
          this.readOv.hEvent = k32.CreateEvent(null, true, false, null);
        }

        /** Keeps a read outstanding; a listener waits on readOv.hEvent. */
        void listen() {
          if (!k32.ReadFile(port, incoming, 64, null, readOv)
              && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
            throw new IllegalStateException("read failed");
          }
        }
      """;

  @Test
  void waitsOnTheEventOfTheOnlyOperationTheMethodStarted() {
    helper
        .addInputLines(
            "Modem.java",
            PORT_HEADER
                + """
                  void send(Memory command, int length) {
                    OVERLAPPED ov = new OVERLAPPED(k32);
                    ov.hEvent = k32.CreateEvent(null, true, false, null);
                    if (!k32.WriteFile(port, command, length, null, ov)
                        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                      throw new IllegalStateException("write failed");
                    }
                    k32.WaitForSingleObject(port, WinBase.INFINITE);
                    k32.CloseHandle(ov.hEvent);
                  }
                }
                """)
        .addOutputLines(
            "Modem.java",
            PORT_HEADER
                + """
                  void send(Memory command, int length) {
                    OVERLAPPED ov = new OVERLAPPED(k32);
                    ov.hEvent = k32.CreateEvent(null, true, false, null);
                    if (!k32.WriteFile(port, command, length, null, ov)
                        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                      throw new IllegalStateException("write failed");
                    }
                    k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
                    k32.CloseHandle(ov.hEvent);
                  }
                }
                """)
        .doTest();
  }

  @Test
  void noFixWhenTheOverlappedHasNoEvent() {
    helper
        .addInputLines(
            "Modem.java",
            PORT_HEADER
                + """
                  void send(Memory command, int length) {
                    OVERLAPPED ov = new OVERLAPPED(k32);
                    if (!k32.WriteFile(port, command, length, null, ov)
                        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                      throw new IllegalStateException("write failed");
                    }
                    k32.WaitForSingleObject(port, WinBase.INFINITE);
                  }
                }
                """)
        .expectUnchanged()
        .doTest();
  }

  @Test
  void noFixWhenTheMethodStartedSeveralOperations() {
    helper
        .addInputLines(
            "Copier.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;

            final class Copier {
              static void writeBoth(Kernel32 k32, HANDLE file, Memory a, Memory b, int n) {
                OVERLAPPED first = new OVERLAPPED(k32);
                first.hEvent = k32.CreateEvent(null, true, false, null);
                OVERLAPPED second = new OVERLAPPED(k32);
                second.hEvent = k32.CreateEvent(null, true, false, null);
                second.Offset = n;
                k32.WriteFile(file, a, n, null, first);
                k32.WriteFile(file, b, n, null, second);
                k32.WaitForSingleObject(file, WinBase.INFINITE);
              }
            }
            """)
        .expectUnchanged()
        .doTest();
  }
}
