package io.github.overlapcheck.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class CancelIoFromOtherThreadTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(CancelIoFromOtherThread.class, getClass());

  @BeforeAll
  static void surfaceAnalysisErrors() {
    // Otherwise an analysis crash degrades to "no finding", and every negative test would pass.
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
  }

  // ---------------------------------------------------------------------------------------------
  // Near misses and correct code

  @Test
  void cancelInTheMethodThatIssued() {
    helper
        .addSourceLines(
            "OwnRead.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class OwnRead {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private volatile boolean open = true;

              OwnRead(Kernel32 k32, String name) {
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

              /** The read and its cancel are on one thread: CancelIo cancels it. */
              int read(int timeout) {
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  return -1;
                }
                IntByReference got = new IntByReference();
                if (k32.WaitForSingleObject(ov.hEvent, timeout) == WinError.WAIT_TIMEOUT) {
                  k32.CancelIo(pipe);
                }
                k32.GetOverlappedResult(pipe, ov.getPointer(), got, true);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void cancelIoExFromTheClosingThread() {
    helper
        .addSourceLines(
            "CancelsAny.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class CancelsAny {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private volatile boolean open = true;

              CancelsAny(Kernel32 k32, String name) {
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

              /** CancelIoEx cancels the reader's read whichever thread calls it. */
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
  void readerThreadCancelsItsOwnReadInAHelper() {
    helper
        .addSourceLines(
            "ReaderAbandons.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class ReaderAbandons {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private volatile boolean open = true;

              ReaderAbandons(Kernel32 k32, String name) {
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
                  if (k32.WaitForSingleObject(ov.hEvent, 1000) == WinError.WAIT_TIMEOUT) {
                    abandon();
                    continue;
                  }
                  k32.GetOverlappedResult(pipe, ov.getPointer(), got, true);
                }
              }

              /** Runs on the reader thread, which issued the read it cancels. */
              private void abandon() {
                k32.CancelIo(pipe);
                k32.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), true);
              }

              void close() {
                open = false;
                k32.WaitForSingleObject(reader, WinBase.INFINITE);
              }
            }
            """)
        .doTest();
  }

  @Test
  void twoMethodsNotHandedToThreads() {
    helper
        .addSourceLines(
            "PlainMethods.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class PlainMethods {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private volatile boolean open = true;

              PlainMethods(Kernel32 k32, String name) {
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

              /** read() and close() may well be called from one thread: nothing says otherwise. */
              void read() {
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
              }

              void close() {
                k32.CancelIo(pipe);
                k32.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), true);
              }
            }
            """)
        .doTest();
  }

  @Test
  void lambdaThatIssuesAndCancelsItsOwnRead() {
    helper
        .addSourceLines(
            "PollerLambda.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class PollerLambda {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private volatile boolean open = true;

              PollerLambda(Kernel32 k32, String name) {
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

              /** The lambda's thread issues, times out, cancels and awaits its own read. */
              HANDLE start() {
                return k32.CreateThread(
                    "poller",
                    () -> {
                      if (!k32.ReadFile(pipe, buffer, 64, null, ov)
                          && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                        return;
                      }
                      if (k32.WaitForSingleObject(ov.hEvent, 500) == WinError.WAIT_TIMEOUT) {
                        k32.CancelIo(pipe);
                      }
                      k32.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), true);
                    });
              }
            }
            """)
        .doTest();
  }

  // ---------------------------------------------------------------------------------------------
  // The bug

  @Test
  void closeCancelsTheReaderThreadsRead() {
    helper
        .addSourceLines(
            "CloseCancels.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class CloseCancels {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private volatile boolean open = true;

              CloseCancels(Kernel32 k32, String name) {
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
                // BUG: Diagnostic contains: this method runs on its caller's thread
                k32.CancelIo(pipe);
                k32.WaitForSingleObject(reader, WinBase.INFINITE);
              }
            }
            """)
        .doTest();
  }

  @Test
  void watchdogLambdaCancelsTheCallersRead() {
    helper
        .addSourceLines(
            "Watchdog.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Watchdog {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private volatile boolean open = true;

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
                this.buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
                this.ov = new OVERLAPPED(k32);
                this.ov.hEvent = k32.CreateEvent(null, true, false, null);
              }

              /** The watchdog's thread issued nothing: its CancelIo leaves the caller's read running. */
              int read(int timeout) {
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  return -1;
                }
                HANDLE watchdog =
                    k32.CreateThread(
                        "watchdog",
                        () -> {
                          if (k32.WaitForSingleObject(ov.hEvent, timeout) == WinError.WAIT_TIMEOUT) {
                            // BUG: Diagnostic contains: runs on a thread of its own that issued none on it
                            k32.CancelIo(pipe);
                          }
                        });
                IntByReference got = new IntByReference();
                k32.GetOverlappedResult(pipe, ov.getPointer(), got, true);
                k32.WaitForSingleObject(watchdog, WinBase.INFINITE);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void supervisorThreadCancelsTheReaderThreadsRead() {
    helper
        .addSourceLines(
            "Supervisor.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Supervisor {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private volatile boolean open = true;

              Supervisor(Kernel32 k32, String name) {
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
              private HANDLE supervisor;

              void start() {
                reader = k32.CreateThread("reader", this::readLoop);
                supervisor = k32.CreateThread("supervisor", this::supervise);
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

              private void supervise() {
                while (open) {
                  k32.Sleep(5000);
                  // BUG: Diagnostic contains: CancelIoEx(pipe, null)
                  k32.CancelIo(pipe);
                }
              }
            }
            """)
        .doTest();
  }
}
