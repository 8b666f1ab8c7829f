package io.github.overlapcheck.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class PendingTreatedAsFailureTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(PendingTreatedAsFailure.class, getClass());

  @BeforeAll
  static void surfaceAnalysisErrors() {
    // Otherwise an analysis crash degrades to "no finding", and every negative test would pass.
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
  }

  // ---------------------------------------------------------------------------------------------
  // Near misses and correct code

  @Test
  void errorComparedWithPending() {
    helper
        .addSourceLines(
            "ChecksPending.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.Pointer;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class ChecksPending {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              ChecksPending(Kernel32 k32, String name) {
                this.k32 = k32;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ | WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
                this.ov = new OVERLAPPED(k32);
                this.ov.hEvent = k32.CreateEvent(null, true, false, null);
              }

              /** FALSE is a failure only when the error is not ERROR_IO_PENDING. */
              int read() {
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
                k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
                return 64;
              }

              private void done(int error, int count, Pointer overlapped) {}
            }
            """)
        .doTest();
  }

  @Test
  void synchronousHandleFalseIsAFailure() {
    helper
        .addSourceLines(
            "SyncHandle.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.Pointer;
            import io.github.overlapcheck.runtime.WinBase;

            final class SyncHandle {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              SyncHandle(Kernel32 k32, String name) {
                this.k32 = k32;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ | WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        0,
                        null);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
                this.ov = new OVERLAPPED(k32);
                this.ov.hEvent = k32.CreateEvent(null, true, false, null);
              }

              /** A handle opened without FILE_FLAG_OVERLAPPED: FALSE is a failure. */
              int read() {
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)) {
                  throw new IllegalStateException("read failed");
                }
                return 64;
              }

              private void done(int error, int count, Pointer overlapped) {}
            }
            """)
        .doTest();
  }

  @Test
  void readFileExFalseQueuedNothing() {
    helper
        .addSourceLines(
            "RoutineStyle.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.Pointer;
            import io.github.overlapcheck.runtime.WinBase;

            final class RoutineStyle {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              RoutineStyle(Kernel32 k32, String name) {
                this.k32 = k32;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ | WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
                this.ov = new OVERLAPPED(k32);
                this.ov.hEvent = k32.CreateEvent(null, true, false, null);
              }

              /** ReadFileEx's FALSE means nothing was queued. */
              int read() {
                if (!k32.ReadFileEx(pipe, buffer, 64, ov, this::done)) {
                  throw new IllegalStateException("read failed");
                }
                k32.SleepEx(WinBase.INFINITE, true);
                return 64;
              }

              private void done(int error, int count, Pointer overlapped) {}
            }
            """)
        .doTest();
  }

  @Test
  void eitherCallCheckedForPending() {
    helper
        .addSourceLines(
            "EitherDirection.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.Pointer;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class EitherDirection {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              EitherDirection(Kernel32 k32, String name) {
                this.k32 = k32;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ | WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
                this.ov = new OVERLAPPED(k32);
                this.ov.hEvent = k32.CreateEvent(null, true, false, null);
              }

              /** One call or the other is started; the error check covers whichever it was. */
              int read() {
                boolean send = buffer.getByte(0) != 0;
                boolean started =
                    send ? k32.WriteFile(pipe, buffer, 64, null, ov) : k32.ReadFile(pipe, buffer, 64, null, ov);
                if (!started && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("transfer failed");
                }
                k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
                return 64;
              }

              private void done(int error, int count, Pointer overlapped) {}
            }
            """)
        .doTest();
  }

  // ---------------------------------------------------------------------------------------------
  // Findings

  @Test
  void throwOnAnyFalse() {
    helper
        .addSourceLines(
            "ThrowsOnFalse.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.Pointer;
            import io.github.overlapcheck.runtime.WinBase;

            final class ThrowsOnFalse {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              ThrowsOnFalse(Kernel32 k32, String name) {
                this.k32 = k32;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ | WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
                this.ov = new OVERLAPPED(k32);
                this.ov.hEvent = k32.CreateEvent(null, true, false, null);
              }

              /** Any FALSE is taken for a failure. */
              int read() {
                // BUG: Diagnostic contains: the method throws without ruling out ERROR_IO_PENDING
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)) {
                  throw new IllegalStateException("read failed");
                }
                k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
                return 64;
              }

              private void done(int error, int count, Pointer overlapped) {}
            }
            """)
        .doTest();
  }

  @Test
  void comparedWithTheWrongCode() {
    helper
        .addSourceLines(
            "WrongCode.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.Pointer;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class WrongCode {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              WrongCode(Kernel32 k32, String name) {
                this.k32 = k32;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ | WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
                this.ov = new OVERLAPPED(k32);
                this.ov.hEvent = k32.CreateEvent(null, true, false, null);
              }

              /** ERROR_IO_INCOMPLETE is GetOverlappedResult's code, not ReadFile's. */
              int read() {
                // BUG: Diagnostic contains: the method returns without ruling out ERROR_IO_PENDING
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_INCOMPLETE) {
                  return -1;
                }
                k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
                return 64;
              }

              private void done(int error, int count, Pointer overlapped) {}
            }
            """)
        .doTest();
  }

  @Test
  void switchWithoutAPendingCase() {
    helper
        .addSourceLines(
            "SwitchWithoutPending.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.Pointer;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class SwitchWithoutPending {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              SwitchWithoutPending(Kernel32 k32, String name) {
                this.k32 = k32;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ | WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
                this.ov = new OVERLAPPED(k32);
                this.ov.hEvent = k32.CreateEvent(null, true, false, null);
              }

              /** The switch knows two errors, and ERROR_IO_PENDING is not one of them. */
              int read() {
                // BUG: Diagnostic contains: without ruling out ERROR_IO_PENDING
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)) {
                  int error = k32.GetLastError();
                  switch (error) {
                    case WinError.ERROR_BROKEN_PIPE:
                      return 0;
                    default:
                      throw new IllegalStateException("read failed: " + error);
                  }
                }
                k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
                return 64;
              }

              private void done(int error, int count, Pointer overlapped) {}
            }
            """)
        .doTest();
  }

  @Test
  void abandonedLocalOverlappedIsThisRulesFinding() {
    helper
        .addSourceLines(
            "OneRootCause.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;

            final class OneRootCause {
              /** A local OVERLAPPED left behind by a pending read taken for a failure: one mistake. */
              static int read(Kernel32 k32, String name, Memory buffer) {
                HANDLE pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                // BUG: Diagnostic contains: the method throws without ruling out ERROR_IO_PENDING
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)) {
                  throw new IllegalStateException("read failed");
                }
                return 64;
              }
            }
            """)
        .doTest();
  }

  @Test
  void pendingTestReturnedToTheCaller() {
    helper
        .addSourceLines(
            "ReturnsPendingTest.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class ReturnsPendingTest {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              ReturnsPendingTest(Kernel32 k32, String name) {
                this.k32 = k32;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ | WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
                this.ov = new OVERLAPPED(k32);
                this.ov.hEvent = k32.CreateEvent(null, true, false, null);
              }

              /** Reads until one goes pending; whether it did is the caller's to decide. */
              boolean postReads() {
                while (k32.ReadFile(pipe, buffer, 64, null, ov)) {
                  consume();
                }
                return k32.GetLastError() == WinError.ERROR_IO_PENDING;
              }

              private void consume() {}
            }
            """)
        .doTest();
  }

  @Test
  void thrownFromASameClassHelper() {
    helper
        .addSourceLines(
            "CheckHelper.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import java.io.IOException;

            final class CheckHelper {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              CheckHelper(Kernel32 k32, String name) {
                this.k32 = k32;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ | WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
                this.ov = new OVERLAPPED(k32);
                this.ov.hEvent = k32.CreateEvent(null, true, false, null);
              }

              private void check(boolean ok, String what) throws IOException {
                if (!ok) {
                  throw new IOException(what + " failed: " + k32.GetLastError());
                }
              }

              int read() throws IOException {
                // BUG: Diagnostic contains: PendingTreatedAsFailure
                check(k32.ReadFile(pipe, buffer, 64, null, ov), "read");
                IntByReference got = new IntByReference();
                check(k32.GetOverlappedResult(pipe, ov.getPointer(), got, true), "read");
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void handleFieldClearedBeforeGivingUp() {
    helper
        .addSourceLines(
            "ClearsHandle.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.io.IOException;

            final class ClearsHandle {
              private final Kernel32 k32;
              private final OVERLAPPED connectOv;
              private HANDLE pipe;

              ClearsHandle(Kernel32 k32) {
                this.k32 = k32;
                this.connectOv = new OVERLAPPED(k32);
              }

              /** Any error but ERROR_PIPE_CONNECTED tears the instance down, ERROR_IO_PENDING too. */
              void accept(String name) throws IOException {
                pipe =
                    k32.CreateNamedPipe(
                        name,
                        WinBase.PIPE_ACCESS_DUPLEX | WinBase.FILE_FLAG_OVERLAPPED,
                        WinBase.PIPE_TYPE_BYTE,
                        1,
                        512,
                        512,
                        0,
                        null);
                // BUG: Diagnostic contains: PendingTreatedAsFailure
                if (!k32.ConnectNamedPipe(pipe, connectOv)) {
                  int error = k32.GetLastError();
                  if (error != WinError.ERROR_PIPE_CONNECTED) {
                    k32.CloseHandle(pipe);
                    pipe = null;
                    throw new IOException("no client: " + error);
                  }
                }
              }
            }
            """)
        .doTest();
  }

  /** JNA throws LastErrorException for a pending read too (its last error is ERROR_IO_PENDING). */
  @Test
  void lastErrorExceptionOfPendingReadRethrown() {
    helper
        .addSourceLines(
            "LastErrorExceptionOfPendingReadRethrown.java",
            """
            import com.sun.jna.LastErrorException;
            import com.sun.jna.Memory;
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.WinBase;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import java.io.IOException;

            final class LastErrorExceptionOfPendingReadRethrown {
              static {
                Native.register("kernel32");
              }

              static native boolean ReadFile(HANDLE h, Pointer buffer, int n, IntByReference read, Pointer ov)
                  throws LastErrorException;

              static native boolean GetOverlappedResult(HANDLE h, Pointer ov, IntByReference n, boolean wait)
                  throws LastErrorException;

              private final HANDLE modem;
              private final Memory response = new Memory(256);
              private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

              LastErrorExceptionOfPendingReadRethrown(String port) {
                modem =
                    Kernel32.INSTANCE.CreateFile(
                        port,
                        WinNT.GENERIC_READ,
                        0,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
                ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
                ov.write();
              }

              int read() throws IOException {
                IntByReference got = new IntByReference();
                try {
                  // BUG: Diagnostic contains: the method throws without ruling out ERROR_IO_PENDING
                  ReadFile(modem, response, 256, null, ov.getPointer());
                  GetOverlappedResult(modem, ov.getPointer(), got, true);
                } catch (LastErrorException e) {
                  throw new IOException("read failed: " + e.getErrorCode(), e);
                }
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  /** The handler tells a pending read from a failure by the exception's code and waits for it. */
  @Test
  void lastErrorExceptionCodeChecked() {
    helper
        .addSourceLines(
            "LastErrorExceptionCodeChecked.java",
            """
            import com.sun.jna.LastErrorException;
            import com.sun.jna.Memory;
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.WinBase;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import java.io.IOException;

            final class LastErrorExceptionCodeChecked {
              static {
                Native.register("kernel32");
              }

              static native boolean ReadFile(HANDLE h, Pointer buffer, int n, IntByReference read, Pointer ov)
                  throws LastErrorException;

              static native boolean GetOverlappedResult(HANDLE h, Pointer ov, IntByReference n, boolean wait)
                  throws LastErrorException;

              private final HANDLE modem;
              private final Memory response = new Memory(256);
              private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

              LastErrorExceptionCodeChecked(String port) {
                modem =
                    Kernel32.INSTANCE.CreateFile(
                        port,
                        WinNT.GENERIC_READ,
                        0,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
                ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
                ov.write();
              }

              int read() throws IOException {
                IntByReference got = new IntByReference();
                try {
                  ReadFile(modem, response, 256, null, ov.getPointer());
                } catch (LastErrorException e) {
                  if (e.getErrorCode() != WinError.ERROR_IO_PENDING) {
                    throw new IOException("read failed: " + e.getErrorCode(), e);
                  }
                }
                GetOverlappedResult(modem, ov.getPointer(), got, true);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }
}
