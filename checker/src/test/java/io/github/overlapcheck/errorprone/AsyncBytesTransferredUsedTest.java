package io.github.overlapcheck.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class AsyncBytesTransferredUsedTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(AsyncBytesTransferredUsed.class, getClass());

  @BeforeAll
  static void surfaceAnalysisErrors() {
    // Otherwise an analysis crash degrades to "no finding", and every negative test would pass.
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
  }

  // ---------------------------------------------------------------------------------------------
  // Near misses and correct code

  @Test
  void countReadOnTheTruePathOnly() {
    helper
        .addSourceLines(
            "TruePathOnly.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinError;

            final class TruePathOnly {
              /** The count is read where the call stored it (TRUE); the pending path asks the OVERLAPPED. */
              static int read(Kernel32 k32, HANDLE pipe, Memory buffer, OVERLAPPED ov) {
                IntByReference count = new IntByReference();
                if (k32.ReadFile(pipe, buffer, 64, count, ov)) {
                  return count.getValue();
                }
                if (k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
                IntByReference done = new IntByReference();
                k32.GetOverlappedResult(pipe, ov, done, true);
                return done.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void sameHolderGivenToGetOverlappedResult() {
    helper
        .addSourceLines(
            "SameHolder.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinError;

            final class SameHolder {
              /** GetOverlappedResult stores the completion's count in the same holder on the pending path. */
              static int write(Kernel32 k32, HANDLE pipe, Memory buffer, int n, OVERLAPPED ov) {
                IntByReference count = new IntByReference();
                if (!k32.WriteFile(pipe, buffer, n, count, ov)) {
                  if (k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                    throw new IllegalStateException("write failed");
                  }
                  k32.GetOverlappedResult(pipe, ov, count, true);
                }
                return count.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void synchronousHandleStoresTheCount() {
    helper
        .addSourceLines(
            "SyncCount.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;

            final class SyncCount {
              /** A handle opened without FILE_FLAG_OVERLAPPED: the call returns with the count stored. */
              static int read(Kernel32 k32, String path, Memory buffer) {
                HANDLE file =
                    k32.CreateFile(path, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING, 0, null);
                IntByReference count = new IntByReference();
                k32.ReadFile(file, buffer, 64, count, new OVERLAPPED(k32));
                k32.CloseHandle(file);
                return count.getValue();
              }
            }
            """)
        .doTest();
  }

  // ---------------------------------------------------------------------------------------------
  // Findings

  @Test
  void countReadAfterWaitingOnTheEvent() {
    helper
        .addSourceLines(
            "ReplyReader.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class ReplyReader {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory reply;
              private final OVERLAPPED ov;

              ReplyReader(Kernel32 k32, String name) {
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
                this.reply = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 512);
                this.ov = new OVERLAPPED(k32);
                this.ov.hEvent = k32.CreateEvent(null, true, false, null);
              }

              int readReply() {
                IntByReference got = new IntByReference();
                if (!k32.ReadFile(pipe, reply, 512, got, ov)) {
                  if (k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                    throw new IllegalStateException("read failed");
                  }
                  k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
                }
                // BUG: Diagnostic contains: 'got' is the bytes-transferred out-parameter of ReadFile
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void intArrayCountReadAfterTheWait() {
    helper
        .addSourceLines(
            "JnaComReader.java",
            """
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.WinBase;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;

            final class JnaComReader {
              interface Io extends StdCallLibrary {
                Io INSTANCE = Native.load("kernel32", Io.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean ReadFile(HANDLE h, Pointer buf, int n, int[] read, WinBase.OVERLAPPED ov);
              }

              static int poll(String port, Pointer buffer, WinBase.OVERLAPPED ov) {
                HANDLE com =
                    Kernel32.INSTANCE.CreateFile(
                        port,
                        WinNT.GENERIC_READ,
                        0,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
                int[] count = new int[1];
                if (!Io.INSTANCE.ReadFile(com, buffer, 64, count, ov)
                    && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
                Kernel32.INSTANCE.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
                Kernel32.INSTANCE.CloseHandle(com);
                // BUG: Diagnostic contains: 'count' is the bytes-transferred out-parameter
                return count[0];
              }
            }
            """)
        .doTest();
  }
}
