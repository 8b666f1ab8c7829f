package io.github.overlapcheck.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class SkippedCompletionUnhandledTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(SkippedCompletionUnhandled.class, getClass());

  @BeforeAll
  static void surfaceAnalysisErrors() {
    // Otherwise an analysis crash degrades to "no finding", and every negative test would pass.
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
  }

  // ---------------------------------------------------------------------------------------------
  // Near misses and correct code

  /** The TRUE path delivers the data and reads the count itself. */
  @Test
  void trueFinishedOnTheSpot() {
    helper
        .addSourceLines(
            "TrueFinishedOnTheSpot.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.util.function.Consumer;

            final class TrueFinishedOnTheSpot {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private final Consumer<byte[]> sink;
              private int syncReads;
              private boolean fastPath;

              TrueFinishedOnTheSpot(Kernel32 k32, String name, Consumer<byte[]> sink) {
                this.k32 = k32;
                this.sink = sink;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                k32.SetFileCompletionNotificationModes(pipe, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
              }

              void postRead() {
                if (k32.ReadFile(pipe, buffer, 256, null, ov.getPointer())) {
                  IntByReference got = new IntByReference();
                  k32.GetOverlappedResult(pipe, ov.getPointer(), got, false);
                  sink.accept(buffer.getByteArray(0, got.getValue()));
                  return;
                }
                int error = k32.GetLastError();
                if (error != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("ReadFile failed: error " + error);
                }
              }
            }
            """)
        .doTest();
  }

  /** Without skip-on-success a TRUE still queues a packet: leaving it to the port is right. */
  @Test
  void noSkipModeSoThePortGetsThePacket() {
    helper
        .addSourceLines(
            "NoSkipModeSoThePortGetsThePacket.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.util.function.Consumer;

            final class NoSkipModeSoThePortGetsThePacket {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private final Consumer<byte[]> sink;
              private int syncReads;
              private boolean fastPath;

              NoSkipModeSoThePortGetsThePacket(Kernel32 k32, String name, Consumer<byte[]> sink) {
                this.k32 = k32;
                this.sink = sink;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
              }

              void postRead() {
                if (!k32.ReadFile(pipe, buffer, 256, null, ov.getPointer())) {
                  int error = k32.GetLastError();
                  if (error != WinError.ERROR_IO_PENDING) {
                    throw new IllegalStateException("ReadFile failed: error " + error);
                  }
                }
              }
            }
            """)
        .doTest();
  }

  /** FILE_SKIP_SET_EVENT_ON_HANDLE alone still queues the packet. */
  @Test
  void onlyTheHandleEventIsSkipped() {
    helper
        .addSourceLines(
            "OnlyTheHandleEventIsSkipped.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.util.function.Consumer;

            final class OnlyTheHandleEventIsSkipped {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private final Consumer<byte[]> sink;
              private int syncReads;
              private boolean fastPath;

              OnlyTheHandleEventIsSkipped(Kernel32 k32, String name, Consumer<byte[]> sink) {
                this.k32 = k32;
                this.sink = sink;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                k32.SetFileCompletionNotificationModes(pipe, WinBase.FILE_SKIP_SET_EVENT_ON_HANDLE);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
              }

              void postRead() {
                if (!k32.ReadFile(pipe, buffer, 256, null, ov.getPointer())) {
                  int error = k32.GetLastError();
                  if (error != WinError.ERROR_IO_PENDING) {
                    throw new IllegalStateException("ReadFile failed: error " + error);
                  }
                }
              }
            }
            """)
        .doTest();
  }

  /** No port: a TRUE is not left to any handler (the result is read right after). */
  @Test
  void skipModeWithoutAPort() {
    helper
        .addSourceLines(
            "SkipModeWithoutAPort.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.util.function.Consumer;

            final class SkipModeWithoutAPort {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private final Consumer<byte[]> sink;
              private int syncReads;
              private boolean fastPath;

              SkipModeWithoutAPort(Kernel32 k32, String name, Consumer<byte[]> sink) {
                this.k32 = k32;
                this.sink = sink;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.port = k32.CreateEvent(null, true, false, null);
                k32.SetFileCompletionNotificationModes(pipe, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
              }

              int read() {
                if (!k32.ReadFile(pipe, buffer, 256, null, ov.getPointer())) {
                  int error = k32.GetLastError();
                  if (error != WinError.ERROR_IO_PENDING) {
                    throw new IllegalStateException("ReadFile failed: error " + error);
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

  /** The TRUE path queues the packet itself, so the handler does see it. */
  @Test
  void truePostedToThePortByHand() {
    helper
        .addSourceLines(
            "TruePostedToThePortByHand.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.util.function.Consumer;

            final class TruePostedToThePortByHand {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private final Consumer<byte[]> sink;
              private int syncReads;
              private boolean fastPath;

              TruePostedToThePortByHand(Kernel32 k32, String name, Consumer<byte[]> sink) {
                this.k32 = k32;
                this.sink = sink;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                k32.SetFileCompletionNotificationModes(pipe, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
              }

              void postRead() {
                if (k32.ReadFile(pipe, buffer, 256, null, ov.getPointer())) {
                  k32.PostQueuedCompletionStatus(port, 0, 1, ov.getPointer());
                  return;
                }
                int error = k32.GetLastError();
                if (error != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("ReadFile failed: error " + error);
                }
              }
            }
            """)
        .doTest();
  }

  /** The call's BOOL is returned: the caller finishes a TRUE. */
  @Test
  void callerToldWhetherItCompletedAtOnce() {
    helper
        .addSourceLines(
            "CallerToldWhetherItCompletedAtOnce.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.util.function.Consumer;

            final class CallerToldWhetherItCompletedAtOnce {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private final Consumer<byte[]> sink;
              private int syncReads;
              private boolean fastPath;

              CallerToldWhetherItCompletedAtOnce(Kernel32 k32, String name, Consumer<byte[]> sink) {
                this.k32 = k32;
                this.sink = sink;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                k32.SetFileCompletionNotificationModes(pipe, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
              }

              boolean postRead() {
                boolean done = k32.ReadFile(pipe, buffer, 256, null, ov.getPointer());
                if (!done && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("ReadFile failed");
                }
                return done;
              }
            }
            """)
        .doTest();
  }

  /** Skip mode remembered in a field; a TRUE is finished inline when it is on. */
  @Test
  void fastPathHonouredWhereItTookEffect() {
    helper
        .addSourceLines(
            "FastPathHonouredWhereItTookEffect.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.util.function.Consumer;

            final class FastPathHonouredWhereItTookEffect {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private final Consumer<byte[]> sink;
              private int syncReads;
              private boolean fastPath;

              FastPathHonouredWhereItTookEffect(Kernel32 k32, String name, Consumer<byte[]> sink) {
                this.k32 = k32;
                this.sink = sink;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                fastPath =
                    k32.SetFileCompletionNotificationModes(pipe, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
              }

              void postRead() {
                if (k32.ReadFile(pipe, buffer, 256, null, ov.getPointer())) {
                  if (fastPath) {
                    sink.accept(buffer.getByteArray(0, 256));
                  }
                  return;
                }
                int error = k32.GetLastError();
                if (error != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("ReadFile failed: error " + error);
                }
              }
            }
            """)
        .doTest();
  }

  /** A loop that goes on while the read returns TRUE, delivering each. */
  @Test
  void readsDrainedInlineWhileTheyCompleteAtOnce() {
    helper
        .addSourceLines(
            "ReadsDrainedInlineWhileTheyCompleteAtOnce.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.util.function.Consumer;

            final class ReadsDrainedInlineWhileTheyCompleteAtOnce {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private final Consumer<byte[]> sink;
              private int syncReads;
              private boolean fastPath;

              ReadsDrainedInlineWhileTheyCompleteAtOnce(Kernel32 k32, String name, Consumer<byte[]> sink) {
                this.k32 = k32;
                this.sink = sink;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                k32.SetFileCompletionNotificationModes(pipe, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
              }

              void postReads() {
                while (k32.ReadFile(pipe, buffer, 256, null, ov.getPointer())) {
                  sink.accept(buffer.getByteArray(0, 256));
                }
                int error = k32.GetLastError();
                if (error != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("ReadFile failed: error " + error);
                }
              }
            }
            """)
        .doTest();
  }

  // ---------------------------------------------------------------------------------------------
  // Findings

  /** A TRUE leaves like a pending read: nothing delivers it. */
  @Test
  void trueFallsThroughLikePending() {
    helper
        .addSourceLines(
            "TrueFallsThroughLikePending.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.util.function.Consumer;

            final class TrueFallsThroughLikePending {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private final Consumer<byte[]> sink;
              private int syncReads;
              private boolean fastPath;

              TrueFallsThroughLikePending(Kernel32 k32, String name, Consumer<byte[]> sink) {
                this.k32 = k32;
                this.sink = sink;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                k32.SetFileCompletionNotificationModes(pipe, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
              }

              void postRead() {
                // BUG: Diagnostic contains: no packet is queued
                if (!k32.ReadFile(pipe, buffer, 256, null, ov.getPointer())) {
                  int error = k32.GetLastError();
                  if (error != WinError.ERROR_IO_PENDING) {
                    throw new IllegalStateException("ReadFile failed: error " + error);
                  }
                }
              }
            }
            """)
        .doTest();
  }

  /** "Started" is true for both a TRUE and a pending read: the caller cannot tell. */
  @Test
  void startedFlagMergesTrueAndPending() {
    helper
        .addSourceLines(
            "StartedFlagMergesTrueAndPending.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.util.function.Consumer;

            final class StartedFlagMergesTrueAndPending {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private final Consumer<byte[]> sink;
              private int syncReads;
              private boolean fastPath;

              StartedFlagMergesTrueAndPending(Kernel32 k32, String name, Consumer<byte[]> sink) {
                this.k32 = k32;
                this.sink = sink;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                k32.SetFileCompletionNotificationModes(pipe, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
              }

              boolean postRead() {
                boolean started =
                    // BUG: Diagnostic contains: 'pipe' is bound to a completion port
                    k32.ReadFile(pipe, buffer, 256, null, ov.getPointer())
                        || k32.GetLastError() == WinError.ERROR_IO_PENDING;
                if (!started) {
                  k32.LocalFree(buffer);
                }
                return started;
              }
            }
            """)
        .doTest();
  }

  /** What follows the join is done for a pending read too: no finishing of its own. */
  @Test
  void sameBookkeepingOnBothPaths() {
    helper
        .addSourceLines(
            "SameBookkeepingOnBothPaths.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.util.function.Consumer;

            final class SameBookkeepingOnBothPaths {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private final Consumer<byte[]> sink;
              private int syncReads;
              private boolean fastPath;

              SameBookkeepingOnBothPaths(Kernel32 k32, String name, Consumer<byte[]> sink) {
                this.k32 = k32;
                this.sink = sink;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                k32.SetFileCompletionNotificationModes(pipe, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
              }

              void postRead() {
                // BUG: Diagnostic contains: does nothing the pending path does not
                if (!k32.ReadFile(pipe, buffer, 256, null, ov.getPointer())) {
                  int error = k32.GetLastError();
                  if (error != WinError.ERROR_IO_PENDING) {
                    throw new IllegalStateException("ReadFile failed: error " + error);
                  }
                }
                sink.accept(new byte[0]);
              }
            }
            """)
        .doTest();
  }

  /** Counting a synchronous completion does not finish it. */
  @Test
  void trueOnlyCounted() {
    helper
        .addSourceLines(
            "TrueOnlyCounted.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.util.function.Consumer;

            final class TrueOnlyCounted {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private final Consumer<byte[]> sink;
              private int syncReads;
              private boolean fastPath;

              TrueOnlyCounted(Kernel32 k32, String name, Consumer<byte[]> sink) {
                this.k32 = k32;
                this.sink = sink;
                this.pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                k32.SetFileCompletionNotificationModes(pipe, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
              }

              void postRead() {
                // BUG: Diagnostic contains: ReadFile may complete at once
                if (k32.ReadFile(pipe, buffer, 256, null, ov.getPointer())) {
                  syncReads++;
                  return;
                }
                int error = k32.GetLastError();
                if (error != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("ReadFile failed: error " + error);
                }
              }
            }
            """)
        .doTest();
  }
}
