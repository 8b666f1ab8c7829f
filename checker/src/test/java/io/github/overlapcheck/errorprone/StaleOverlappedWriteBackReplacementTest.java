package io.github.overlapcheck.errorprone;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The suggested fix of {@link StaleOverlappedWriteBack}: the OVERLAPPED is passed as {@code
 * getPointer()}, so JNA has no Java copy to write back; offered only where the called method has an
 * overload that takes a Pointer there and the other arguments as they are.
 */
final class StaleOverlappedWriteBackReplacementTest {
  private final BugCheckerRefactoringTestHelper helper =
      BugCheckerRefactoringTestHelper.newInstance(StaleOverlappedWriteBack.class, getClass());

  @BeforeAll
  static void surfaceAnalysisErrors() {
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
  }

  @Test
  void structureBecomesItsPointer() {
    helper
        .addInputLines(
            "ByValue.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class ByValue {
              private final Kernel32 k32;
              private final HANDLE port;
              private final Memory buffer;

              ByValue(Kernel32 k32, String name) {
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

              int read() {
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                if (!k32.ReadFile(port, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
                IntByReference got = new IntByReference();
                k32.GetOverlappedResult(port, ov, got, true);
                return got.getValue();
              }
            }
            """)
        .addOutputLines(
            "ByValue.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class ByValue {
              private final Kernel32 k32;
              private final HANDLE port;
              private final Memory buffer;

              ByValue(Kernel32 k32, String name) {
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

              int read() {
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                if (!k32.ReadFile(port, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
                IntByReference got = new IntByReference();
                k32.GetOverlappedResult(port, ov.getPointer(), got, true);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void castArgumentIsParenthesised() {
    helper
        .addInputLines(
            "ByValue.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class ByValue {
              private final Kernel32 k32;
              private final HANDLE port;
              private final Memory buffer;

              ByValue(Kernel32 k32, String name) {
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

              int read() {
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                if (!k32.ReadFile(port, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
                IntByReference got = new IntByReference();
                k32.GetOverlappedResult(port, (OVERLAPPED) ov, got, true);
                return got.getValue();
              }
            }
            """)
        .addOutputLines(
            "ByValue.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class ByValue {
              private final Kernel32 k32;
              private final HANDLE port;
              private final Memory buffer;

              ByValue(Kernel32 k32, String name) {
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

              int read() {
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                if (!k32.ReadFile(port, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
                IntByReference got = new IntByReference();
                k32.GetOverlappedResult(port, ((OVERLAPPED) ov).getPointer(), got, true);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  /**
   * The interface declares GetOverlappedResult with a Structure only: a Pointer would not compile.
   */
  @Test
  void noFixWhenNoOverloadTakesAPointer() {
    CompilationTestHelper.newInstance(StaleOverlappedWriteBack.class, getClass())
        .addSourceLines(
            "Serial.java",
            """
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.WinBase;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.win32.StdCallLibrary;

            final class Serial {
              interface Io extends StdCallLibrary {
                Io INSTANCE = Native.load("kernel32", Io.class);

                boolean ReadFile(HANDLE h, Pointer buf, int n, IntByReference read, WinBase.OVERLAPPED ov);

                boolean GetOverlappedResult(HANDLE h, WinBase.OVERLAPPED ov, IntByReference n, boolean wait);

                int GetLastError();
              }

              private final HANDLE port;
              private final Pointer buffer;

              Serial(HANDLE port, Pointer buffer) {
                this.port = port;
                this.buffer = buffer;
              }

              int read() {
                WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
                if (!Io.INSTANCE.ReadFile(port, buffer, 64, null, ov) && Io.INSTANCE.GetLastError() != 997) {
                  throw new IllegalStateException("read failed");
                }
                IntByReference got = new IntByReference();
                // BUG: Diagnostic contains: is passed to GetOverlappedResult as a Structure
                Io.INSTANCE.GetOverlappedResult(port, ov, got, true);
                return got.getValue();
              }
            }
            """)
        .doTest();
    helper
        .addInputLines(
            "Serial.java",
            """
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.WinBase;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.win32.StdCallLibrary;

            final class Serial {
              interface Io extends StdCallLibrary {
                Io INSTANCE = Native.load("kernel32", Io.class);

                boolean ReadFile(HANDLE h, Pointer buf, int n, IntByReference read, WinBase.OVERLAPPED ov);

                boolean GetOverlappedResult(HANDLE h, WinBase.OVERLAPPED ov, IntByReference n, boolean wait);

                int GetLastError();
              }

              private final HANDLE port;
              private final Pointer buffer;

              Serial(HANDLE port, Pointer buffer) {
                this.port = port;
                this.buffer = buffer;
              }

              int read() {
                WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
                if (!Io.INSTANCE.ReadFile(port, buffer, 64, null, ov) && Io.INSTANCE.GetLastError() != 997) {
                  throw new IllegalStateException("read failed");
                }
                IntByReference got = new IntByReference();
                Io.INSTANCE.GetOverlappedResult(port, ov, got, true);
                return got.getValue();
              }
            }
            """)
        .expectUnchanged()
        .doTest();
  }
}
