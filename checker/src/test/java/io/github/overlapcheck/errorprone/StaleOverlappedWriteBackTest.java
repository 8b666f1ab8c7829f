package io.github.overlapcheck.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class StaleOverlappedWriteBackTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(StaleOverlappedWriteBack.class, getClass());

  @BeforeAll
  static void surfaceAnalysisErrors() {
    // Otherwise an analysis crash degrades to "no finding", and every negative test would pass.
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
  }

  // ---------------------------------------------------------------------------------------------
  // Near misses and correct code

  @Test
  void resultAskedForByPointer() {
    helper
        .addSourceLines(
            "ByPointer.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class ByPointer {
              private final Kernel32 k32;
              private final HANDLE port;
              private final Memory buffer;

              ByPointer(Kernel32 k32, String name) {
                this.k32 = k32;
                this.port =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
              }

              /** The result is asked for by pointer: JNA writes nothing back. */
              int read() {
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                if (!k32.ReadFile(port, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
                k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
                IntByReference got = new IntByReference();
                k32.GetOverlappedResult(port, ov.getPointer(), got, true);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void fieldsReadBackOnceTheOperationIsOver() {
    helper
        .addSourceLines(
            "ReadBackFirst.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class ReadBackFirst {
              private final Kernel32 k32;
              private final HANDLE port;
              private final Memory buffer;

              ReadBackFirst(Kernel32 k32, String name) {
                this.k32 = k32;
                this.port =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
              }

              /** The fields are read back once the operation is over, right before the call. */
              int read() {
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                if (!k32.ReadFile(port, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
                k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
                ov.read();
                IntByReference got = new IntByReference();
                k32.GetOverlappedResult(port, ov, got, true);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void automaticWriteTurnedOff() {
    helper
        .addSourceLines(
            "AutoSynchOff.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class AutoSynchOff {
              private final Kernel32 k32;
              private final HANDLE port;
              private final Memory buffer;

              AutoSynchOff(Kernel32 k32, String name) {
                this.k32 = k32;
                this.port =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
              }

              /** Automatic write and read are off: JNA leaves native memory alone. */
              int read() {
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.setAutoSynch(false);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                ov.write();
                if (!k32.ReadFile(port, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
                k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
                IntByReference got = new IntByReference();
                k32.GetOverlappedResult(port, ov, got, true);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  // ---------------------------------------------------------------------------------------------
  // Findings

  @Test
  void resultByValueAfterTheWait() {
    helper
        .addSourceLines(
            "ByValueAfterWait.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class ByValueAfterWait {
              private final Kernel32 k32;
              private final HANDLE port;
              private final Memory buffer;

              ByValueAfterWait(Kernel32 k32, String name) {
                this.k32 = k32;
                this.port =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
              }

              /** The read may have gone pending: its Java copy still says so when it is written back. */
              int read() {
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                if (!k32.ReadFile(port, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
                k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
                IntByReference got = new IntByReference();
                // BUG: Diagnostic contains: is passed to GetOverlappedResult as a Structure
                k32.GetOverlappedResult(port, ov, got, true);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void readBackWhileStillPending() {
    helper
        .addSourceLines(
            "ReadTooEarly.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class ReadTooEarly {
              private final Kernel32 k32;
              private final HANDLE port;
              private final Memory buffer;

              ReadTooEarly(Kernel32 k32, String name) {
                this.k32 = k32;
                this.port =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
              }

              /** read() while the operation may still be pending refreshes nothing that lasts. */
              int read() {
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                if (!k32.ReadFile(port, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
                ov.read();
                k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
                IntByReference got = new IntByReference();
                // BUG: Diagnostic contains: is passed to GetOverlappedResult as a Structure
                k32.GetOverlappedResult(port, ov, got, true);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void cancelByValue() {
    helper
        .addSourceLines(
            "CancelByValue.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class CancelByValue {
              private final Kernel32 k32;
              private final HANDLE port;
              private final Memory buffer;

              CancelByValue(Kernel32 k32, String name) {
                this.k32 = k32;
                this.port =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
              }

              /** Cancelling by value writes the stale copy over what the kernel may have stored. */
              int read() {
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                if (!k32.ReadFile(port, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
                k32.WaitForSingleObject(ov.hEvent, 100);
                IntByReference got = new IntByReference();
                // BUG: Diagnostic contains: is passed to CancelIoEx as a Structure
                k32.CancelIoEx(port, ov);
                k32.GetOverlappedResult(port, ov.getPointer(), got, true);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }
}
