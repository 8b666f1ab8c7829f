package corpus.freedbeforecompletionpacket;
// case: positive: command channel on a port-bound pipe hands a request over to the port by nulling its local and frees it in a finally block otherwise; a TRUE WriteFile returns with the local still set, so the finally frees a request whose packet is still queued and the completion loop frees it again

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
import java.util.concurrent.atomic.AtomicInteger;

public final class CommandChannelFinallyFreesRequest implements AutoCloseable {
  private static final long CHANNEL_KEY = 0x43;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE port;
  private final AtomicInteger inFlight = new AtomicInteger();
  private int failedWrites;

  public CommandChannelFinallyFreesRequest(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    pipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ | WinBase.GENERIC_WRITE, 0, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_FLAG_OVERLAPPED, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(pipe)) {
      throw new IllegalStateException("cannot open " + pipeName + ": error " + k32.GetLastError());
    }
    port = k32.CreateIoCompletionPort(pipe, null, CHANNEL_KEY, 1);
  }

  public void send(byte[] command) {
    Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + command.length);
    request.write(OVERLAPPED.SIZE, command, 0, command.length);
    inFlight.incrementAndGet();
    try {
      if (k32.WriteFile(pipe, request.share(OVERLAPPED.SIZE), command.length, null, request)) {
        return;
      }
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        inFlight.decrementAndGet();
        throw new IllegalStateException("command write failed: error " + error);
      }
      request = null;
    } finally {
      if (request != null) {
        k32.LocalFree(request); // expect: FreedBeforeCompletionPacket
      }
    }
  }

  public void drainCompletions() {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (inFlight.get() > 0) {
      boolean ok = k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE);
      Pointer request = overlapped.getValue();
      if (request == null) {
        return;
      }
      if (!ok) {
        failedWrites++;
      }
      k32.LocalFree(request);
      inFlight.decrementAndGet();
    }
  }

  public int failedWrites() {
    return failedWrites;
  }

  @Override
  public void close() {
    drainCompletions();
    k32.CloseHandle(pipe);
    k32.CloseHandle(port);
  }
}
