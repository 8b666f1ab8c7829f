package io.github.overlapcheck.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class ModifiedWhilePendingTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(ModifiedWhilePending.class, getClass());

  @BeforeAll
  static void surfaceAnalysisErrors() {
    // Otherwise an analysis crash degrades to "no finding", and every negative test would pass.
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
  }

  // ---------------------------------------------------------------------------------------------
  // Near misses and correct code

  /** Looking at the buffer is not writing it. */
  @Test
  void readingTheBufferWhilePendingIsFine() {
    helper
        .addSourceLines(
            "ReadingTheBufferWhilePendingIsFine.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class ReadingTheBufferWhilePendingIsFine {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private boolean writeInFlight;

              ReadingTheBufferWhilePendingIsFine(Kernel32 k32, String name) {
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
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                ov.write();
              }

              byte first() {
                if (!k32.ReadFile(pipe, buffer, 256, null, ov.getPointer())) {
                  int error = k32.GetLastError();
                  if (error != WinError.ERROR_IO_PENDING) {
                    throw new IllegalStateException("failed: error " + error);
                  }
                }
                byte peek = buffer.getByte(0);
                IntByReference got = new IntByReference();
                k32.GetOverlappedResult(pipe, ov.getPointer(), got, true);
                return peek;
              }
            }
            """)
        .doTest();
  }

  /** The buffer is refilled after the wait for the write that used it. */
  @Test
  void writtenOnceTheWriteIsOver() {
    helper
        .addSourceLines(
            "WrittenOnceTheWriteIsOver.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class WrittenOnceTheWriteIsOver {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private boolean writeInFlight;

              WrittenOnceTheWriteIsOver(Kernel32 k32, String name) {
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
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                ov.write();
              }

              void sendTwice(byte[] a, byte[] b) {
                buffer.write(0, a, 0, a.length);
                if (!k32.WriteFile(pipe, buffer, a.length, null, ov.getPointer())) {
                  int error = k32.GetLastError();
                  if (error != WinError.ERROR_IO_PENDING) {
                    throw new IllegalStateException("failed: error " + error);
                  }
                }
                IntByReference got = new IntByReference();
                k32.GetOverlappedResult(pipe, ov.getPointer(), got, true);
                buffer.write(0, b, 0, b.length);
                if (!k32.WriteFile(pipe, buffer, b.length, null, ov.getPointer())) {
                  int error = k32.GetLastError();
                  if (error != WinError.ERROR_IO_PENDING) {
                    throw new IllegalStateException("failed: error " + error);
                  }
                }
                k32.GetOverlappedResult(pipe, ov.getPointer(), got, true);
              }
            }
            """)
        .doTest();
  }

  /** Each iteration allocates its own request: nothing in flight is touched. */
  @Test
  void freshRequestForEachWrite() {
    helper
        .addSourceLines(
            "FreshRequestForEachWrite.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class FreshRequestForEachWrite {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private boolean writeInFlight;

              FreshRequestForEachWrite(Kernel32 k32, String name) {
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
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                ov.write();
              }

              void sendAll(byte[][] records) {
                for (byte[] r : records) {
                  Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + r.length);
                  request.write(OVERLAPPED.SIZE, r, 0, r.length);
                  if (!k32.WriteFile(pipe, request.share(OVERLAPPED.SIZE), r.length, null, request)
                      && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                    k32.LocalFree(request);
                    return;
                  }
                }
              }
            }
            """)
        .doTest();
  }

  /** A field that says a write is in flight, tested before the buffer is refilled. */
  @Test
  void flagFieldGuardsTheRefill() {
    helper
        .addSourceLines(
            "FlagFieldGuardsTheRefill.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class FlagFieldGuardsTheRefill {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private boolean writeInFlight;

              FlagFieldGuardsTheRefill(Kernel32 k32, String name) {
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
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                ov.write();
              }

              boolean send(byte[] data) {
                if (writeInFlight) {
                  return false;
                }
                buffer.write(0, data, 0, data.length);
                if (!k32.WriteFile(pipe, buffer, data.length, null, ov.getPointer())) {
                  int error = k32.GetLastError();
                  if (error != WinError.ERROR_IO_PENDING) {
                    throw new IllegalStateException("failed: error " + error);
                  }
                }
                writeInFlight = true;
                return true;
              }

              void onWriteDone() {
                IntByReference sent = new IntByReference();
                k32.GetOverlappedResult(pipe, ov.getPointer(), sent, true);
                writeInFlight = false;
              }
            }
            """)
        .doTest();
  }

  /** Double buffering through an array: the write may use the other buffer. */
  @Test
  void eitherOfTwoBuffers() {
    helper
        .addSourceLines(
            "EitherOfTwoBuffers.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class EitherOfTwoBuffers {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private boolean writeInFlight;

              EitherOfTwoBuffers(Kernel32 k32, String name) {
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
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                ov.write();
              }

              void copy(Memory[] halves, int chunks) {
                int current = 0;
                for (int i = 0; i < chunks; i++) {
                  halves[current].setInt(0, i);
                  if (!k32.WriteFile(pipe, halves[current], 4, null, ov.getPointer())
                      && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                    return;
                  }
                  current ^= 1;
                  IntByReference got = new IntByReference();
                  k32.GetOverlappedResult(pipe, ov.getPointer(), got, true);
                }
              }
            }
            """)
        .doTest();
  }

  /** The next read is posted once the previous read's packet was dequeued. */
  @Test
  void reissuedFromTheCompletionLoop() {
    helper
        .addSourceLines(
            "ReissuedFromTheCompletionLoop.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.PointerByReference;
            import io.github.overlapcheck.runtime.ULONG_PTRByReference;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class ReissuedFromTheCompletionLoop {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private boolean writeInFlight;

              ReissuedFromTheCompletionLoop(Kernel32 k32, String name) {
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
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                ov.write();
              }

              void serve() {
                if (!k32.ReadFile(pipe, buffer, 256, null, ov.getPointer())) {
                  int error = k32.GetLastError();
                  if (error != WinError.ERROR_IO_PENDING) {
                    throw new IllegalStateException("failed: error " + error);
                  }
                }
                IntByReference bytes = new IntByReference();
                ULONG_PTRByReference key = new ULONG_PTRByReference();
                PointerByReference done = new PointerByReference();
                while (k32.GetQueuedCompletionStatus(port, bytes, key, done, WinBase.INFINITE)) {
                  buffer.setInt(0, 0);
                  if (!k32.ReadFile(pipe, buffer, 256, null, ov.getPointer())) {
                    int error = k32.GetLastError();
                    if (error != WinError.ERROR_IO_PENDING) {
                      throw new IllegalStateException("failed: error " + error);
                    }
                  }
                }
              }
            }
            """)
        .doTest();
  }

  /** The write returned TRUE: it is over, and the buffer is free again. */
  @Test
  void refilledAfterItCompletedAtOnce() {
    helper
        .addSourceLines(
            "RefilledAfterItCompletedAtOnce.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;

            final class RefilledAfterItCompletedAtOnce {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private boolean writeInFlight;

              RefilledAfterItCompletedAtOnce(Kernel32 k32, String name) {
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
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                ov.write();
              }

              void send(byte[] a, byte[] b) {
                buffer.write(0, a, 0, a.length);
                if (k32.WriteFile(pipe, buffer, a.length, null, ov.getPointer())) {
                  buffer.write(0, b, 0, b.length);
                }
              }
            }
            """)
        .doTest();
  }

  // ---------------------------------------------------------------------------------------------
  // Findings

  /** The previous send()'s write may still be pending when the buffer is refilled. */
  @Test
  void refilledBeforeTheWaitForThePreviousWrite() {
    helper
        .addSourceLines(
            "RefilledBeforeTheWaitForThePreviousWrite.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class RefilledBeforeTheWaitForThePreviousWrite {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private boolean writeInFlight;

              RefilledBeforeTheWaitForThePreviousWrite(Kernel32 k32, String name) {
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
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                ov.write();
              }

              void send(byte[] data) {
                // BUG: Diagnostic contains: buffer 'buffer' is written while WriteFile may still be pending
                buffer.write(0, data, 0, data.length);
                awaitPrevious();
                if (!k32.WriteFile(pipe, buffer, data.length, null, ov.getPointer())) {
                  int error = k32.GetLastError();
                  if (error != WinError.ERROR_IO_PENDING) {
                    throw new IllegalStateException("failed: error " + error);
                  }
                }
                writeInFlight = true;
              }

              private void awaitPrevious() {
                if (writeInFlight) {
                  IntByReference sent = new IntByReference();
                  k32.GetOverlappedResult(pipe, ov.getPointer(), sent, true);
                  writeInFlight = false;
                }
              }
            }
            """)
        .doTest();
  }

  /** The write reuses the OVERLAPPED of a read that may be pending. */
  @Test
  void oneOverlappedForTwoOperations() {
    helper
        .addSourceLines(
            "OneOverlappedForTwoOperations.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class OneOverlappedForTwoOperations {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private boolean writeInFlight;

              OneOverlappedForTwoOperations(Kernel32 k32, String name) {
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
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                ov.write();
              }

              void exchange(Memory reply, int n) {
                if (!k32.ReadFile(pipe, buffer, 256, null, ov.getPointer())) {
                  int error = k32.GetLastError();
                  if (error != WinError.ERROR_IO_PENDING) {
                    throw new IllegalStateException("failed: error " + error);
                  }
                }
                // BUG: Diagnostic contains: WriteFile is issued with OVERLAPPED 'ov' while ReadFile
                if (!k32.WriteFile(pipe, reply, n, null, ov.getPointer())) {
                  k32.GetLastError();
                }
                IntByReference got = new IntByReference();
                k32.GetOverlappedResult(pipe, ov.getPointer(), got, true);
              }
            }
            """)
        .doTest();
  }

  /** Writing the Structure copies its Java fields over the request in flight. */
  @Test
  void overlappedRewrittenWhilePending() {
    helper
        .addSourceLines(
            "OverlappedRewrittenWhilePending.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class OverlappedRewrittenWhilePending {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private boolean writeInFlight;

              OverlappedRewrittenWhilePending(Kernel32 k32, String name) {
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
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                ov.write();
              }

              void rearm() {
                if (!k32.ReadFile(pipe, buffer, 256, null, ov.getPointer())) {
                  int error = k32.GetLastError();
                  if (error != WinError.ERROR_IO_PENDING) {
                    throw new IllegalStateException("failed: error " + error);
                  }
                }
                ov.Offset = 0;
                // BUG: Diagnostic contains: OVERLAPPED 'ov' is written while ReadFile may still be pending
                ov.write();
                IntByReference got = new IntByReference();
                k32.GetOverlappedResult(pipe, ov.getPointer(), got, true);
              }
            }
            """)
        .doTest();
  }

  /** Writing into the buffer races the data the read delivers. */
  @Test
  void bufferStampedWhileTheReadIsPending() {
    helper
        .addSourceLines(
            "BufferStampedWhileTheReadIsPending.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class BufferStampedWhileTheReadIsPending {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory buffer;
              private final OVERLAPPED ov;
              private boolean writeInFlight;

              BufferStampedWhileTheReadIsPending(Kernel32 k32, String name) {
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
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                this.buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, 256);
                this.ov = new OVERLAPPED(k32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                ov.write();
              }

              byte[] read() {
                if (!k32.ReadFile(pipe, buffer, 256, null, ov.getPointer())) {
                  int error = k32.GetLastError();
                  if (error != WinError.ERROR_IO_PENDING) {
                    throw new IllegalStateException("failed: error " + error);
                  }
                }
                // BUG: Diagnostic contains: buffer 'buffer' is written while ReadFile may still be pending
                buffer.setInt(0, 0);
                IntByReference got = new IntByReference();
                k32.GetOverlappedResult(pipe, ov.getPointer(), got, true);
                return buffer.getByteArray(0, got.getValue());
              }
            }
            """)
        .doTest();
  }
}
