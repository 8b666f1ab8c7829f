package io.github.overlapcheck.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class WaitOnSharedFileHandleTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(WaitOnSharedFileHandle.class, getClass());

  @BeforeAll
  static void surfaceAnalysisErrors() {
    // Otherwise an analysis crash degrades to "no finding", and every negative test would pass.
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
  }

  // ---------------------------------------------------------------------------------------------
  // Near misses and correct code

  @Test
  void aThreadBodyOnOneHandleAndCallersOnAnother() {
    helper
        .addSourceLines(
            "SplitBridge.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class SplitBridge {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE reply;
              private final Memory in;
              private final OVERLAPPED inOv;
              private final Memory out;
              private final OVERLAPPED outOv;

              SplitBridge(Kernel32 k32, String name) {
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
                this.reply =
                    k32.CreateFile(
                        name + "-reply",
                        WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                this.in = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 256);
                this.inOv = new OVERLAPPED(k32);
                this.out = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 256);
                this.outOv = new OVERLAPPED(k32);
                k32.CreateThread("bridge-reader", this::pump);
              }

              /** Runs on the reader thread; send() writes to another handle, so each handle has one. */
              private void pump() {
                while (true) {
                  if (!k32.ReadFile(pipe, in, 256, null, inOv)
                      && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                    return;
                  }
                  IntByReference got = new IntByReference();
                  if (!k32.GetOverlappedResult(pipe, inOv.getPointer(), got, true)) {
                    return;
                  }
                }
              }

              void send(int n) {
                if (!k32.WriteFile(reply, out, n, null, outOv)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("send failed");
                }
                k32.GetOverlappedResult(reply, outOv.getPointer(), new IntByReference(), true);
              }
            }
            """)
        .doTest();
  }

  @Test
  void dequeuedPacketCompletesTheOnlyOutstandingRead() {
    helper
        .addSourceLines(
            "Receiver.java",
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

            final class Receiver {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Memory message;
              private final OVERLAPPED request;

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
                this.port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
                this.message = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 512);
                this.request = new OVERLAPPED(k32);
                post();
              }

              private void post() {
                if (!k32.ReadFile(pipe, message, 512, null, request.getPointer())
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
              }

              /** Each dequeued packet completes the one read outstanding; the next is posted after it. */
              void pump(int idleMillis) {
                IntByReference bytes = new IntByReference();
                ULONG_PTRByReference key = new ULONG_PTRByReference();
                PointerByReference done = new PointerByReference();
                while (k32.GetQueuedCompletionStatus(port, bytes, key, done, idleMillis)) {
                  post();
                }
              }

              void close() {
                k32.CancelIoEx(pipe, request.getPointer());
                k32.GetOverlappedResult(pipe, request.getPointer(), new IntByReference(), true);
                k32.CloseHandle(pipe);
              }
            }
            """)
        .doTest();
  }

  @Test
  void waitsOnElementsOfAHandleArrayAreNotOneHandle() {
    helper
        .addSourceLines(
            "PipeInstances.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class PipeInstances {
              private final Kernel32 k32;
              private final HANDLE[] pipes;
              private final OVERLAPPED[] requests;
              private final Memory[] buffers;

              PipeInstances(Kernel32 k32, HANDLE[] pipes, OVERLAPPED[] requests, Memory[] buffers) {
                this.k32 = k32;
                this.pipes = pipes;
                this.requests = requests;
                this.buffers = buffers;
              }

              /** One read per pipe instance, then each instance's handle awaited: one operation on each. */
              void readAll() {
                for (int i = 0; i < pipes.length; i++) {
                  if (!k32.ReadFile(pipes[i], buffers[i], 64, null, requests[i])
                      && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                    throw new IllegalStateException("read failed");
                  }
                }
                for (int i = 0; i < pipes.length; i++) {
                  k32.WaitForSingleObject(pipes[i], WinBase.INFINITE);
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void oneOutstandingOperationAndWaitOnHandleIsFine() {
    helper
        .addSourceLines(
            "SerialLink.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class SerialLink {
              private final Kernel32 k32;
              private final HANDLE com;
              private final Memory out;

              SerialLink(Kernel32 k32) {
                this.k32 = k32;
                com =
                    k32.CreateFile(
                        "COM3",
                        WinBase.GENERIC_READ | WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                out = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 64);
              }

              int send(int length) {
                OVERLAPPED ov = new OVERLAPPED(k32); // no event: one request at a time
                if (!k32.WriteFile(com, out, length, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  return -1;
                }
                IntByReference sent = new IntByReference();
                k32.GetOverlappedResult(com, ov, sent, true);
                return sent.getValue();
              }

              void sendAndWait(int length) {
                OVERLAPPED ov = new OVERLAPPED(k32);
                if (!k32.WriteFile(com, out, length, null, ov)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("write failed");
                }
                k32.WaitForSingleObject(com, WinBase.INFINITE);
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void sequentialOperationsEachAwaitedOnTheHandleAreFine() {
    helper
        .addSourceLines(
            "ChunkCopier.java",
            """
            import com.sun.jna.Memory;
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.Win32Exception;
            import com.sun.jna.platform.win32.WinBase;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;
            import java.io.ByteArrayOutputStream;

            final class ChunkCopier {
              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean ReadFile(HANDLE h, Pointer buf, int n, IntByReference read, WinBase.OVERLAPPED ov);

                boolean GetOverlappedResult(HANDLE h, Pointer ov, IntByReference n, boolean wait);
              }

              private static final int CHUNK = 65536;

              static byte[] readAll(String path, long size) {
                HANDLE file =
                    Kernel32.INSTANCE.CreateFile(
                        path,
                        WinNT.GENERIC_READ,
                        WinNT.FILE_SHARE_READ,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                try (Memory chunk = new Memory(CHUNK)) {
                  for (long position = 0; position < size; position += CHUNK) {
                    WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED(); // no event
                    ov.Offset = (int) position;
                    ov.OffsetHigh = (int) (position >>> 32);
                    if (!Win32.INSTANCE.ReadFile(file, chunk, CHUNK, null, ov)) {
                      int error = Native.getLastError();
                      if (error != WinError.ERROR_IO_PENDING) {
                        throw new Win32Exception(error);
                      }
                    }
                    IntByReference read = new IntByReference();
                    // The only operation on 'file' right now: the handle's signal is its own.
                    if (!Win32.INSTANCE.GetOverlappedResult(file, ov.getPointer(), read, true)) {
                      throw new Win32Exception(Native.getLastError());
                    }
                    all.write(chunk.getByteArray(0, read.getValue()), 0, read.getValue());
                  }
                } finally {
                  Kernel32.INSTANCE.CloseHandle(file);
                }
                return all.toByteArray();
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void sequentialRequestsEachAwaitedWithWaitForSingleObjectAreFine() {
    helper
        .addSourceLines(
            "Modem.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Modem {
              private final Kernel32 k32;
              private final HANDLE com;

              Modem(Kernel32 k32) {
                this.k32 = k32;
                com =
                    k32.CreateFile(
                        "COM1",
                        WinBase.GENERIC_READ | WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
              }

              boolean dial(Memory command, int commandLength, Memory reply) {
                OVERLAPPED write = new OVERLAPPED(k32);
                if (!k32.WriteFile(com, command, commandLength, null, write)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  return false;
                }
                if (k32.WaitForSingleObject(com, 5000) != WinBase.WAIT_OBJECT_0) {
                  k32.CancelIoEx(com, write);
                  k32.WaitForSingleObject(com, WinBase.INFINITE);
                  return false;
                }
                OVERLAPPED read = new OVERLAPPED(k32);
                if (!k32.ReadFile(com, reply, 64, null, read)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  return false;
                }
                return k32.WaitForSingleObject(com, WinBase.INFINITE) == WinBase.WAIT_OBJECT_0;
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void waitingOnEachOverlappedsEventIsFine() {
    helper
        .addSourceLines(
            "PageFile.java",
            """
            import com.sun.jna.Memory;
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.Win32Exception;
            import com.sun.jna.platform.win32.WinBase;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;

            final class PageFile {
              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean ReadFile(HANDLE h, Pointer buf, int n, IntByReference read, WinBase.OVERLAPPED ov);

                boolean GetOverlappedResult(HANDLE h, Pointer ov, IntByReference n, boolean wait);
              }

              private static final int PAGE = 4096;
              private final HANDLE file;
              private final Memory headerPage = new Memory(PAGE);
              private final Memory rootPage = new Memory(PAGE);

              PageFile(String path) {
                file =
                    Kernel32.INSTANCE.CreateFile(
                        path,
                        WinNT.GENERIC_READ,
                        WinNT.FILE_SHARE_READ,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
              }

              byte[][] readHeaderAndRoot(long rootOffset) {
                WinBase.OVERLAPPED headerRead = new WinBase.OVERLAPPED();
                headerRead.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
                WinBase.OVERLAPPED rootRead = new WinBase.OVERLAPPED();
                rootRead.Offset = (int) rootOffset;
                rootRead.OffsetHigh = (int) (rootOffset >>> 32);
                rootRead.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
                checkStarted(Win32.INSTANCE.ReadFile(file, headerPage, PAGE, null, headerRead));
                checkStarted(Win32.INSTANCE.ReadFile(file, rootPage, PAGE, null, rootRead));
                IntByReference headerBytes = new IntByReference();
                IntByReference rootBytes = new IntByReference();
                boolean ok =
                    Win32.INSTANCE.GetOverlappedResult(file, headerRead.getPointer(), headerBytes, true);
                ok &= Win32.INSTANCE.GetOverlappedResult(file, rootRead.getPointer(), rootBytes, true);
                int error = Native.getLastError();
                Kernel32.INSTANCE.CloseHandle(headerRead.hEvent);
                Kernel32.INSTANCE.CloseHandle(rootRead.hEvent);
                if (!ok) {
                  throw new Win32Exception(error);
                }
                return new byte[][] {
                  headerPage.getByteArray(0, headerBytes.getValue()),
                  rootPage.getByteArray(0, rootBytes.getValue())
                };
              }

              private static void checkStarted(boolean completed) {
                int error = Native.getLastError();
                if (!completed && error != WinError.ERROR_IO_PENDING) {
                  throw new Win32Exception(error);
                }
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void waitForMultipleObjectsOnTheEventsIsFine() {
    helper
        .addSourceLines(
            "DuplexPipe.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class DuplexPipe {
              private final Kernel32 k32;
              private final HANDLE pipe;

              DuplexPipe(Kernel32 k32, String name) {
                this.k32 = k32;
                pipe =
                    k32.CreateNamedPipe(
                        name,
                        WinBase.PIPE_ACCESS_DUPLEX | WinBase.FILE_FLAG_OVERLAPPED,
                        WinBase.PIPE_TYPE_BYTE,
                        1,
                        4096,
                        4096,
                        0,
                        null);
              }

              void exchange(Memory request, int length, Memory reply) {
                OVERLAPPED write = new OVERLAPPED(k32);
                write.hEvent = k32.CreateEvent(null, true, false, null);
                OVERLAPPED read = new OVERLAPPED(k32);
                read.hEvent = k32.CreateEvent(null, true, false, null);
                if (!k32.ReadFile(pipe, reply, 4096, null, read)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
                if (!k32.WriteFile(pipe, request, length, null, write)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("write failed");
                }
                k32.WaitForMultipleObjects(2, new HANDLE[] {write.hEvent, read.hEvent}, true, WinBase.INFINITE);
                k32.CloseHandle(write.hEvent);
                k32.CloseHandle(read.hEvent);
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void waitForSingleObjectOnEachEventIsFine() {
    helper
        .addSourceLines(
            "Replicator.java",
            """
            import com.sun.jna.Memory;
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.WinBase;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;

            final class Replicator {
              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean WriteFile(HANDLE h, Pointer buf, int n, IntByReference written, WinBase.OVERLAPPED ov);
              }

              static void writeBoth(String path, Memory header, Memory body, int bodyLength) {
                HANDLE file =
                    Kernel32.INSTANCE.CreateFile(
                        path,
                        WinNT.GENERIC_WRITE,
                        0,
                        null,
                        WinNT.CREATE_ALWAYS,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
                WinBase.OVERLAPPED first = new WinBase.OVERLAPPED();
                first.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
                WinBase.OVERLAPPED second = new WinBase.OVERLAPPED();
                second.Offset = 512;
                second.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
                if (!Win32.INSTANCE.WriteFile(file, header, 512, null, first)
                    && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("header");
                }
                if (!Win32.INSTANCE.WriteFile(file, body, bodyLength, null, second)
                    && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                  Kernel32.INSTANCE.WaitForSingleObject(first.hEvent, WinBase.INFINITE);
                  throw new IllegalStateException("body");
                }
                Kernel32.INSTANCE.WaitForSingleObject(first.hEvent, WinBase.INFINITE);
                Kernel32.INSTANCE.WaitForSingleObject(second.hEvent, WinBase.INFINITE);
                Kernel32.INSTANCE.CloseHandle(first.hEvent);
                Kernel32.INSTANCE.CloseHandle(second.hEvent);
                Kernel32.INSTANCE.CloseHandle(file);
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void pollingWithoutWaitingIsFine() {
    helper
        .addSourceLines(
            "Poller.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Poller {
              static int[] poll(Kernel32 k32, String path, Memory a, Memory b) {
                HANDLE file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                OVERLAPPED first = new OVERLAPPED(k32);
                OVERLAPPED second = new OVERLAPPED(k32);
                second.Offset = 4096;
                boolean started =
                    k32.ReadFile(file, a, 4096, null, first) || k32.GetLastError() == WinError.ERROR_IO_PENDING;
                started &=
                    k32.ReadFile(file, b, 4096, null, second)
                        || k32.GetLastError() == WinError.ERROR_IO_PENDING;
                if (!started) {
                  throw new IllegalStateException("read failed");
                }
                IntByReference n1 = new IntByReference();
                IntByReference n2 = new IntByReference();
                while (!k32.GetOverlappedResult(file, first, n1, false)
                    || !k32.GetOverlappedResult(file, second, n2, false)) {
                  if (k32.GetLastError() != WinError.ERROR_IO_INCOMPLETE) {
                    throw new IllegalStateException("read failed");
                  }
                  k32.Sleep(1);
                }
                return new int[] {n1.getValue(), n2.getValue()};
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void waitOnSynchronousHandleIsFine() {
    helper
        .addSourceLines(
            "Dump.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;

            final class Dump {
              static int[] readTwo(Kernel32 k32, String path, Memory a, Memory b) {
                HANDLE file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_ATTRIBUTE_NORMAL,
                        null);
                OVERLAPPED first = new OVERLAPPED(k32);
                OVERLAPPED second = new OVERLAPPED(k32);
                second.Offset = 512;
                k32.ReadFile(file, a, 512, null, first); // each completes before it returns
                k32.ReadFile(file, b, 512, null, second);
                IntByReference n1 = new IntByReference();
                IntByReference n2 = new IntByReference();
                k32.GetOverlappedResult(file, first, n1, true);
                k32.GetOverlappedResult(file, second, n2, true);
                k32.CloseHandle(file);
                return new int[] {n1.getValue(), n2.getValue()};
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void waitOnThreadHandleWhileOperationsAreOutstandingIsFine() {
    helper
        .addSourceLines(
            "Worker.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Worker {
              static void run(Kernel32 k32, String path, Memory a, Memory b, Runnable job) {
                HANDLE file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                OVERLAPPED first = new OVERLAPPED(k32);
                first.hEvent = k32.CreateEvent(null, true, false, null);
                OVERLAPPED second = new OVERLAPPED(k32);
                second.Offset = 4096;
                second.hEvent = k32.CreateEvent(null, true, false, null);
                if (!k32.ReadFile(file, a, 4096, null, first)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException();
                }
                if (!k32.ReadFile(file, b, 4096, null, second)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException();
                }
                HANDLE worker = k32.CreateThread("worker", job);
                k32.WaitForSingleObject(worker, WinBase.INFINITE); // a thread, not the file
                k32.WaitForMultipleObjects(
                    2, new HANDLE[] {first.hEvent, second.hEvent}, true, WinBase.INFINITE);
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void overlappedWithEventFromFactoryIsFine() {
    helper
        .addSourceLines(
            "Requests.java",
            """
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.OVERLAPPED;

            final class Requests {
              static OVERLAPPED withEvent(Kernel32 k32, long position) {
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.Offset = (int) position;
                ov.OffsetHigh = (int) (position >>> 32);
                ov.hEvent = k32.CreateEvent(null, true, false, null);
                return ov;
              }
            }
            """)
        .addSourceLines(
            "Prefetch.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Prefetch {
              static int prefetch(Kernel32 k32, String path, Memory a, Memory b) {
                HANDLE file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                OVERLAPPED first = Requests.withEvent(k32, 0);
                OVERLAPPED second = Requests.withEvent(k32, 4096);
                if (!k32.ReadFile(file, a, 4096, null, first)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  return -1;
                }
                if (!k32.ReadFile(file, b, 4096, null, second)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  k32.GetOverlappedResult(file, first, new IntByReference(), true);
                  return -1;
                }
                IntByReference n = new IntByReference();
                k32.GetOverlappedResult(file, first, n, true); // waits on first.hEvent
                int total = n.getValue();
                k32.GetOverlappedResult(file, second, n, true);
                return total + n.getValue();
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void codeTheAnalysisCannotModelCompilesWithoutFindings() {
    helper
        .addSourceLines(
            "Unusual.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.util.ArrayList;
            import java.util.List;
            import java.util.function.Supplier;

            final class Unusual {
              record Slot(OVERLAPPED ov, Memory buffer) {}

              private final Kernel32 k32;
              private final HANDLE file;
              private int attempts;

              Unusual(Kernel32 k32, HANDLE file) {
                this.k32 = k32;
                this.file = file;
              }

              int readSlots(int count) {
                Supplier<OVERLAPPED> fresh =
                    () -> {
                      OVERLAPPED ov = new OVERLAPPED(k32);
                      ov.hEvent = k32.CreateEvent(null, true, false, null);
                      return ov;
                    };
                class Issued {
                  final List<Slot> slots = new ArrayList<>();
                }
                Issued issued = new Issued();
                int total = 0;
                try {
                  scan:
                  for (int i = 0; i < count; i++) {
                    Slot slot = new Slot(fresh.get(), k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 512));
                    OVERLAPPED ov = slot.ov();
                    ov.Offset = i * 512;
                    Runnable forget = () -> k32.CloseHandle(ov.hEvent);
                    try {
                      boolean done = k32.ReadFile(file, slot.buffer(), 512, null, ov);
                      int error = done ? WinError.ERROR_SUCCESS : k32.GetLastError();
                      boolean started =
                          switch (error) {
                            case WinError.ERROR_SUCCESS, WinError.ERROR_IO_PENDING -> true;
                            case WinError.ERROR_HANDLE_EOF -> false;
                            default -> throw new IllegalStateException("read " + i + ": " + error);
                          };
                      if (!started) {
                        forget.run();
                        k32.LocalFree(slot.buffer());
                        break scan;
                      }
                      issued.slots.add(slot);
                    } catch (IllegalStateException e) {
                      forget.run();
                      k32.LocalFree(slot.buffer());
                      throw e;
                    } finally {
                      attempts++;
                    }
                  }
                } finally {
                  for (Slot slot : issued.slots) {
                    IntByReference n = new IntByReference();
                    k32.GetOverlappedResult(file, slot.ov(), n, true); // on the slot's own event
                    total += n.getValue();
                    k32.CloseHandle(slot.ov().hEvent);
                  }
                }
                return total;
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  // ---------------------------------------------------------------------------------------------
  // Bugs

  @Test
  void twoReadsCollectedThroughGetOverlappedResultWithoutEvents() {
    helper
        .addSourceLines(
            "PageFile.java",
            """
            import com.sun.jna.Memory;
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.Win32Exception;
            import com.sun.jna.platform.win32.WinBase;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;

            final class PageFile {
              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean ReadFile(HANDLE h, Pointer buf, int n, IntByReference read, WinBase.OVERLAPPED ov);

                boolean GetOverlappedResult(HANDLE h, Pointer ov, IntByReference n, boolean wait);
              }

              private static final int PAGE = 4096;
              private final HANDLE file;
              private final Memory headerPage = new Memory(PAGE);
              private final Memory rootPage = new Memory(PAGE);

              PageFile(String path) {
                file =
                    Kernel32.INSTANCE.CreateFile(
                        path,
                        WinNT.GENERIC_READ,
                        WinNT.FILE_SHARE_READ,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
              }

              byte[][] readHeaderAndRoot(long rootOffset) {
                WinBase.OVERLAPPED headerRead = new WinBase.OVERLAPPED(); // no event
                headerRead.Offset = 0;
                WinBase.OVERLAPPED rootRead = new WinBase.OVERLAPPED(); // no event
                rootRead.Offset = (int) rootOffset;
                rootRead.OffsetHigh = (int) (rootOffset >>> 32);
                checkStarted(Win32.INSTANCE.ReadFile(file, headerPage, PAGE, null, headerRead));
                checkStarted(Win32.INSTANCE.ReadFile(file, rootPage, PAGE, null, rootRead));
                IntByReference headerBytes = new IntByReference();
                IntByReference rootBytes = new IntByReference();
                Pointer header = headerRead.getPointer();
                Pointer root = rootRead.getPointer();
                // BUG: Diagnostic contains: GetOverlappedResult waits on handle 'file' itself
                boolean ok = Win32.INSTANCE.GetOverlappedResult(file, header, headerBytes, true);
                ok &= Win32.INSTANCE.GetOverlappedResult(file, root, rootBytes, true);
                if (!ok) {
                  throw new Win32Exception(Native.getLastError());
                }
                return new byte[][] {
                  headerPage.getByteArray(0, headerBytes.getValue()),
                  rootPage.getByteArray(0, rootBytes.getValue())
                };
              }

              private static void checkStarted(boolean completed) {
                int error = Native.getLastError();
                if (!completed && error != WinError.ERROR_IO_PENDING) {
                  throw new Win32Exception(error);
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void waitForSingleObjectOnFileWithTwoWritesOutstanding() {
    helper
        .addSourceLines(
            "SnapshotWriter.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class SnapshotWriter {
              static void write(Kernel32 k32, String path, Memory header, Memory body, int bodyLength) {
                HANDLE file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.CREATE_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                OVERLAPPED headerWrite = new OVERLAPPED(k32);
                OVERLAPPED bodyWrite = new OVERLAPPED(k32);
                bodyWrite.Offset = 64;
                if (!k32.WriteFile(file, header, 64, null, headerWrite)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("header");
                }
                if (!k32.WriteFile(file, body, bodyLength, null, bodyWrite)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("body");
                }
                // BUG: Diagnostic contains: waits on file handle 'file' while
                k32.WaitForSingleObject(file, WinBase.INFINITE);
                k32.CloseHandle(file);
              }
            }
            """)
        .doTest();
  }

  @Test
  void waitForMultipleObjectsIncludingTheFileHandle() {
    helper
        .addSourceLines(
            "PipeServer.java",
            """
            import com.sun.jna.Memory;
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.WinBase;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;

            final class PipeServer {
              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean ReadFile(HANDLE h, Pointer buf, int n, IntByReference read, WinBase.OVERLAPPED ov);

                boolean WriteFile(HANDLE h, Pointer buf, int n, IntByReference written, WinBase.OVERLAPPED ov);
              }

              private static final Kernel32 K32 = Kernel32.INSTANCE;
              private final HANDLE pipe;
              private final HANDLE stop;
              private final Memory inbox = new Memory(4096);
              private final Memory outbox = new Memory(4096);
              private final WinBase.OVERLAPPED readOv = new WinBase.OVERLAPPED();
              private final WinBase.OVERLAPPED writeOv = new WinBase.OVERLAPPED();

              PipeServer(String name, HANDLE stop) {
                this.stop = stop;
                pipe =
                    Kernel32.INSTANCE.CreateNamedPipe(
                        name,
                        WinBase.PIPE_ACCESS_DUPLEX | WinNT.FILE_FLAG_OVERLAPPED,
                        WinBase.PIPE_TYPE_BYTE,
                        1,
                        4096,
                        4096,
                        0,
                        null);
              }

              /** Returns false once 'stop' is signalled. */
              boolean serveOnce(int replyLength) {
                if (!Win32.INSTANCE.ReadFile(pipe, inbox, 4096, null, readOv)
                    && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                  return false;
                }
                if (!Win32.INSTANCE.WriteFile(pipe, outbox, replyLength, null, writeOv)
                    && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                  return false;
                }
                HANDLE[] objects = {pipe, stop};
                // BUG: Diagnostic contains: waits on file handle 'pipe' while
                int which = K32.WaitForMultipleObjects(2, objects, false, WinBase.INFINITE);
                return which == WinBase.WAIT_OBJECT_0;
              }
            }
            """)
        .doTest();
  }

  @Test
  void readOutstandingWhileWriteResultAwaitedOnHandle() {
    helper
        .addSourceLines(
            "Chat.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Chat {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory incoming;
              private final Memory outgoing;

              Chat(Kernel32 k32, String name) {
                this.k32 = k32;
                pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_READ | WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                incoming = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 1024);
                outgoing = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 1024);
              }

              int say(int length) {
                OVERLAPPED listen = new OVERLAPPED(k32);
                listen.hEvent = k32.CreateEvent(null, true, false, null);
                if (!k32.ReadFile(pipe, incoming, 1024, null, listen)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  return -1;
                }
                OVERLAPPED send = new OVERLAPPED(k32);
                send.hEvent = null;
                if (!k32.WriteFile(pipe, outgoing, length, null, send)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  return -1;
                }
                IntByReference sent = new IntByReference();
                // BUG: Diagnostic contains: because OVERLAPPED 'send' has no event
                k32.GetOverlappedResult(pipe, send, sent, true);
                k32.GetOverlappedResult(pipe, listen, new IntByReference(), true);
                return sent.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void readsIssuedInLoopThenWaitOnHandle() {
    helper
        .addSourceLines(
            "Prefetcher.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Prefetcher {
              private final Kernel32 k32;
              private final HANDLE file;

              Prefetcher(Kernel32 k32, String path) {
                this.k32 = k32;
                file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_READ,
                        WinBase.FILE_SHARE_READ,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
              }

              void prefetch(Memory cache, int blocks) {
                for (int i = 0; i < blocks; i++) {
                  OVERLAPPED ov = new OVERLAPPED(k32);
                  ov.Offset = i * 4096;
                  if (!k32.ReadFile(file, cache.share(i * 4096L), 4096, null, ov)
                      && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                    throw new IllegalStateException("read " + i);
                  }
                }
                // BUG: Diagnostic contains: waits on file handle 'file' while
                k32.WaitForSingleObject(file, WinBase.INFINITE);
              }
            }
            """)
        .doTest();
  }

  @Test
  void readsIssuedInLoopThenEachResultAwaitedOnHandle() {
    helper
        .addSourceLines(
            "ParallelChunks.java",
            """
            import com.sun.jna.Memory;
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.WinBase;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;

            final class ParallelChunks {
              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean ReadFile(HANDLE h, Pointer buf, int n, IntByReference read, WinBase.OVERLAPPED ov);

                boolean GetOverlappedResult(HANDLE h, WinBase.OVERLAPPED ov, IntByReference n, boolean wait);
              }

              static int readChunks(String path, Memory[] chunks) {
                HANDLE file =
                    Kernel32.INSTANCE.CreateFile(
                        path,
                        WinNT.GENERIC_READ,
                        WinNT.FILE_SHARE_READ,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
                WinBase.OVERLAPPED[] ovs = new WinBase.OVERLAPPED[chunks.length];
                for (int i = 0; i < chunks.length; i++) {
                  ovs[i] = new WinBase.OVERLAPPED(); // no event
                  ovs[i].Offset = i * (int) chunks[0].size();
                  if (!Win32.INSTANCE.ReadFile(file, chunks[i], (int) chunks[i].size(), null, ovs[i])
                      && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                    throw new IllegalStateException("read " + i);
                  }
                }
                int total = 0;
                for (WinBase.OVERLAPPED ov : ovs) {
                  IntByReference n = new IntByReference();
                  // BUG: Diagnostic contains: GetOverlappedResult waits on handle 'file' itself
                  Win32.INSTANCE.GetOverlappedResult(file, ov, n, true);
                  total += n.getValue();
                }
                Kernel32.INSTANCE.CloseHandle(file);
                return total;
              }
            }
            """)
        .doTest();
  }

  @Test
  void waitOnHandleWhileReadStartedByAnotherMethodIsPending() {
    helper
        .addSourceLines(
            "SerialPort.java",
            """
            import com.sun.jna.Memory;
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.WinBase;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;

            final class SerialPort {
              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean ReadFile(HANDLE h, Pointer buf, int n, IntByReference read, WinBase.OVERLAPPED ov);

                boolean WriteFile(HANDLE h, Pointer buf, int n, IntByReference written, WinBase.OVERLAPPED ov);

                boolean GetOverlappedResult(HANDLE h, WinBase.OVERLAPPED ov, IntByReference n, boolean wait);
              }

              private final HANDLE com;
              private final Memory incoming = new Memory(256);
              private final Memory outgoing = new Memory(256);
              private final WinBase.OVERLAPPED readOv = new WinBase.OVERLAPPED();
              private final WinBase.OVERLAPPED writeOv = new WinBase.OVERLAPPED(); // no event

              SerialPort(String name) {
                com =
                    Kernel32.INSTANCE.CreateFile(
                        name,
                        WinNT.GENERIC_READ | WinNT.GENERIC_WRITE,
                        0,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
                readOv.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
              }

              /** Keeps a read outstanding; the listener thread waits on readOv.hEvent. */
              void listen() {
                if (!Win32.INSTANCE.ReadFile(com, incoming, 256, null, readOv)
                    && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("read failed");
                }
              }

              int send(int length) {
                if (!Win32.INSTANCE.WriteFile(com, outgoing, length, null, writeOv)
                    && Native.getLastError() != WinError.ERROR_IO_PENDING) {
                  return -1;
                }
                IntByReference sent = new IntByReference();
                // BUG: Diagnostic contains: GetOverlappedResult waits on handle 'com' itself
                Win32.INSTANCE.GetOverlappedResult(com, writeOv, sent, true);
                return sent.getValue();
              }
            }
            """)
        .doTest();
  }

  @Test
  void aReaderThreadAndItsCallersWaitOnOneHandle() {
    helper
        .addSourceLines(
            "Bridge.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Bridge {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory in;
              private final OVERLAPPED inOv;
              private final Memory out;
              private final OVERLAPPED outOv;

              Bridge(Kernel32 k32, String name) {
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
                this.in = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 256);
                this.inOv = new OVERLAPPED(k32);
                this.out = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 256);
                this.outOv = new OVERLAPPED(k32);
                k32.CreateThread("bridge-reader", this::pump);
              }

              /** Runs on the reader thread, while send() is called from others. */
              private void pump() {
                while (true) {
                  if (!k32.ReadFile(pipe, in, 256, null, inOv)
                      && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                    return;
                  }
                  IntByReference got = new IntByReference();
                  // BUG: Diagnostic contains: 2 operations may be outstanding
                  if (!k32.GetOverlappedResult(pipe, inOv.getPointer(), got, true)) {
                    return;
                  }
                }
              }

              void send(int n) {
                if (!k32.WriteFile(pipe, out, n, null, outOv)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("send failed");
                }
                // BUG: Diagnostic contains: 2 operations may be outstanding
                k32.GetOverlappedResult(pipe, outOv.getPointer(), new IntByReference(), true);
              }
            }
            """)
        .doTest();
  }

  @Test
  void aLambdaThreadBodyRunsAlongsideTheOtherMethods() {
    helper
        .addSourceLines(
            "LambdaBridge.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class LambdaBridge {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final Memory in;
              private final OVERLAPPED inOv;
              private final Memory out;
              private final OVERLAPPED outOv;

              LambdaBridge(Kernel32 k32, String name) {
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
                this.in = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 256);
                this.inOv = new OVERLAPPED(k32);
                this.out = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 256);
                this.outOv = new OVERLAPPED(k32);
                new Thread(() -> pump(), "bridge-reader").start();
              }

              /** Runs on the reader thread, while send() is called from others. */
              private void pump() {
                while (true) {
                  if (!k32.ReadFile(pipe, in, 256, null, inOv)
                      && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                    return;
                  }
                  IntByReference got = new IntByReference();
                  // BUG: Diagnostic contains: 2 operations may be outstanding
                  if (!k32.GetOverlappedResult(pipe, inOv.getPointer(), got, true)) {
                    return;
                  }
                }
              }

              void send(int n) {
                if (!k32.WriteFile(pipe, out, n, null, outOv)
                    && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  throw new IllegalStateException("send failed");
                }
                // BUG: Diagnostic contains: 2 operations may be outstanding
                k32.GetOverlappedResult(pipe, outOv.getPointer(), new IntByReference(), true);
              }
            }
            """)
        .doTest();
  }
}
