package io.github.overlapcheck.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AsyncBytesTransferredUsed across methods: a count out-parameter kept in a request object by the
 * method that issues the read, and read by the method that takes the completion from the port.
 */
final class AsyncBytesTransferredUsedAcrossMethodsTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(AsyncBytesTransferredUsed.class, getClass());

  @BeforeAll
  static void surfaceAnalysisErrors() {
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
  }

  /**
   * The port loop sizes the data from the count the request kept: 0 for a read that went pending.
   */
  @Test
  void countFieldReadAfterDequeue() {
    helper
        .addSourceLines(
            "PortReader.java",
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
            import java.util.HashMap;
            import java.util.Map;

            final class PortReader {
              static final class Request {
                final Memory buffer;
                final OVERLAPPED ov;
                final IntByReference count = new IntByReference();

                Request(Kernel32 k32) {
                  buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 256);
                  ov = new OVERLAPPED(k32);
                }
              }

              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Map<Long, Request> inFlight = new HashMap<>();

              PortReader(Kernel32 k32, HANDLE overlappedPipe) {
                this.k32 = k32;
                this.pipe = overlappedPipe;
                this.port = k32.CreateIoCompletionPort(overlappedPipe, null, 1L, 1);
              }

              void submit() {
                Request req = new Request(k32);
                inFlight.put(req.ov.getPointer().address(), req);
                if (!k32.ReadFile(pipe, req.buffer, 256, req.count, req.ov.getPointer())
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read not started");
                }
              }

              /** The bytes of the next completed read. */
              int next() {
                IntByReference bytes = new IntByReference();
                ULONG_PTRByReference key = new ULONG_PTRByReference();
                PointerByReference overlapped = new PointerByReference();
                if (!k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE)) {
                  throw new IllegalStateException("port failed");
                }
                Request req = inFlight.remove(overlapped.getValue().address());
                // BUG: Diagnostic contains: is the bytes-transferred out-parameter of ReadFile
                return req.count.getValue();
              }
            }
            """)
        .doTest();
  }

  /** The packet's count: right. */
  @Test
  void packetCountUsed() {
    helper
        .addSourceLines(
            "PortReader.java",
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
            import java.util.HashMap;
            import java.util.Map;

            final class PortReader {
              static final class Request {
                final Memory buffer;
                final OVERLAPPED ov;
                final IntByReference count = new IntByReference();

                Request(Kernel32 k32) {
                  buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 256);
                  ov = new OVERLAPPED(k32);
                }
              }

              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Map<Long, Request> inFlight = new HashMap<>();

              PortReader(Kernel32 k32, HANDLE overlappedPipe) {
                this.k32 = k32;
                this.pipe = overlappedPipe;
                this.port = k32.CreateIoCompletionPort(overlappedPipe, null, 1L, 1);
              }

              void submit() {
                Request req = new Request(k32);
                inFlight.put(req.ov.getPointer().address(), req);
                if (!k32.ReadFile(pipe, req.buffer, 256, req.count, req.ov.getPointer())
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read not started");
                }
              }

              /** The bytes of the next completed read. */
              int next() {
                IntByReference bytes = new IntByReference();
                ULONG_PTRByReference key = new ULONG_PTRByReference();
                PointerByReference overlapped = new PointerByReference();
                if (!k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE)) {
                  throw new IllegalStateException("port failed");
                }
                Request req = inFlight.remove(overlapped.getValue().address());
                return bytes.getValue();
              }
            }
            """)
        .doTest();
  }

  /** No packet was taken here: whether the read completed at once is the caller's knowledge. */
  @Test
  void countFieldReadWithoutPacket() {
    helper
        .addSourceLines(
            "PortReader.java",
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
            import java.util.HashMap;
            import java.util.Map;

            final class PortReader {
              static final class Request {
                final Memory buffer;
                final OVERLAPPED ov;
                final IntByReference count = new IntByReference();

                Request(Kernel32 k32) {
                  buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 256);
                  ov = new OVERLAPPED(k32);
                }
              }

              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Map<Long, Request> inFlight = new HashMap<>();

              PortReader(Kernel32 k32, HANDLE overlappedPipe) {
                this.k32 = k32;
                this.pipe = overlappedPipe;
                this.port = k32.CreateIoCompletionPort(overlappedPipe, null, 1L, 1);
              }

              void submit() {
                Request req = new Request(k32);
                inFlight.put(req.ov.getPointer().address(), req);
                if (!k32.ReadFile(pipe, req.buffer, 256, req.count, req.ov.getPointer())
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read not started");
                }
              }

              /** The bytes of the next completed read. */
              int next() {
                IntByReference bytes = new IntByReference();
                ULONG_PTRByReference key = new ULONG_PTRByReference();
                PointerByReference overlapped = new PointerByReference();
                // No packet taken: the caller found the read completed at once, and the count is its.
                Request req = inFlight.remove(overlapped.getValue().address());
                k32.LocalFree(req.buffer);
                return req.count.getValue();
              }
            }
            """)
        .doTest();
  }

  /** GetOverlappedResult stores the final count in the same field before it is read. */
  @Test
  void resultAskedIntoTheField() {
    helper
        .addSourceLines(
            "PortReader.java",
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
            import java.util.HashMap;
            import java.util.Map;

            final class PortReader {
              static final class Request {
                final Memory buffer;
                final OVERLAPPED ov;
                final IntByReference count = new IntByReference();

                Request(Kernel32 k32) {
                  buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 256);
                  ov = new OVERLAPPED(k32);
                }
              }

              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Map<Long, Request> inFlight = new HashMap<>();

              PortReader(Kernel32 k32, HANDLE overlappedPipe) {
                this.k32 = k32;
                this.pipe = overlappedPipe;
                this.port = k32.CreateIoCompletionPort(overlappedPipe, null, 1L, 1);
              }

              void submit() {
                Request req = new Request(k32);
                inFlight.put(req.ov.getPointer().address(), req);
                if (!k32.ReadFile(pipe, req.buffer, 256, req.count, req.ov.getPointer())
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read not started");
                }
              }

              /** The bytes of the next completed read. */
              int next() {
                IntByReference bytes = new IntByReference();
                ULONG_PTRByReference key = new ULONG_PTRByReference();
                PointerByReference overlapped = new PointerByReference();
                if (!k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE)) {
                  throw new IllegalStateException("port failed");
                }
                Request req = inFlight.remove(overlapped.getValue().address());
                k32.GetOverlappedResult(pipe, req.ov.getPointer(), req.count, false);
                return req.count.getValue();
              }
            }
            """)
        .doTest();
  }

  /** The call was given null; the loop stores the packet's count in the field itself. */
  @Test
  void nullCountField() {
    helper
        .addSourceLines(
            "PortReader.java",
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
            import java.util.HashMap;
            import java.util.Map;

            final class PortReader {
              static final class Request {
                final Memory buffer;
                final OVERLAPPED ov;
                final IntByReference count = new IntByReference();

                Request(Kernel32 k32) {
                  buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 256);
                  ov = new OVERLAPPED(k32);
                }
              }

              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Map<Long, Request> inFlight = new HashMap<>();

              PortReader(Kernel32 k32, HANDLE overlappedPipe) {
                this.k32 = k32;
                this.pipe = overlappedPipe;
                this.port = k32.CreateIoCompletionPort(overlappedPipe, null, 1L, 1);
              }

              void submit() {
                Request req = new Request(k32);
                inFlight.put(req.ov.getPointer().address(), req);
                if (!k32.ReadFile(pipe, req.buffer, 256, null, req.ov.getPointer())
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read not started");
                }
              }

              /** The bytes of the next completed read. */
              int next() {
                IntByReference bytes = new IntByReference();
                ULONG_PTRByReference key = new ULONG_PTRByReference();
                PointerByReference overlapped = new PointerByReference();
                if (!k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE)) {
                  throw new IllegalStateException("port failed");
                }
                Request req = inFlight.remove(overlapped.getValue().address());
                req.count.setValue(bytes.getValue());
                return req.count.getValue();
              }
            }
            """)
        .doTest();
  }

  /** A field of the same name in another class is another field. */
  @Test
  void sameNameInAnotherClass() {
    helper
        .addSourceLines(
            "PortReader.java",
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
            import java.util.HashMap;
            import java.util.Map;

            final class PortReader {
              static final class Request {
                final Memory buffer;
                final OVERLAPPED ov;
                final IntByReference count = new IntByReference();

                Request(Kernel32 k32) {
                  buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 256);
                  ov = new OVERLAPPED(k32);
                }
              }

              static final class Reply {
                final IntByReference count = new IntByReference();
              }

              private final Map<Long, Reply> replies = new HashMap<>();
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Map<Long, Request> inFlight = new HashMap<>();

              PortReader(Kernel32 k32, HANDLE overlappedPipe) {
                this.k32 = k32;
                this.pipe = overlappedPipe;
                this.port = k32.CreateIoCompletionPort(overlappedPipe, null, 1L, 1);
              }

              void submit() {
                Request req = new Request(k32);
                inFlight.put(req.ov.getPointer().address(), req);
                if (!k32.ReadFile(pipe, req.buffer, 256, req.count, req.ov.getPointer())
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read not started");
                }
              }

              /** The bytes of the next completed read. */
              int next() {
                IntByReference bytes = new IntByReference();
                ULONG_PTRByReference key = new ULONG_PTRByReference();
                PointerByReference overlapped = new PointerByReference();
                if (!k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE)) {
                  throw new IllegalStateException("port failed");
                }
                Request req = inFlight.remove(overlapped.getValue().address());
                Reply reply = replies.get(key.getValue());
                return reply.count.getValue();
              }
            }
            """)
        .doTest();
  }
}
