package io.github.overlapcheck.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class FailureTreatedAsPendingTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(FailureTreatedAsPending.class, getClass());

  @BeforeAll
  static void surfaceAnalysisErrors() {
    // Otherwise an analysis crash degrades to "no finding", and every negative test would pass.
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
  }

  // ---------------------------------------------------------------------------------------------
  // Near misses and correct code

  @Test
  void waitOnlyAfterPendingChecked() {
    helper
        .addSourceLines(
            "ChecksPendingFirst.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.io.IOException;

            final class ChecksPendingFirst {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              ChecksPendingFirst(Kernel32 k32, String name) {
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

              /** Every error but ERROR_IO_PENDING leaves before the wait. */
              int read() throws IOException {
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IOException("read failed: " + k32.GetLastError());
                }
                IntByReference got = new IntByReference();
                if (!k32.GetOverlappedResult(pipe, ov.getPointer(), got, true)) {
                  throw new IOException("read failed: " + k32.GetLastError());
                }
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void resultNeverLookedAt() {
    helper
        .addSourceLines(
            "IgnoresResult.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;

            final class IgnoresResult {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              IgnoresResult(Kernel32 k32, String name) {
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

              /** Errors are ignored here, not taken for a pending read: another rule's business, if any. */
              void read() {
                k32.ReadFile(pipe, buffer, 64, null, ov);
                k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
              }
            }
            """)
        .doTest();
  }

  @Test
  void failurePathWaitsOnlyOnTheStopEvent() {
    helper
        .addSourceLines(
            "BacksOffOnStop.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class BacksOffOnStop {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              BacksOffOnStop(Kernel32 k32, String name) {
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

              private final HANDLE stop = null;

              /**
               * On a failure the loop waits on its stop event before retrying; the read's event only after a
               * start.
               */
              void pump() {
                while (true) {
                  if (!k32.ReadFile(pipe, buffer, 64, null, ov)) {
                    int error = k32.GetLastError();
                    if (error != WinError.ERROR_IO_PENDING) {
                      if (k32.WaitForSingleObject(stop, 1000) == WinBase.WAIT_OBJECT_0) {
                        return;
                      }
                      continue;
                    }
                  }
                  k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void pollingDoesNotWait() {
    helper
        .addSourceLines(
            "Polls.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;

            final class Polls {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              Polls(Kernel32 k32, String name) {
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

              /** GetOverlappedResult without bWait only polls: after a failure it reports, it does not hang. */
              boolean poll() {
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)) {
                  return k32.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), false);
                }
                return true;
              }
            }
            """)
        .doTest();
  }

  @Test
  void startedFlagCheckedInFinally() {
    helper
        .addSourceLines(
            "StartedFlag.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.io.IOException;

            final class StartedFlag {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              StartedFlag(Kernel32 k32, String name) {
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

              /** The finally completes the write only when the flag says it was started. */
              void send(int n) throws IOException {
                boolean writing = false;
                try {
                  for (int i = 0; i < n; i++) {
                    if (writing) {
                      k32.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), true);
                      writing = false;
                    }
                    if (!k32.WriteFile(pipe, buffer, 64, null, ov)
                        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                      throw new IOException("write failed: " + k32.GetLastError());
                    }
                    writing = true;
                  }
                } finally {
                  if (writing) {
                    k32.CancelIoEx(pipe, ov.getPointer());
                    k32.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), true);
                  }
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void eventSignalledByHandWhenAlreadyConnected() {
    helper
        .addSourceLines(
            "SignalsConnected.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.io.IOException;

            final class SignalsConnected {
              /** A client that came first is signalled by hand, so the shared wait returns at once. */
              static void accept(Kernel32 k32, String name) throws IOException {
                HANDLE pipe =
                    k32.CreateNamedPipe(
                        name,
                        WinBase.PIPE_ACCESS_DUPLEX | WinBase.FILE_FLAG_OVERLAPPED,
                        WinBase.PIPE_TYPE_BYTE,
                        1,
                        512,
                        512,
                        0,
                        null);
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                if (!k32.ConnectNamedPipe(pipe, ov)) {
                  int error = k32.GetLastError();
                  switch (error) {
                    case WinError.ERROR_IO_PENDING:
                      break;
                    case WinError.ERROR_PIPE_CONNECTED:
                      k32.SetEvent(ov.hEvent);
                      break;
                    default:
                      throw new IOException("connect failed: " + error);
                  }
                }
                k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
              }
            }
            """)
        .doTest();
  }

  @Test
  void overlappedReusedByALaterOperation() {
    helper
        .addSourceLines(
            "ReusesOverlapped.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.io.IOException;

            final class ReusesOverlapped {
              /**
               * The connect may have failed with ERROR_PIPE_CONNECTED; the wait is for the read issued since.
               */
              static int serve(Kernel32 k32, String name, Memory in) throws IOException {
                HANDLE pipe =
                    k32.CreateNamedPipe(
                        name,
                        WinBase.PIPE_ACCESS_DUPLEX | WinBase.FILE_FLAG_OVERLAPPED,
                        WinBase.PIPE_TYPE_BYTE,
                        1,
                        512,
                        512,
                        0,
                        null);
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                if (!k32.ConnectNamedPipe(pipe, ov)) {
                  int error = k32.GetLastError();
                  if (error == WinError.ERROR_IO_PENDING) {
                    k32.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), true);
                  } else if (error != WinError.ERROR_PIPE_CONNECTED) {
                    throw new IOException("connect failed: " + error);
                  }
                }
                if (!k32.ReadFile(pipe, in, 64, null, ov) && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IOException("read failed: " + k32.GetLastError());
                }
                IntByReference got = new IntByReference();
                k32.GetOverlappedResult(pipe, ov.getPointer(), got, true);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void wrongCodeIsTheOtherRulesFinding() {
    helper
        .addSourceLines(
            "WrongCode.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.io.IOException;

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

              /**
               * ERROR_IO_INCOMPLETE is GetOverlappedResult's code: a read never fails with it, so the wait is
               * reached only after TRUE. The mistake (a pending read thrown away) is PendingTreatedAsFailure's.
               */
              void read() throws IOException {
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)) {
                  int error = k32.GetLastError();
                  if (error != WinError.ERROR_IO_INCOMPLETE) {
                    throw new IOException("read failed: " + error);
                  }
                }
                k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
              }
            }
            """)
        .doTest();
  }

  @Test
  void switchCasesThatFallThroughShareTheirExit() {
    helper
        .addSourceLines(
            "SharedCaseExit.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.io.IOException;

            final class SharedCaseExit {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              SharedCaseExit(Kernel32 k32, String name) {
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

              /** The broken-pipe case falls through to the aborted case's return: only a pending read waits. */
              int read() throws IOException {
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)) {
                  int error = k32.GetLastError();
                  switch (error) {
                    case WinError.ERROR_BROKEN_PIPE:
                    case WinError.ERROR_OPERATION_ABORTED:
                      return -1;
                    case WinError.ERROR_IO_PENDING:
                      break;
                    default:
                      throw new IOException("read failed: " + error);
                  }
                }
                IntByReference got = new IntByReference();
                k32.GetOverlappedResult(pipe, ov.getPointer(), got, true);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void errorCodeSuccessMeansTheCallReturnedTrue() {
    helper
        .addSourceLines(
            "SuccessCode.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class SuccessCode {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              SuccessCode(Kernel32 k32, String name) {
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

              /**
               * ERROR_SUCCESS stands for TRUE here: the wait is reached only after TRUE or ERROR_IO_PENDING.
               */
              int write() {
                boolean ok = k32.WriteFile(pipe, buffer, 64, null, ov);
                int error = ok ? WinError.ERROR_SUCCESS : k32.GetLastError();
                if (error != WinError.ERROR_SUCCESS && error != WinError.ERROR_IO_PENDING) {
                  return error;
                }
                k32.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), true);
                return WinError.ERROR_SUCCESS;
              }
            }
            """)
        .doTest();
  }

  @Test
  void startedFlagSaysTheCaughtFailureStartedNothing() {
    helper
        .addSourceLines(
            "FlagAfterCatch.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.io.IOException;

            final class FlagAfterCatch {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              FlagAfterCatch(Kernel32 k32, String name) {
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

              /** The catch takes the failure that started nothing; the flag says whether to complete. */
              void send() {
                boolean writing = false;
                try {
                  if (!k32.WriteFile(pipe, buffer, 64, null, ov)
                      && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                    throw new IOException("write failed: " + k32.GetLastError());
                  }
                  writing = true;
                } catch (IOException e) {
                  System.err.println(e.getMessage());
                }
                if (writing) {
                  k32.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), true);
                }
              }
            }
            """)
        .doTest();
  }

  // ---------------------------------------------------------------------------------------------
  // The bug

  @Test
  void everyFalseTakenForPending() {
    helper
        .addSourceLines(
            "AnyFalseWaits.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;

            final class AnyFalseWaits {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              AnyFalseWaits(Kernel32 k32, String name) {
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

              void read() {
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)) {
                  // BUG: Diagnostic contains: it gets here also when ReadFile returned FALSE with an error
                  // other than ERROR_IO_PENDING
                  k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void errorLoggedThenFallsThroughToTheWait() {
    helper
        .addSourceLines(
            "LogsAndWaits.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class LogsAndWaits {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              LogsAndWaits(Kernel32 k32, String name) {
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

              int read() {
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)) {
                  int error = k32.GetLastError();
                  if (error != WinError.ERROR_IO_PENDING) {
                    System.err.println("read failed: " + error);
                  }
                }
                IntByReference got = new IntByReference();
                // BUG: Diagnostic contains: this waits for ReadFile on 'pipe' to complete
                k32.GetOverlappedResult(pipe, ov.getPointer(), got, true);
                return got.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void invertedConditionLeadsToTheWait() {
    helper
        .addSourceLines(
            "Inverted.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Inverted {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              Inverted(Kernel32 k32, String name) {
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

              void read() {
                if (!k32.ReadFile(pipe, buffer, 64, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  // BUG: Diagnostic contains: FailureTreatedAsPending
                  k32.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), true);
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void alreadyConnectedPipeThenWait() {
    helper
        .addSourceLines(
            "WaitsWhenConnected.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.io.IOException;

            final class WaitsWhenConnected {
              static void accept(Kernel32 k32, String name) throws IOException {
                HANDLE pipe =
                    k32.CreateNamedPipe(
                        name,
                        WinBase.PIPE_ACCESS_DUPLEX | WinBase.FILE_FLAG_OVERLAPPED,
                        WinBase.PIPE_TYPE_BYTE,
                        1,
                        512,
                        512,
                        0,
                        null);
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                if (!k32.ConnectNamedPipe(pipe, ov)) {
                  int error = k32.GetLastError();
                  if (error != WinError.ERROR_IO_PENDING && error != WinError.ERROR_PIPE_CONNECTED) {
                    throw new IOException("connect failed: " + error);
                  }
                  // BUG: Diagnostic contains: ConnectNamedPipe returned FALSE
                  k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void decisionKeptInALocal() {
    helper
        .addSourceLines(
            "KeptInLocal.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class KeptInLocal {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              KeptInLocal(Kernel32 k32, String name) {
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

              /** Waits unless the error was ERROR_NO_DATA: every other failure is taken for pending. */
              void read() {
                boolean ok = k32.ReadFile(pipe, buffer, 64, null, ov);
                boolean mustWait = !ok && k32.GetLastError() != WinError.ERROR_NO_DATA;
                if (mustWait) {
                  // BUG: Diagnostic contains: FailureTreatedAsPending
                  k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void finallyCompletesAfterTheHelperThrew() {
    helper
        .addSourceLines(
            "HelperThrows.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.io.IOException;

            final class HelperThrows {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory buffer;
              private final OVERLAPPED ov;

              HelperThrows(Kernel32 k32, String name) {
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

              private void requireStarted(boolean ok) throws IOException {
                if (!ok && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IOException("read failed: " + k32.GetLastError());
                }
              }

              /** The finally "completes" the read also when the helper threw because nothing was started. */
              void read() throws IOException {
                try {
                  requireStarted(k32.ReadFile(pipe, buffer, 64, null, ov));
                } finally {
                  // BUG: Diagnostic contains: FailureTreatedAsPending
                  k32.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), true);
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void eventFieldTheConstructorPutInTheOverlapped() {
    helper
        .addSourceLines(
            "EventField.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;

            final class EventField {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE connected;
              private final OVERLAPPED connectOv;

              EventField(Kernel32 k32, String name) {
                this.k32 = k32;
                this.pipe =
                    k32.CreateNamedPipe(
                        name,
                        WinBase.PIPE_ACCESS_DUPLEX | WinBase.FILE_FLAG_OVERLAPPED,
                        WinBase.PIPE_TYPE_BYTE,
                        1,
                        512,
                        512,
                        0,
                        null);
                this.connected = k32.CreateEvent(null, true, false, null);
                this.connectOv = new OVERLAPPED(k32);
                this.connectOv.hEvent = connected;
              }

              /** Waits for the client whenever the connect returned FALSE, also when it is already there. */
              void accept() {
                if (!k32.ConnectNamedPipe(pipe, connectOv)) {
                  // BUG: Diagnostic contains: ConnectNamedPipe
                  k32.WaitForSingleObject(connected, WinBase.INFINITE);
                }
              }
            }
            """)
        .doTest();
  }
}
