package io.github.overlapcheck.samples.buggy;

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

/** Publishes metric samples to a collector's named pipe through an I/O completion port. */
public final class SkippedCompletionUnhandledSample implements AutoCloseable {
  private static final long PIPE_KEY = 1;
  private static final long STOP_KEY = 2;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE port;
  private final HANDLE ioThread;
  private final AtomicInteger writesInFlight = new AtomicInteger();

  public SkippedCompletionUnhandledSample(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    this.pipe =
        k32.CreateFile(
            pipeName,
            WinBase.GENERIC_WRITE,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.port = k32.CreateIoCompletionPort(pipe, null, PIPE_KEY, 1);
    k32.SetFileCompletionNotificationModes(pipe, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
    this.ioThread = k32.CreateThread("metrics-io", this::serviceCompletions);
  }

  public void publish(String metric, long value) {
    byte[] bytes = (metric + "=" + value + "\n").getBytes(StandardCharsets.UTF_8);
    Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + bytes.length);
    request.write(OVERLAPPED.SIZE, bytes, 0, bytes.length);
    writesInFlight.incrementAndGet();
    if (!k32.WriteFile(pipe, request.share(OVERLAPPED.SIZE), bytes.length, null, request)) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        writeFinished(request);
        throw new IllegalStateException("WriteFile failed: error " + error);
      }
    }
  }

  private void writeFinished(Pointer request) {
    k32.LocalFree(request);
    writesInFlight.decrementAndGet();
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
        writeFinished(request);
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
    k32.CloseHandle(pipe);
    k32.CloseHandle(port);
  }
}
