package corpus.freedbeforecompletionpacket;
// case: negative: port-bound event log writer leaves every free to the completion thread, TRUE and pending alike; only a failure that started nothing (no packet) frees in place

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
import java.util.concurrent.atomic.AtomicLong;

public final class CompletionThreadOwnsFree implements AutoCloseable {
  private static final long STOP = -1;

  private final Kernel32 k32;
  private final HANDLE log;
  private final HANDLE port;
  private final HANDLE worker;
  private final AtomicLong inFlight = new AtomicLong();
  private long end;
  private long synchronousCompletions;

  public CompletionThreadOwnsFree(Kernel32 k32, String path) {
    this.k32 = k32;
    log =
        k32.CreateFile(
            path, WinBase.GENERIC_WRITE, WinBase.FILE_SHARE_READ, null, WinBase.CREATE_ALWAYS,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    port = k32.CreateIoCompletionPort(log, null, 0, 1);
    worker = k32.CreateThread("eventlog-completions", this::run);
  }

  public void write(String event) {
    byte[] bytes = (event + "\n").getBytes(StandardCharsets.UTF_8);
    Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + bytes.length);
    request.write(OVERLAPPED.SIZE, bytes, 0, bytes.length);
    OVERLAPPED ov = new OVERLAPPED(request);
    ov.Offset = (int) end;
    ov.OffsetHigh = (int) (end >>> 32);
    ov.write();
    end += bytes.length;
    inFlight.incrementAndGet();

    if (k32.WriteFile(log, request.share(OVERLAPPED.SIZE), bytes.length, null, request)) {
      synchronousCompletions++;
      return;
    }
    int error = k32.GetLastError();
    if (error == WinError.ERROR_IO_PENDING) {
      return;
    }
    inFlight.decrementAndGet();
    k32.LocalFree(request);
    throw new IllegalStateException("event log write failed: error " + error);
  }

  public long synchronousCompletions() {
    return synchronousCompletions;
  }

  private void run() {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    boolean stopping = false;
    while (!stopping || inFlight.get() > 0) {
      boolean ok = k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE);
      Pointer request = overlapped.getValue();
      if (request != null) {
        k32.LocalFree(request);
        inFlight.decrementAndGet();
      } else if (!ok) {
        return;
      } else if (key.getValue() == STOP) {
        stopping = true;
      }
    }
  }

  @Override
  public void close() {
    k32.PostQueuedCompletionStatus(port, 0, STOP, null);
    k32.WaitForSingleObject(worker, WinBase.INFINITE);
    k32.CloseHandle(worker);
    k32.CloseHandle(log);
    k32.CloseHandle(port);
  }
}
