package io.github.overlapcheck.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class ReleasedWhilePendingTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(ReleasedWhilePending.class, getClass());

  @BeforeAll
  static void surfaceAnalysisErrors() {
    // Otherwise an analysis crash degrades to "no finding", and every negative test would pass.
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
  }

  // ---------------------------------------------------------------------------------------------
  // Near misses and correct code

  @Test
  void cancelledReadAwaitedBeforeRelease() {
    helper
        .addSourceLines(
            "WaitsAfterCancel.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class WaitsAfterCancel {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              WaitsAfterCancel(Kernel32 k32, String name) {
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

              /** Posts a read; nextMessage() collects it. */
              void start() {
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
              }

              void close() {
                k32.CancelIoEx(pipe, ov.getPointer());
                k32.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), true);
                k32.LocalFree(buffer);
                k32.CloseHandle(pipe);
              }
            }
            """)
        .doTest();
  }

  @Test
  void closeThatCancelsNothingIsNotJudged() {
    helper
        .addSourceLines(
            "PlainClose.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class PlainClose {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              PlainClose(Kernel32 k32, String name) {
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

              /** Posts a read; nextMessage() collects it. */
              void start() {
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
              }

              /** Nothing here says a read is in flight: the class may call this only when none is. */
              void close() {
                k32.CloseHandle(pipe);
                k32.LocalFree(buffer);
              }
            }
            """)
        .doTest();
  }

  @Test
  void releaseWhereNothingWasStarted() {
    helper
        .addSourceLines(
            "FailedStart.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.io.IOException;

            final class FailedStart {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              FailedStart(Kernel32 k32, String name) {
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

              void read(Memory scratch) throws IOException {
                if (!k32.ReadFile(pipe, scratch, 64, null, ov)) {
                  int error = k32.GetLastError();
                  if (error != WinError.ERROR_IO_PENDING) {
                    k32.LocalFree(scratch);
                    throw new IOException("read failed: " + error);
                  }
                }
                k32.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), true);
                k32.LocalFree(scratch);
              }
            }
            """)
        .doTest();
  }

  @Test
  void closingTheEventOfAPendingRead() {
    helper
        .addSourceLines(
            "ClosesEvent.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class ClosesEvent {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              ClosesEvent(Kernel32 k32, String name) {
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

              /** The kernel keeps its own reference to the event: the completion can still set it. */
              void fire() {
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  return;
                }
                k32.CloseHandle(ov.hEvent);
              }
            }
            """)
        .doTest();
  }

  @Test
  void pollThatSaidDone() {
    helper
        .addSourceLines(
            "PollDone.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class PollDone {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              PollDone(Kernel32 k32, String name) {
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

              /** Posts a read; nextMessage() collects it. */
              void start() {
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
              }

              /** Releases only when a poll said the read is over. */
              boolean closeIfIdle() {
                if (!k32.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), false)
                    && k32.GetLastError() == WinError.ERROR_IO_INCOMPLETE) {
                  return false;
                }
                k32.LocalFree(buffer);
                return true;
              }
            }
            """)
        .doTest();
  }

  @Test
  void cancelledThenReaderThreadJoined() {
    helper
        .addSourceLines(
            "JoinsReader.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class JoinsReader {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              JoinsReader(Kernel32 k32, String name) {
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

              private HANDLE reader;

              void start() {
                reader = k32.CreateThread("reader", this::readLoop);
              }

              private void readLoop() {
                IntByReference got = new IntByReference();
                while (k32.ReadFile(pipe, buffer, 64, got, ov)
                    || k32.GetLastError() == WinError.ERROR_IO_PENDING) {
                  if (!k32.GetOverlappedResult(pipe, ov.getPointer(), got, true)) {
                    return;
                  }
                }
              }

              /** The reader thread takes the aborted completion; close() waits for it to end. */
              void close() {
                k32.CancelIoEx(pipe, ov.getPointer());
                k32.WaitForSingleObject(reader, WinBase.INFINITE);
                k32.LocalFree(buffer);
                k32.CloseHandle(pipe);
              }
            }
            """)
        .doTest();
  }

  @Test
  void givingUpOnPendingIsTheOtherRulesFinding() {
    helper
        .addSourceLines(
            "GivesUp.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import java.io.IOException;

            final class GivesUp {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              GivesUp(Kernel32 k32, String name) {
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

              /** The release follows from taking a pending read for a failure: PendingTreatedAsFailure's. */
              void read(Memory scratch) throws IOException {
                if (!k32.ReadFile(pipe, scratch, 64, null, ov)) {
                  k32.LocalFree(scratch);
                  throw new IOException("read failed: " + k32.GetLastError());
                }
                k32.LocalFree(scratch);
              }
            }
            """)
        .doTest();
  }

  @Test
  void drainLoopThatMayNotRunAfterTheCancel() {
    helper
        .addSourceLines(
            "DrainLoop.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class DrainLoop {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              DrainLoop(Kernel32 k32, String name) {
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

              private HANDLE readerDone;
              private boolean reading;

              /** Posts a read; nextMessage() collects it. */
              void start() {
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
                reading = true;
              }

              private boolean readerBusy() {
                return k32.WaitForSingleObject(readerDone, 1000) == WinBase.WAIT_TIMEOUT;
              }

              /** The reader takes the aborted completion; the loop waits for it while one is in flight. */
              void close() {
                k32.CancelIoEx(pipe, ov.getPointer());
                while (reading && readerBusy()) {
                  reading = !reading;
                }
                k32.CloseHandle(pipe);
              }
            }
            """)
        .doTest();
  }

  @Test
  void cancelAndWaitOnlyWhenTheFlagSaysSo() {
    helper
        .addSourceLines(
            "FlaggedCancel.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class FlaggedCancel {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              FlaggedCancel(Kernel32 k32, String name) {
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

              private boolean reading;

              /** Posts a read; nextMessage() collects it. */
              void start() {
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
                reading = true;
              }

              /** Cancels and waits when a read is in flight; the other path has none to wait for. */
              void close() {
                if (reading) {
                  k32.CancelIoEx(pipe, ov.getPointer());
                  k32.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), true);
                  reading = false;
                }
                k32.LocalFree(buffer);
              }
            }
            """)
        .doTest();
  }

  // ---------------------------------------------------------------------------------------------
  // The bug

  @Test
  void freedRightAfterTheCancel() {
    helper
        .addSourceLines(
            "FreesAfterCancel.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class FreesAfterCancel {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              FreesAfterCancel(Kernel32 k32, String name) {
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

              /** Posts a read; nextMessage() collects it. */
              void start() {
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
              }

              void close() {
                k32.CancelIoEx(pipe, ov.getPointer());
                // BUG: Diagnostic contains: CancelIo/CancelIoEx only asks for the cancellation
                k32.LocalFree(buffer);
                k32.CloseHandle(ov.hEvent);
              }
            }
            """)
        .doTest();
  }

  @Test
  void sleepingDoesNotWaitForTheAbortedRead() {
    helper
        .addSourceLines(
            "SleepsAfterCancel.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class SleepsAfterCancel {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              SleepsAfterCancel(Kernel32 k32, String name) {
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

              /** Posts a read; nextMessage() collects it. */
              void start() {
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
              }

              void close() throws InterruptedException {
                k32.CancelIoEx(pipe, ov.getPointer());
                Thread.sleep(50);
                // BUG: Diagnostic contains: handle 'pipe' is closed while ReadFile may still be pending
                k32.CloseHandle(pipe);
              }
            }
            """)
        .doTest();
  }

  @Test
  void finallyFreesAfterATimeout() {
    helper
        .addSourceLines(
            "TimesOut.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.io.IOException;

            final class TimesOut {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              TimesOut(Kernel32 k32, String name) {
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

              int read(int timeout) throws IOException {
                Memory reply = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
                try {
                  if (!k32.ReadFile(pipe, reply, 64, null, ov)
                      && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                    throw new IOException("read failed");
                  }
                  if (k32.WaitForSingleObject(ov.hEvent, timeout) != WinBase.WAIT_OBJECT_0) {
                    throw new IOException("timed out");
                  }
                  return 64;
                } finally {
                  // BUG: Diagnostic contains: its buffer 'reply' is freed while ReadFile may still be pending
                  k32.LocalFree(reply);
                }
              }
            }
            """)
        .doTest();
  }

  /**
   * A conditional expression whose condition is known takes one arm: the state after it is that
   * arm's, not an empty one (the state used to be cleared there, and the read forgotten).
   */
  @Test
  void readStartedByAConditionalWithAKnownCondition() {
    helper
        .addSourceLines(
            "KnownArm.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class KnownArm {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final OVERLAPPED ov;

              KnownArm(Kernel32 k32, String name) {
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
                this.ov = new OVERLAPPED(k32);
                this.ov.hEvent = k32.CreateEvent(null, true, false, null);
              }

              void exchange() {
                Memory reply = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
                boolean reading = true;
                boolean started =
                    reading
                        ? k32.ReadFile(pipe, reply, 64, null, ov)
                        : k32.WriteFile(pipe, reply, 64, null, ov);
                if (!started && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("failed");
                }
                // BUG: Diagnostic contains: its buffer 'reply' is freed while ReadFile may still be pending
                k32.LocalFree(reply);
              }
            }
            """)
        .doTest();
  }

  @Test
  void pollSaidIncompleteThenCancelledAndClosed() {
    helper
        .addSourceLines(
            "PollThenClose.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class PollThenClose {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              PollThenClose(Kernel32 k32, String name) {
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

              /** Posts a read; nextMessage() collects it. */
              void start() {
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
              }

              void close() {
                if (!k32.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), false)
                    && k32.GetLastError() == WinError.ERROR_IO_INCOMPLETE) {
                  k32.CancelIoEx(pipe, ov.getPointer());
                }
                // BUG: Diagnostic contains: ReleasedWhilePending
                k32.CloseHandle(pipe);
              }
            }
            """)
        .doTest();
  }
}
