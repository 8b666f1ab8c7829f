package io.github.overlapcheck.samples.fixed;

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
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** Appends lines to a log file through an I/O completion port served by one I/O thread. */
public final class FreedBeforeCompletionPacketSample implements AutoCloseable {
  private static final long LOG_KEY = 1;
  private static final long STOP_KEY = 2;

  private final Kernel32 k32;
  private final HANDLE file;
  private final HANDLE port;
  private final HANDLE ioThread;
  private final AtomicInteger writesInFlight = new AtomicInteger();
  private long endOfFile;

  public FreedBeforeCompletionPacketSample(Kernel32 k32, String path) {
    this.k32 = k32;
    this.file =
        k32.CreateFile(
            path,
            WinBase.GENERIC_WRITE,
            WinBase.FILE_SHARE_READ,
            null,
            WinBase.CREATE_ALWAYS,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.port = k32.CreateIoCompletionPort(file, null, LOG_KEY, 1);
    this.ioThread = k32.CreateThread("log-io", this::serviceCompletions);
  }

  public void append(String line) {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + bytes.length);
    request.write(OVERLAPPED.SIZE, bytes, 0, bytes.length);
    OVERLAPPED overlapped = new OVERLAPPED(request);
    overlapped.Offset = (int) endOfFile;
    overlapped.OffsetHigh = (int) (endOfFile >>> 32);
    overlapped.write();
    endOfFile += bytes.length;
    writesInFlight.incrementAndGet();
    // TRUE still queues a packet to the port: the I/O thread frees the request in either case.
    if (!k32.WriteFile(file, request.share(OVERLAPPED.SIZE), bytes.length, null, request)) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        writesInFlight.decrementAndGet();
        k32.LocalFree(request);
        throw new IllegalStateException("WriteFile failed: error " + error);
      }
    }
  }

  private void serviceCompletions() {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    boolean stopping = false;
    while (!stopping || writesInFlight.get() > 0) {
      boolean ok = k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE);
      Pointer request = overlapped.getValue();
      if (request != null) {
        k32.LocalFree(request);
        writesInFlight.decrementAndGet();
      } else if (!ok) {
        return;
      } else if (key.getValue() == STOP_KEY) {
        stopping = true;
      }
    }
  }

  @Override
  public void close() {
    k32.PostQueuedCompletionStatus(port, 0, STOP_KEY, null);
    k32.WaitForSingleObject(ioThread, WinBase.INFINITE);
    k32.CloseHandle(ioThread);
    k32.CloseHandle(file);
    k32.CloseHandle(port);
  }
}
