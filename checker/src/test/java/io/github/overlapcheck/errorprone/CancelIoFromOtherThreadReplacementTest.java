package io.github.overlapcheck.errorprone;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The suggested fix of {@link CancelIoFromOtherThread}: {@code CancelIo(h)} becomes {@code
 * CancelIoEx(h, null)} on the same receiver, when that type declares it; the null is cast where
 * overloads would make it ambiguous.
 */
final class CancelIoFromOtherThreadReplacementTest {
  private final BugCheckerRefactoringTestHelper helper =
      BugCheckerRefactoringTestHelper.newInstance(CancelIoFromOtherThread.class, getClass());

  @BeforeAll
  static void surfaceAnalysisErrors() {
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
  }

  @Test
  void cancelIoBecomesCancelIoExWithANullOverlapped() {
    helper
        .addInputLines(
            "Listener.java",
            """
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.win32.StdCallLibrary;

            final class Listener {
              interface Io extends StdCallLibrary {
                Io INSTANCE = Native.load("kernel32", Io.class);

                boolean ReadFile(HANDLE h, Pointer buf, int n, Pointer read, Pointer ov);

                boolean CancelIo(HANDLE h);

                boolean CancelIoEx(HANDLE h, Pointer ov);
              }

              private final HANDLE pipe;
              private final Pointer buffer;
              private final Pointer ov;
              private Thread reader;

              Listener(HANDLE pipe, Pointer buffer, Pointer ov) {
                this.pipe = pipe;
                this.buffer = buffer;
                this.ov = ov;
              }

              void start() {
                reader = new Thread(this::readLoop);
                reader.start();
              }

              private void readLoop() {
                while (Io.INSTANCE.ReadFile(pipe, buffer, 64, null, ov)) {}
              }

              void close() throws InterruptedException {
                Io.INSTANCE.CancelIo(pipe);
                reader.join();
              }
            }
            """)
        .addOutputLines(
            "Listener.java",
            """
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.win32.StdCallLibrary;

            final class Listener {
              interface Io extends StdCallLibrary {
                Io INSTANCE = Native.load("kernel32", Io.class);

                boolean ReadFile(HANDLE h, Pointer buf, int n, Pointer read, Pointer ov);

                boolean CancelIo(HANDLE h);

                boolean CancelIoEx(HANDLE h, Pointer ov);
              }

              private final HANDLE pipe;
              private final Pointer buffer;
              private final Pointer ov;
              private Thread reader;

              Listener(HANDLE pipe, Pointer buffer, Pointer ov) {
                this.pipe = pipe;
                this.buffer = buffer;
                this.ov = ov;
              }

              void start() {
                reader = new Thread(this::readLoop);
                reader.start();
              }

              private void readLoop() {
                while (Io.INSTANCE.ReadFile(pipe, buffer, 64, null, ov)) {}
              }

              void close() throws InterruptedException {
                Io.INSTANCE.CancelIoEx(pipe, null);
                reader.join();
              }
            }
            """)
        .doTest();
  }

  @Test
  void nullIsCastWhereOverloadsWouldMakeItAmbiguous() {
    helper
        .addInputLines(
            "Receiver.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Receiver {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private volatile boolean open = true;

              Receiver(Kernel32 k32, String name) {
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
                this.buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
                this.ov = new OVERLAPPED(k32);
                this.ov.hEvent = k32.CreateEvent(null, true, false, null);
              }

              private HANDLE reader;

              void start() {
                reader = k32.CreateThread("reader", this::readLoop);
              }

              private void readLoop() {
                IntByReference got = new IntByReference();
                while (open) {
                  if (!k32.ReadFile(pipe, buffer, 64, null, ov)
                      && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                    return;
                  }
                  k32.GetOverlappedResult(pipe, ov.getPointer(), got, true);
                }
              }

              void close() {
                open = false;
                k32.CancelIo(pipe);
                k32.WaitForSingleObject(reader, WinBase.INFINITE);
              }
            }
            """)
        .addOutputLines(
            "Receiver.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Receiver {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private volatile boolean open = true;

              Receiver(Kernel32 k32, String name) {
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
                this.buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
                this.ov = new OVERLAPPED(k32);
                this.ov.hEvent = k32.CreateEvent(null, true, false, null);
              }

              private HANDLE reader;

              void start() {
                reader = k32.CreateThread("reader", this::readLoop);
              }

              private void readLoop() {
                IntByReference got = new IntByReference();
                while (open) {
                  if (!k32.ReadFile(pipe, buffer, 64, null, ov)
                      && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                    return;
                  }
                  k32.GetOverlappedResult(pipe, ov.getPointer(), got, true);
                }
              }

              void close() {
                open = false;
                k32.CancelIoEx(pipe, (OVERLAPPED) null);
                k32.WaitForSingleObject(reader, WinBase.INFINITE);
              }
            }
            """)
        .doTest();
  }

  @Test
  void noFixWhenTheInterfaceDeclaresNoCancelIoEx() {
    helper
        .addInputLines(
            "Listener.java",
            """
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.win32.StdCallLibrary;

            final class Listener {
              interface Io extends StdCallLibrary {
                Io INSTANCE = Native.load("kernel32", Io.class);

                boolean ReadFile(HANDLE h, Pointer buf, int n, Pointer read, Pointer ov);

                boolean CancelIo(HANDLE h);
              }

              private final HANDLE pipe;
              private final Pointer buffer;
              private final Pointer ov;
              private Thread reader;

              Listener(HANDLE pipe, Pointer buffer, Pointer ov) {
                this.pipe = pipe;
                this.buffer = buffer;
                this.ov = ov;
              }

              void start() {
                reader = new Thread(this::readLoop);
                reader.start();
              }

              private void readLoop() {
                while (Io.INSTANCE.ReadFile(pipe, buffer, 64, null, ov)) {}
              }

              void close() throws InterruptedException {
                Io.INSTANCE.CancelIo(pipe);
                reader.join();
              }
            }
            """)
        .expectUnchanged()
        .doTest();
  }
}
