package io.github.overlapcheck.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class NullOverlappedOnAsyncHandleTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(NullOverlappedOnAsyncHandle.class, getClass());

  @BeforeAll
  static void surfaceAnalysisErrors() {
    // Otherwise an analysis crash degrades to "no finding", and every negative test would pass.
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
  }

  // ---------------------------------------------------------------------------------------------
  // Near misses and correct code

  @Test
  void handleOpenedWithoutTheFlag() {
    helper
        .addSourceLines(
            "SyncClient.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;

            final class SyncClient {
              /** Opened without FILE_FLAG_OVERLAPPED: a null OVERLAPPED is how such a handle is used. */
              static void send(Kernel32 k32, String name, Memory buffer, int n) {
                HANDLE pipe =
                    k32.CreateFile(name, WinBase.GENERIC_WRITE, 0, null, WinBase.OPEN_EXISTING, 0, null);
                k32.WriteFile(pipe, buffer, n, null, (OVERLAPPED) null);
                k32.CloseHandle(pipe);
              }
            }
            """)
        .doTest();
  }

  @Test
  void nullByteCountWithARealOverlapped() {
    helper
        .addSourceLines(
            "NullCountOnly.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class NullCountOnly {
              /** The null is the byte count, which asynchronous calls should pass; the OVERLAPPED is real. */
              static void send(Kernel32 k32, String name, Memory buffer, int n) {
                HANDLE pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                if (!k32.WriteFile(pipe, buffer, n, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("send failed");
                }
                k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
                k32.CloseHandle(pipe);
              }
            }
            """)
        .doTest();
  }

  @Test
  void handleFromTheCaller() {
    helper
        .addSourceLines(
            "HandleFromCaller.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;

            final class HandleFromCaller {
              /** Whether the caller's handle is asynchronous is not known here. */
              static void send(Kernel32 k32, HANDLE handle, Memory buffer, int n) {
                k32.WriteFile(handle, buffer, n, null, (OVERLAPPED) null);
              }
            }
            """)
        .doTest();
  }

  @Test
  void fieldReopenedForBlockingWrites() {
    helper
        .addSourceLines(
            "Reopened.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;

            final class Reopened {
              private final Kernel32 k32;
              private HANDLE device;

              Reopened(Kernel32 k32, String name) {
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
              }

              /** Flashing reopens the device for blocking writes: the field is not always asynchronous. */
              void flash(String name, Memory image, int n) {
                k32.CloseHandle(device);
                device = k32.CreateFile(name, WinBase.GENERIC_WRITE, 0, null, WinBase.OPEN_EXISTING, 0, null);
                k32.WriteFile(device, image, n, null, (OVERLAPPED) null);
              }
            }
            """)
        .doTest();
  }

  // ---------------------------------------------------------------------------------------------
  // Findings

  @Test
  void writeWithoutOverlappedOnAsyncPipeField() {
    helper
        .addSourceLines(
            "ControlClient.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;

            final class ControlClient {
              private final Kernel32 k32;
              private final HANDLE pipe;

              ControlClient(Kernel32 k32, String name) {
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
              }

              void send(Memory command, int n) {
                // BUG: Diagnostic contains: passes no OVERLAPPED, but 'pipe' was opened with
                // FILE_FLAG_OVERLAPPED
                k32.WriteFile(pipe, command, n, null, (OVERLAPPED) null);
              }
            }
            """)
        .doTest();
  }

  @Test
  void pointerNullThroughAUserInterface() {
    helper
        .addSourceLines(
            "JnaJournal.java",
            """
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;

            final class JnaJournal {
              interface Io extends StdCallLibrary {
                Io INSTANCE = Native.load("kernel32", Io.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean WriteFile(HANDLE h, Pointer buf, int n, IntByReference written, Pointer ov);
              }

              static void writeHeader(String path, Pointer header, int n) {
                int flags = WinNT.FILE_FLAG_OVERLAPPED;
                HANDLE file =
                    Kernel32.INSTANCE.CreateFile(
                        path, WinNT.GENERIC_WRITE, 0, null, WinNT.CREATE_ALWAYS, flags, null);
                // BUG: Diagnostic contains: passes no OVERLAPPED
                Io.INSTANCE.WriteFile(file, header, n, new IntByReference(), Pointer.NULL);
                Kernel32.INSTANCE.CloseHandle(file);
              }
            }
            """)
        .doTest();
  }

  @Test
  void connectWithoutOverlappedOnOverlappedPipe() {
    helper
        .addSourceLines(
            "PipeServer.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;

            final class PipeServer {
              static HANDLE accept(Kernel32 k32, String name) {
                HANDLE pipe =
                    k32.CreateNamedPipe(
                        name,
                        WinBase.PIPE_ACCESS_DUPLEX | WinBase.FILE_FLAG_OVERLAPPED,
                        WinBase.PIPE_TYPE_BYTE,
                        1,
                        4096,
                        4096,
                        0,
                        null);
                // BUG: Diagnostic contains: ConnectNamedPipe passes no OVERLAPPED
                k32.ConnectNamedPipe(pipe, (OVERLAPPED) null);
                return pipe;
              }
            }
            """)
        .doTest();
  }
}
