package io.github.overlapcheck.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The class facts come only from the methods that can add to them (the others are not analysed for
 * them): a method that starts I/O through a helper, and one that only stores a field, still count.
 */
final class ClassFactsSourcesTest {
  private final CompilationTestHelper waits =
      CompilationTestHelper.newInstance(WaitOnSharedFileHandle.class, getClass());
  private final CompilationTestHelper nullOverlapped =
      CompilationTestHelper.newInstance(NullOverlappedOnAsyncHandle.class, getClass());

  @BeforeAll
  static void surfaceAnalysisErrors() {
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
  }

  @Test
  void aReadLeftPendingThroughAHelperIsOutstandingInTheOtherMethods() {
    // start() issues nothing itself: its helper, given the field, leaves a read pending on it.
    // Analysed alone, the helper's read is on a parameter, not on the field.
    waits
        .addSourceLines(
            "Prefetcher.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Prefetcher {
              private final Kernel32 k32;
              private final HANDLE file;
              private final Memory ahead;
              private final OVERLAPPED aheadOv;

              Prefetcher(Kernel32 k32, String path) {
                this.k32 = k32;
                this.file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.ahead = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 4096);
                this.aheadOv = new OVERLAPPED(k32);
              }

              void start() {
                issue(file, ahead, aheadOv);
              }

              private void issue(HANDLE h, Memory buffer, OVERLAPPED ov) {
                if (!k32.ReadFile(h, buffer, 4096, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read ahead");
                }
              }

              void readHeader(Memory header) {
                OVERLAPPED ov = new OVERLAPPED(k32);
                if (!k32.ReadFile(file, header, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("header");
                }
                // BUG: Diagnostic contains: waits on file handle 'file' while 2 operations
                k32.WaitForSingleObject(file, WinBase.INFINITE);
              }
            }
            """)
        .doTest();
  }

  private static final String DEVICE =
      """
      import io.github.overlapcheck.runtime.HANDLE;
      import io.github.overlapcheck.runtime.Kernel32;
      import io.github.overlapcheck.runtime.Memory;
      import io.github.overlapcheck.runtime.OVERLAPPED;
      import io.github.overlapcheck.runtime.WinBase;

      final class Device {
        private final Kernel32 k32;
        private HANDLE device;

        Device(Kernel32 k32, String name) {
          this.k32 = k32;
          this.device =
              k32.CreateFile(
                  name,
                  WinBase.GENERIC_WRITE,
                  0,
                  null,
                  WinBase.OPEN_EXISTING,
                  WinBase.FILE_FLAG_OVERLAPPED,
                  null);
          // Keeps the constructor among the methods the facts come from, whatever its store.
          k32.SetFileCompletionNotificationModes(device, (byte) 0);
        }

      %s
        void send(Memory command, int n) {
          %sk32.WriteFile(device, command, n, null, (OVERLAPPED) null);
        }
      }
      """;

  @Test
  void aMethodThatOnlyStoresTheFieldCounts() {
    // reopen() starts no I/O and binds nothing: only its store makes the field maybe synchronous.
    nullOverlapped
        .addSourceLines(
            "Device.java",
            String.format(
                DEVICE,
                """
                  void reopen(String name) {
                    device = k32.CreateFile(name, WinBase.GENERIC_WRITE, 0, null, WinBase.OPEN_EXISTING, 0, null);
                  }
                """,
                ""))
        .doTest();
  }

  @Test
  void withoutThatStoreTheFieldIsAsynchronous() {
    nullOverlapped
        .addSourceLines(
            "Device.java",
            String.format(
                DEVICE,
                """
                  void describe() {
                    k32.CloseHandle(k32.CreateFile("log", WinBase.GENERIC_WRITE, 0, null, WinBase.OPEN_EXISTING, 0, null));
                  }
                """,
                "// BUG: Diagnostic contains: NullOverlappedOnAsyncHandle\n    "))
        .doTest();
  }
}
