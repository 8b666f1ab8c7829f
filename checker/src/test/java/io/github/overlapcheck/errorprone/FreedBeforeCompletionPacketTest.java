package io.github.overlapcheck.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class FreedBeforeCompletionPacketTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(FreedBeforeCompletionPacket.class, getClass());

  @BeforeAll
  static void surfaceAnalysisErrors() {
    // Otherwise an analysis crash degrades to "no finding", and every negative test would pass.
    System.setProperty(SharedAnalysis.DEBUG_PROPERTY, "true");
  }

  // ---------------------------------------------------------------------------------------------
  // Near misses and correct code

  @Test
  void eventWithLowBitSetKeepsTheCompletionOffThePort() {
    helper
        .addSourceLines(
            "ControlChannel.java",
            """
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

            final class ControlChannel {
              interface Io extends StdCallLibrary {
                Io INSTANCE = Native.load("kernel32", Io.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean WriteFile(HANDLE h, Pointer buf, int n, IntByReference written, WinBase.OVERLAPPED ov);
              }

              /** The event's low-order bit keeps this write's completion off the port: no packet to free. */
              static void command(String name, HANDLE done, byte[] bytes) {
                HANDLE pipe =
                    Kernel32.INSTANCE.CreateFile(
                        name,
                        WinNT.GENERIC_WRITE,
                        0,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
                Kernel32.INSTANCE.CreateIoCompletionPort(pipe, null, Pointer.createConstant(1), 1);
                Pointer request = Kernel32.INSTANCE.LocalAlloc(WinBase.LMEM_ZEROINIT, bytes.length);
                request.write(0, bytes, 0, bytes.length);
                WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
                ov.hEvent = new HANDLE(new Pointer(Pointer.nativeValue(done.getPointer()) | 1L));
                if (Io.INSTANCE.WriteFile(pipe, request, bytes.length, null, ov)) {
                  Kernel32.INSTANCE.LocalFree(request);
                  return;
                }
                if (Native.getLastError() != WinError.ERROR_IO_PENDING) {
                  Kernel32.INSTANCE.LocalFree(request);
                  throw new IllegalStateException("command failed");
                }
                Kernel32.INSTANCE.WaitForSingleObject(done, WinBase.INFINITE);
                Kernel32.INSTANCE.LocalFree(request);
              }
            }
            """)
        .doTest();
  }

  @Test
  void freeOnTrueOfSynchronousHandleIsFine() {
    // Without FILE_FLAG_OVERLAPPED the binding fails (ERROR_INVALID_PARAMETER): no packet ever.
    helper
        .addSourceLines(
            "SyncJournal.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;

            final class SyncJournal {
              private final Kernel32 k32;
              private final HANDLE file;
              private final HANDLE port;
              private long end;

              SyncJournal(Kernel32 k32, String path) {
                this.k32 = k32;
                file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_ALWAYS,
                        WinBase.FILE_ATTRIBUTE_NORMAL,
                        null);
                port = k32.CreateIoCompletionPort(file, null, 0, 1);
              }

              void append(byte[] entry) {
                Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + entry.length);
                request.write(OVERLAPPED.SIZE, entry, 0, entry.length);
                OVERLAPPED ov = new OVERLAPPED(request);
                ov.Offset = (int) end;
                ov.OffsetHigh = (int) (end >>> 32);
                ov.write();
                IntByReference written = new IntByReference();
                if (k32.WriteFile(file, request.share(OVERLAPPED.SIZE), entry.length, written, request)) {
                  end += written.getValue();
                  k32.LocalFree(request);
                  return;
                }
                k32.LocalFree(request);
                throw new IllegalStateException("append failed: " + k32.GetLastError());
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void freeOnTrueAfterSkipModeSetIsFine() {
    helper
        .addSourceLines(
            "ArchiveWriter.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class ArchiveWriter {
              static void writeHeader(Kernel32 k32, String path, byte[] header) {
                HANDLE file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.CREATE_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                HANDLE port = k32.CreateIoCompletionPort(file, null, 7, 1);
                if (!k32.SetFileCompletionNotificationModes(
                    file, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS)) {
                  throw new IllegalStateException("modes: " + k32.GetLastError());
                }
                Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + header.length);
                request.write(OVERLAPPED.SIZE, header, 0, header.length);
                if (k32.WriteFile(file, request.share(OVERLAPPED.SIZE), header.length, null, request)) {
                  k32.LocalFree(request); // no packet: skip-on-success is set
                  k32.CloseHandle(file);
                  k32.CloseHandle(port);
                  return;
                }
                int error = k32.GetLastError();
                if (error != WinError.ERROR_IO_PENDING) {
                  k32.LocalFree(request);
                  throw new IllegalStateException("header: " + error);
                }
                Completions.expect(port, request);
              }
            }

            final class Completions {
              static void expect(HANDLE port, Memory request) {}
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void freeOnTrueWithSkipModeSetInConstructorIsFine() {
    helper
        .addSourceLines(
            "PipeReplies.java",
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
            import java.util.Map;
            import java.util.concurrent.ConcurrentHashMap;

            final class PipeReplies {
              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);
                byte FILE_SKIP_COMPLETION_PORT_ON_SUCCESS = 0x1;
                byte FILE_SKIP_SET_EVENT_ON_HANDLE = 0x2;

                boolean WriteFile(HANDLE h, Pointer buf, int n, IntByReference written, Pointer ov);

                boolean SetFileCompletionNotificationModes(HANDLE h, byte flags);
              }

              private static final int OVERLAPPED_SIZE = 32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Map<Long, Memory> pending = new ConcurrentHashMap<>();

              PipeReplies(String name) {
                pipe =
                    Kernel32.INSTANCE.CreateNamedPipe(
                        name,
                        WinBase.PIPE_ACCESS_DUPLEX | WinNT.FILE_FLAG_OVERLAPPED,
                        WinBase.PIPE_TYPE_BYTE,
                        1,
                        8192,
                        8192,
                        0,
                        null);
                port = Kernel32.INSTANCE.CreateIoCompletionPort(pipe, null, Pointer.createConstant(1), 1);
                Win32.INSTANCE.SetFileCompletionNotificationModes(
                    pipe,
                    (byte) (Win32.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | Win32.FILE_SKIP_SET_EVENT_ON_HANDLE));
              }

              void reply(byte[] payload) {
                Memory request = new Memory(OVERLAPPED_SIZE + payload.length);
                request.clear(OVERLAPPED_SIZE);
                request.write(OVERLAPPED_SIZE, payload, 0, payload.length);
                if (Win32.INSTANCE.WriteFile(
                    pipe, request.share(OVERLAPPED_SIZE), payload.length, null, request)) {
                  request.close();
                  return;
                }
                int error = Native.getLastError();
                if (error == WinError.ERROR_IO_PENDING) {
                  pending.put(Pointer.nativeValue(request), request);
                  return;
                }
                request.close();
                throw new IllegalStateException("reply failed: " + error);
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void freeOnTrueOnlyWhenSkipModeTookEffectIsFine() {
    helper
        .addSourceLines(
            "Ingest.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Ingest {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final boolean skipOnSuccess;

              Ingest(Kernel32 k32, String name) {
                this.k32 = k32;
                pipe =
                    k32.CreateNamedPipe(
                        name,
                        WinBase.PIPE_ACCESS_INBOUND | WinBase.FILE_FLAG_OVERLAPPED,
                        WinBase.PIPE_TYPE_BYTE,
                        1,
                        4096,
                        4096,
                        0,
                        null);
                k32.CreateIoCompletionPort(pipe, null, 0, 1);
                skipOnSuccess =
                    k32.SetFileCompletionNotificationModes(pipe, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
              }

              void receive() {
                Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + 512);
                if (k32.ReadFile(pipe, request.share(OVERLAPPED.SIZE), 512, null, request)) {
                  if (skipOnSuccess) {
                    k32.LocalFree(request); // no packet is coming
                  }
                  return;
                }
                if (k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  k32.LocalFree(request);
                }
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void freeOnlyWhenNothingWasStartedIsFine() {
    helper
        .addSourceLines(
            "EventLog.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.Pointer;
            import io.github.overlapcheck.runtime.PointerByReference;
            import io.github.overlapcheck.runtime.ULONG_PTRByReference;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class EventLog {
              private final Kernel32 k32;
              private final HANDLE log;
              private final HANDLE port;
              private long end;

              EventLog(Kernel32 k32, String path) {
                this.k32 = k32;
                log =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                port = k32.CreateIoCompletionPort(log, null, 0, 1);
              }

              void append(byte[] line) {
                Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + line.length);
                request.write(OVERLAPPED.SIZE, line, 0, line.length);
                OVERLAPPED ov = new OVERLAPPED(request);
                ov.Offset = (int) end;
                ov.OffsetHigh = (int) (end >>> 32);
                ov.write();
                end += line.length;
                // TRUE or pending, a packet comes: the completion thread frees the request.
                if (!k32.WriteFile(log, request.share(OVERLAPPED.SIZE), line.length, null, request)) {
                  int error = k32.GetLastError();
                  if (error != WinError.ERROR_IO_PENDING) {
                    k32.LocalFree(request);
                    throw new IllegalStateException("append failed: " + error);
                  }
                }
              }

              void completions() {
                IntByReference bytes = new IntByReference();
                ULONG_PTRByReference key = new ULONG_PTRByReference();
                PointerByReference overlapped = new PointerByReference();
                while (k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE)
                    || overlapped.getValue() != null) {
                  Pointer request = overlapped.getValue();
                  k32.LocalFree(request);
                }
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void requestKeptInMapUntilPacketDequeuedIsFine() {
    helper
        .addSourceLines(
            "UploadClient.java",
            """
            import com.sun.jna.Memory;
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.BaseTSD;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.WinBase;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.ptr.PointerByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;
            import java.util.HashMap;
            import java.util.Map;

            final class UploadClient {
              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean WriteFile(HANDLE h, Pointer buf, int n, IntByReference written, Pointer ov);
              }

              private static final int OVERLAPPED_SIZE = 32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Map<Long, Memory> inFlight = new HashMap<>();
              private int completedAtOnce;

              UploadClient(String pipeName) {
                pipe =
                    Kernel32.INSTANCE.CreateFile(
                        pipeName,
                        WinNT.GENERIC_WRITE,
                        0,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
                port = Kernel32.INSTANCE.CreateIoCompletionPort(pipe, null, Pointer.createConstant(3), 1);
              }

              void upload(byte[] chunk) {
                Memory request = new Memory(OVERLAPPED_SIZE + chunk.length);
                request.clear(OVERLAPPED_SIZE);
                request.write(OVERLAPPED_SIZE, chunk, 0, chunk.length);
                boolean done =
                    Win32.INSTANCE.WriteFile(pipe, request.share(OVERLAPPED_SIZE), chunk.length, null, request);
                if (done) {
                  completedAtOnce++;
                  inFlight.put(Pointer.nativeValue(request), request); // until its packet comes
                  return;
                }
                int error = Native.getLastError();
                if (error != WinError.ERROR_IO_PENDING) {
                  request.close();
                  throw new IllegalStateException("upload failed: " + error);
                }
                inFlight.put(Pointer.nativeValue(request), request);
              }

              void drain() {
                IntByReference bytes = new IntByReference();
                BaseTSD.ULONG_PTRByReference key = new BaseTSD.ULONG_PTRByReference();
                PointerByReference overlapped = new PointerByReference();
                while (Kernel32.INSTANCE.GetQueuedCompletionStatus(
                        port, bytes, key, overlapped, WinBase.INFINITE)
                    || overlapped.getValue() != null) {
                  Memory request = inFlight.remove(Pointer.nativeValue(overlapped.getValue()));
                  if (request != null) {
                    request.close();
                  }
                }
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void freeOnTrueOfHandleSignalledThroughEventIsFine() {
    helper
        .addSourceLines(
            "Exporter.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Exporter {
              private final Kernel32 k32;
              private final HANDLE out;
              private final HANDLE written;
              private long end;

              Exporter(Kernel32 k32, String path) {
                this.k32 = k32;
                out =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.CREATE_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                written = k32.CreateEvent(null, true, false, null);
              }

              void export(byte[] row) {
                Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, row.length);
                buffer.write(0, row, 0, row.length);
                OVERLAPPED ov = new OVERLAPPED(k32);
                ov.Offset = (int) end;
                ov.OffsetHigh = (int) (end >>> 32);
                ov.hEvent = written;
                if (k32.WriteFile(out, buffer, row.length, null, ov)) {
                  k32.LocalFree(buffer); // no port: nothing else will touch it
                  end += row.length;
                  return;
                }
                int error = k32.GetLastError();
                if (error != WinError.ERROR_IO_PENDING) {
                  k32.LocalFree(buffer);
                  throw new IllegalStateException("export: " + error);
                }
                IntByReference count = new IntByReference();
                boolean ok = k32.GetOverlappedResult(out, ov, count, true);
                k32.LocalFree(buffer);
                if (!ok) {
                  throw new IllegalStateException("export: " + k32.GetLastError());
                }
                end += count.getValue();
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void freeOfStagingBufferNotUsedByTheOperationIsFine() {
    helper
        .addSourceLines(
            "RecordStore.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class RecordStore {
              private final Kernel32 k32;
              private final HANDLE store;
              private final HANDLE port;
              private long end;

              RecordStore(Kernel32 k32, String path) {
                this.k32 = k32;
                store =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                port = k32.CreateIoCompletionPort(store, null, 0, 1);
              }

              void put(byte[] record) {
                Memory staging = k32.LocalAlloc(WinBase.LMEM_FIXED, record.length);
                staging.write(0, record, 0, record.length);
                Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + record.length);
                request.write(OVERLAPPED.SIZE, staging.getByteArray(0, record.length), 0, record.length);
                OVERLAPPED ov = new OVERLAPPED(request);
                ov.Offset = (int) end;
                ov.OffsetHigh = (int) (end >>> 32);
                ov.write();
                end += record.length;
                if (k32.WriteFile(store, request.share(OVERLAPPED.SIZE), record.length, null, request)) {
                  k32.LocalFree(staging); // the packet refers to 'request' only
                  return;
                }
                int error = k32.GetLastError();
                k32.LocalFree(staging);
                if (error != WinError.ERROR_IO_PENDING) {
                  k32.LocalFree(request);
                  throw new IllegalStateException("put: " + error);
                }
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void methodsNamedFreeAndCloseUnrelatedToOverlappedIoAreFine() {
    helper
        .addSourceLines(
            "HidWriter.java",
            """
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;
            import java.io.IOException;
            import java.io.StringWriter;

            final class HidWriter {
              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean WriteFile(HANDLE h, Pointer buf, int n, IntByReference written, Pointer ov);

                Pointer LocalAlloc(int flags, int bytes);

                Pointer LocalFree(Pointer p);
              }

              static final class SlotPool {
                private final boolean[] used = new boolean[16];

                int take() {
                  for (int i = 0; i < used.length; i++) {
                    if (!used[i]) {
                      used[i] = true;
                      return i;
                    }
                  }
                  return -1;
                }

                void free(int slot) {
                  used[slot] = false;
                }
              }

              private static final int OVERLAPPED_SIZE = 32;
              private final HANDLE device;
              private final HANDLE port;
              private final SlotPool slots = new SlotPool();

              HidWriter(String path) {
                device =
                    Kernel32.INSTANCE.CreateFile(
                        path,
                        WinNT.GENERIC_WRITE,
                        0,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
                port = Kernel32.INSTANCE.CreateIoCompletionPort(device, null, Pointer.createConstant(9), 1);
              }

              void write(byte[] report) throws IOException {
                int slot = slots.take();
                StringWriter trace = new StringWriter();
                Pointer request = Win32.INSTANCE.LocalAlloc(0x40, OVERLAPPED_SIZE + report.length);
                request.write(OVERLAPPED_SIZE, report, 0, report.length);
                if (Win32.INSTANCE.WriteFile(
                    device, request.share(OVERLAPPED_SIZE), report.length, null, request)) {
                  slots.free(slot); // a slot number, not the request
                  trace.write("done at once");
                  trace.close(); // a java.io.Writer
                  return; // the completion thread frees 'request' when the packet comes
                }
                int error = Native.getLastError();
                slots.free(slot);
                trace.close();
                if (error != WinError.ERROR_IO_PENDING) {
                  Win32.INSTANCE.LocalFree(request);
                  throw new IOException("write failed: " + error);
                }
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void freeInThreadPoolCallbackOnlyIsFine() {
    helper
        .addSourceLines(
            "BlockReader.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.Pointer;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class BlockReader {
              private static final int BLOCK = 4096;
              private final Kernel32 k32;
              private final HANDLE file;

              BlockReader(Kernel32 k32, String path) {
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
                if (!k32.BindIoCompletionCallback(file, this::onBlock, 0)) {
                  throw new IllegalStateException("bind: " + k32.GetLastError());
                }
              }

              void readBlock(long index) {
                long position = index * BLOCK;
                Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + BLOCK);
                OVERLAPPED ov = new OVERLAPPED(request);
                ov.Offset = (int) position;
                ov.OffsetHigh = (int) (position >>> 32);
                ov.write();
                if (k32.ReadFile(file, request.share(OVERLAPPED.SIZE), BLOCK, null, request)) {
                  return; // the pool callback runs for this one too, and frees it
                }
                int error = k32.GetLastError();
                if (error != WinError.ERROR_IO_PENDING) {
                  k32.LocalFree(request);
                  throw new IllegalStateException("read: " + error);
                }
              }

              private void onBlock(int error, int bytes, Pointer overlapped) {
                k32.LocalFree(overlapped);
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
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.util.ArrayDeque;
            import java.util.Deque;
            import java.util.function.Consumer;

            final class Unusual {
              record Request(Memory memory, long position) {}

              private final Kernel32 k32;
              private final HANDLE file;
              private final HANDLE port;
              private final Deque<Request> inFlight = new ArrayDeque<>();
              private int attempts;
              private long lastPosition;

              Unusual(Kernel32 k32, String path) {
                this.k32 = k32;
                file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                port = k32.CreateIoCompletionPort(file, null, 0, 1);
              }

              int readAll(long[] positions) {
                int started = 0;
                outer:
                for (long position : positions) {
                  Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + 512);
                  OVERLAPPED ov = new OVERLAPPED(request);
                  ov.Offset = (int) position;
                  ov.OffsetHigh = (int) (position >>> 32);
                  ov.write();
                  Consumer<Memory> keep = m -> inFlight.add(new Request(m, position));
                  Runnable cancel = () -> k32.CancelIoEx(file, ov);
                  try {
                    try {
                      boolean done = k32.ReadFile(file, request.share(OVERLAPPED.SIZE), 512, null, request);
                      int error = done ? WinError.ERROR_SUCCESS : k32.GetLastError();
                      String outcome =
                          switch (error) {
                            case WinError.ERROR_SUCCESS, WinError.ERROR_IO_PENDING -> {
                              keep.accept(request); // the packet comes either way
                              yield "started";
                            }
                            case WinError.ERROR_HANDLE_EOF -> {
                              k32.LocalFree(request);
                              yield "eof";
                            }
                            default -> {
                              k32.LocalFree(request);
                              yield "failed";
                            }
                          };
                      if (outcome.equals("eof")) {
                        break outer;
                      }
                      started++;
                    } catch (IllegalStateException e) {
                      class Note {
                        final String text = "read at " + position + ": " + e.getMessage();
                      }
                      System.err.println(new Note().text);
                      continue outer;
                    } finally {
                      attempts++;
                    }
                  } catch (RuntimeException e) {
                    cancel.run();
                    throw e;
                  } finally {
                    lastPosition = position;
                  }
                }
                return started;
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  // ---------------------------------------------------------------------------------------------
  // Bugs

  @Test
  void freeOnTruePathOfPortBoundHandle() {
    helper
        .addSourceLines(
            "LogWriter.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class LogWriter {
              private final Kernel32 k32;
              private final HANDLE log;
              private final HANDLE port;
              private long end;

              LogWriter(Kernel32 k32, String path) {
                this.k32 = k32;
                log =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                port = k32.CreateIoCompletionPort(log, null, 0, 1);
              }

              void append(byte[] line) {
                Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + line.length);
                request.write(OVERLAPPED.SIZE, line, 0, line.length);
                OVERLAPPED ov = new OVERLAPPED(request);
                ov.Offset = (int) end;
                ov.OffsetHigh = (int) (end >>> 32);
                ov.write();
                end += line.length;
                if (k32.WriteFile(log, request.share(OVERLAPPED.SIZE), line.length, null, request)) {
                  // BUG: Diagnostic contains: 'request' is freed after WriteFile completed at once
                  k32.LocalFree(request);
                  return;
                }
                int error = k32.GetLastError();
                if (error != WinError.ERROR_IO_PENDING) {
                  k32.LocalFree(request);
                  throw new IllegalStateException("append failed: " + error);
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void freeOnTrueOfHandleBoundInTheSameMethod() {
    helper
        .addSourceLines(
            "Snapshot.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Snapshot {
              static HANDLE begin(Kernel32 k32, String path, byte[] header) {
                HANDLE file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.CREATE_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                HANDLE port = k32.CreateIoCompletionPort(file, null, 1, 1);
                Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + header.length);
                request.write(OVERLAPPED.SIZE, header, 0, header.length);
                boolean done =
                    k32.WriteFile(file, request.share(OVERLAPPED.SIZE), header.length, null, request);
                if (done) {
                  // BUG: Diagnostic contains: handle 'file' is bound to a completion port
                  k32.LocalFree(request);
                } else if (k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  k32.LocalFree(request);
                  throw new IllegalStateException("header");
                }
                return port;
              }
            }
            """)
        .doTest();
  }

  @Test
  void memoryClosedOnTruePathOfPortBoundPipe() {
    helper
        .addSourceLines(
            "TelemetrySink.java",
            """
            import com.sun.jna.Memory;
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;
            import java.util.Map;
            import java.util.concurrent.ConcurrentHashMap;

            final class TelemetrySink {
              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean WriteFile(HANDLE h, Pointer buf, int n, IntByReference written, Pointer ov);
              }

              private static final int OVERLAPPED_SIZE = 32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Map<Long, Memory> inFlight = new ConcurrentHashMap<>();

              TelemetrySink(String pipeName) {
                pipe =
                    Kernel32.INSTANCE.CreateFile(
                        pipeName,
                        WinNT.GENERIC_WRITE,
                        0,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
                port = Kernel32.INSTANCE.CreateIoCompletionPort(pipe, null, Pointer.createConstant(1), 1);
              }

              void send(byte[] sample) {
                Memory request = new Memory(OVERLAPPED_SIZE + sample.length);
                request.clear(OVERLAPPED_SIZE);
                request.write(OVERLAPPED_SIZE, sample, 0, sample.length);
                if (Win32.INSTANCE.WriteFile(
                    pipe, request.share(OVERLAPPED_SIZE), sample.length, null, request)) {
                  // BUG: Diagnostic contains: 'request' is freed
                  request.close();
                  return;
                }
                int error = Native.getLastError();
                if (error != WinError.ERROR_IO_PENDING) {
                  request.close();
                  throw new IllegalStateException("send failed: " + error);
                }
                inFlight.put(Pointer.nativeValue(request), request);
              }
            }
            """)
        .doTest();
  }

  @Test
  void freeOnSynchronousReadOfThreadPoolBoundFile() {
    helper
        .addSourceLines(
            "PoolReader.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.Pointer;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;
            import java.util.function.Consumer;

            final class PoolReader {
              private static final int BLOCK = 4096;
              private final Kernel32 k32;
              private final HANDLE file;
              private final Consumer<byte[]> sink;

              PoolReader(Kernel32 k32, String path, Consumer<byte[]> sink) {
                this.k32 = k32;
                this.sink = sink;
                file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_READ,
                        WinBase.FILE_SHARE_READ,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                k32.BindIoCompletionCallback(file, this::onBlock, 0);
              }

              void readBlock(long index) {
                long position = index * BLOCK;
                Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + BLOCK);
                OVERLAPPED ov = new OVERLAPPED(request);
                ov.Offset = (int) position;
                ov.OffsetHigh = (int) (position >>> 32);
                ov.write();
                if (k32.ReadFile(file, request.share(OVERLAPPED.SIZE), BLOCK, null, request)) {
                  sink.accept(request.getByteArray(OVERLAPPED.SIZE, BLOCK));
                  // BUG: Diagnostic contains: 'request' is freed after ReadFile completed at once
                  request.close();
                  return;
                }
                int error = k32.GetLastError();
                if (error != WinError.ERROR_IO_PENDING) {
                  request.close();
                  throw new IllegalStateException("read: " + error);
                }
              }

              private void onBlock(int error, int bytes, Pointer overlapped) {
                sink.accept(overlapped.getByteArray(OVERLAPPED.SIZE, bytes));
                k32.LocalFree(overlapped);
              }
            }
            """)
        .doTest();
  }

  @Test
  void skipSetEventOnlyStillQueuesPacket() {
    helper
        .addSourceLines(
            "Journal.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Journal {
              private final Kernel32 k32;
              private final HANDLE file;
              private long end;

              Journal(Kernel32 k32, String path) {
                this.k32 = k32;
                file =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                k32.CreateIoCompletionPort(file, null, 0, 1);
                k32.SetFileCompletionNotificationModes(file, WinBase.FILE_SKIP_SET_EVENT_ON_HANDLE);
              }

              void append(byte[] entry) {
                Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + entry.length);
                request.write(OVERLAPPED.SIZE, entry, 0, entry.length);
                OVERLAPPED ov = new OVERLAPPED(request);
                ov.Offset = (int) end;
                ov.OffsetHigh = (int) (end >>> 32);
                ov.write();
                end += entry.length;
                if (k32.WriteFile(file, request.share(OVERLAPPED.SIZE), entry.length, null, request)) {
                  // BUG: Diagnostic contains: 'request' is freed
                  k32.LocalFree(request);
                  return;
                }
                if (k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  k32.LocalFree(request);
                  throw new IllegalStateException("append");
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void skipModeSetOnOtherHandleOnly() {
    helper
        .addSourceLines(
            "Copier.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class Copier {
              private final Kernel32 k32;
              private final HANDLE source;
              private final HANDLE target;
              private final HANDLE port;

              Copier(Kernel32 k32, String from, String to) {
                this.k32 = k32;
                source =
                    k32.CreateFile(
                        from,
                        WinBase.GENERIC_READ,
                        WinBase.FILE_SHARE_READ,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                target =
                    k32.CreateFile(
                        to,
                        WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.CREATE_ALWAYS,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                port = k32.CreateIoCompletionPort(source, null, 1, 1);
                k32.CreateIoCompletionPort(target, port, 2, 1);
                k32.SetFileCompletionNotificationModes(source, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
              }

              void writeChunk(byte[] chunk, long position) {
                Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + chunk.length);
                request.write(OVERLAPPED.SIZE, chunk, 0, chunk.length);
                OVERLAPPED ov = new OVERLAPPED(request);
                ov.Offset = (int) position;
                ov.OffsetHigh = (int) (position >>> 32);
                ov.write();
                if (k32.WriteFile(target, request.share(OVERLAPPED.SIZE), chunk.length, null, request)) {
                  // BUG: Diagnostic contains: handle 'target' is bound to a completion port
                  k32.LocalFree(request);
                  return;
                }
                if (k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  k32.LocalFree(request);
                  throw new IllegalStateException("write");
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void freeAfterReturningOnPendingOnly() {
    helper
        .addSourceLines(
            "MeterClient.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.IntByReference;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class MeterClient {
              private final Kernel32 k32;
              private final HANDLE pipe;

              MeterClient(Kernel32 k32) {
                this.k32 = k32;
                pipe =
                    k32.CreateFile(
                        "\\\\\\\\.\\\\pipe\\\\meter",
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                k32.CreateIoCompletionPort(pipe, null, 0, 1);
              }

              int poll() {
                Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + 64);
                IntByReference got = new IntByReference();
                boolean done = k32.ReadFile(pipe, request.share(OVERLAPPED.SIZE), 64, got, request);
                if (!done && k32.GetLastError() == WinError.ERROR_IO_PENDING) {
                  return -1; // the port thread handles it
                }
                int value = done ? request.getInt(OVERLAPPED.SIZE) : 0;
                // BUG: Diagnostic contains: 'request' is freed after ReadFile completed at once
                k32.LocalFree(request);
                return value;
              }
            }
            """)
        .doTest();
  }

  @Test
  void nativeFreeOfMallocedRequestOnTrueWithDirectMapping() {
    helper
        .addSourceLines(
            "Spooler.java",
            """
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;

            final class Spooler {
              static {
                Native.register("kernel32");
              }

              static native boolean WriteFile(
                  HANDLE file, Pointer buffer, int length, IntByReference written, Pointer ov);

              private static final int OVERLAPPED_SIZE = 32;
              private final HANDLE spool;
              private final HANDLE port;
              private long end;

              Spooler(String path) {
                spool =
                    Kernel32.INSTANCE.CreateFile(
                        path,
                        WinNT.GENERIC_WRITE,
                        0,
                        null,
                        WinNT.CREATE_ALWAYS,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
                port = Kernel32.INSTANCE.CreateIoCompletionPort(spool, null, Pointer.createConstant(5), 0);
              }

              void spool(byte[] record) {
                long peer = Native.malloc(OVERLAPPED_SIZE + record.length);
                Pointer request = new Pointer(peer);
                request.clear(OVERLAPPED_SIZE);
                request.setInt(16, (int) end);
                request.setInt(20, (int) (end >>> 32));
                request.write(OVERLAPPED_SIZE, record, 0, record.length);
                end += record.length;
                if (!WriteFile(spool, request.share(OVERLAPPED_SIZE), record.length, null, request)) {
                  int error = Native.getLastError();
                  if (error == WinError.ERROR_IO_PENDING) {
                    return;
                  }
                  Native.free(peer);
                  throw new IllegalStateException("spool: " + error);
                }
                // BUG: Diagnostic contains: is freed after WriteFile completed at once
                Native.free(peer);
              }
            }
            """)
        .doTest();
  }

  @Test
  void freeThroughSameClassHelperOnTruePath() {
    helper
        .addSourceLines(
            "HidReader.java",
            """
            import io.github.overlapcheck.runtime.HANDLE;
            import io.github.overlapcheck.runtime.Kernel32;
            import io.github.overlapcheck.runtime.Memory;
            import io.github.overlapcheck.runtime.OVERLAPPED;
            import io.github.overlapcheck.runtime.Pointer;
            import io.github.overlapcheck.runtime.WinBase;
            import io.github.overlapcheck.runtime.WinError;

            final class HidReader {
              private static final int REPORT = 64;
              private final Kernel32 k32;
              private final HANDLE device;

              HidReader(Kernel32 k32, String path) {
                this.k32 = k32;
                device =
                    k32.CreateFile(
                        path,
                        WinBase.GENERIC_READ,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                k32.CreateIoCompletionPort(device, null, 0, 1);
              }

              void readReport() {
                Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + REPORT);
                if (k32.ReadFile(device, request.share(OVERLAPPED.SIZE), REPORT, null, request)) {
                  // BUG: Diagnostic contains: 'request' is freed after ReadFile completed at once
                  release(request);
                  return;
                }
                if (k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  release(request);
                  throw new IllegalStateException("read");
                }
              }

              private void release(Pointer request) {
                k32.LocalFree(request);
              }
            }
            """)
        .doTest();
  }

  @Test
  void freeOnTrueOfThreadpoolIoBoundHandle() {
    helper
        .addSourceLines(
            "PoolWriter.java",
            """
            import com.sun.jna.Callback;
            import com.sun.jna.Memory;
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;

            final class PoolWriter {
              interface IoCallback extends Callback {
                void invoke(
                    Pointer instance, Pointer context, Pointer overlapped, int result, long bytes, Pointer io);
              }

              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);

                Pointer CreateThreadpoolIo(HANDLE h, IoCallback callback, Pointer context, Pointer environment);

                void StartThreadpoolIo(Pointer io);

                void CancelThreadpoolIo(Pointer io);

                boolean WriteFile(HANDLE h, Pointer buf, int n, IntByReference written, Pointer ov);
              }

              private static final int OVERLAPPED_SIZE = 32;
              private final HANDLE file;
              private final Pointer io;
              private final IoCallback onWritten =
                  (instance, context, overlapped, result, bytes, io) ->
                      Native.free(Pointer.nativeValue(overlapped));
              private long end;

              PoolWriter(String path) {
                file =
                    Kernel32.INSTANCE.CreateFile(
                        path,
                        WinNT.GENERIC_WRITE,
                        0,
                        null,
                        WinNT.CREATE_ALWAYS,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
                io = Win32.INSTANCE.CreateThreadpoolIo(file, onWritten, null, null);
              }

              void write(byte[] data) {
                Memory request = new Memory(OVERLAPPED_SIZE + data.length);
                request.clear(OVERLAPPED_SIZE);
                request.setInt(16, (int) end);
                request.setInt(20, (int) (end >>> 32));
                request.write(OVERLAPPED_SIZE, data, 0, data.length);
                end += data.length;
                Win32.INSTANCE.StartThreadpoolIo(io);
                if (Win32.INSTANCE.WriteFile(
                    file, request.share(OVERLAPPED_SIZE), data.length, null, request)) {
                  // BUG: Diagnostic contains: 'request' is freed after WriteFile completed at once
                  request.close();
                  return;
                }
                if (Native.getLastError() != WinError.ERROR_IO_PENDING) {
                  Win32.INSTANCE.CancelThreadpoolIo(io);
                  request.close();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void dataBufferFreedOnTrueWhileHandlerFreesItFromThePacket() {
    helper
        .addSourceLines(
            "Uploader.java",
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

            final class Uploader {
              private final Kernel32 k32;
              private final HANDLE pipe;
              private final HANDLE port;
              private final Map<Long, Memory> dataOf = new HashMap<>();

              Uploader(Kernel32 k32, String name) {
                this.k32 = k32;
                pipe =
                    k32.CreateFile(
                        name,
                        WinBase.GENERIC_WRITE,
                        0,
                        null,
                        WinBase.OPEN_EXISTING,
                        WinBase.FILE_FLAG_OVERLAPPED,
                        null);
                port = k32.CreateIoCompletionPort(pipe, null, 0, 1);
              }

              void upload(byte[] chunk) {
                OVERLAPPED ov = new OVERLAPPED(k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE));
                Memory data = k32.LocalAlloc(WinBase.LMEM_FIXED, chunk.length);
                data.write(0, chunk, 0, chunk.length);
                dataOf.put(ov.getPointer().address(), data);
                if (k32.WriteFile(pipe, data, chunk.length, null, ov.getPointer())) {
                  // BUG: Diagnostic contains: 'data' is freed after WriteFile completed at once
                  k32.LocalFree(data);
                  return;
                }
                if (k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                  dataOf.remove(ov.getPointer().address());
                  k32.LocalFree(data);
                  k32.LocalFree(ov.getPointer());
                }
              }

              void completions() {
                IntByReference bytes = new IntByReference();
                ULONG_PTRByReference key = new ULONG_PTRByReference();
                PointerByReference overlapped = new PointerByReference();
                while (k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE)) {
                  k32.LocalFree(dataOf.remove(overlapped.getValue().address()));
                  k32.LocalFree(overlapped.getValue());
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void requestInTryWithResourcesClosedAfterTrue() {
    helper
        .addSourceLines(
            "Notifier.java",
            """
            import com.sun.jna.Memory;
            import com.sun.jna.Native;
            import com.sun.jna.Pointer;
            import com.sun.jna.platform.win32.Kernel32;
            import com.sun.jna.platform.win32.WinError;
            import com.sun.jna.platform.win32.WinNT;
            import com.sun.jna.platform.win32.WinNT.HANDLE;
            import com.sun.jna.ptr.IntByReference;
            import com.sun.jna.win32.StdCallLibrary;
            import com.sun.jna.win32.W32APIOptions;

            final class Notifier {
              interface Win32 extends StdCallLibrary {
                Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);

                boolean WriteFile(HANDLE h, Pointer buf, int n, IntByReference written, Pointer ov);
              }

              private static final int OVERLAPPED_SIZE = 32;
              private final HANDLE pipe;
              private final HANDLE port;

              Notifier(String name) {
                pipe =
                    Kernel32.INSTANCE.CreateFile(
                        name,
                        WinNT.GENERIC_WRITE,
                        0,
                        null,
                        WinNT.OPEN_EXISTING,
                        WinNT.FILE_FLAG_OVERLAPPED,
                        null);
                port = Kernel32.INSTANCE.CreateIoCompletionPort(pipe, null, Pointer.createConstant(2), 1);
              }

              /** Only sends what completes at once; anything slower is dropped. */
              boolean tryNotify(byte[] event) {
                // BUG: Diagnostic contains: 'request' is freed after WriteFile completed at once
                try (Memory request = new Memory(OVERLAPPED_SIZE + event.length)) {
                  request.clear(OVERLAPPED_SIZE);
                  request.write(OVERLAPPED_SIZE, event, 0, event.length);
                  if (Win32.INSTANCE.WriteFile(
                      pipe, request.share(OVERLAPPED_SIZE), event.length, null, request)) {
                    return true; // the close() that ends the try frees the request: the packet
                    // still comes
                  }
                  if (Native.getLastError() == WinError.ERROR_IO_PENDING) {
                    throw new IllegalStateException("slow consumer");
                  }
                  return false;
                }
              }
            }
            """)
        .doTest();
  }
}
