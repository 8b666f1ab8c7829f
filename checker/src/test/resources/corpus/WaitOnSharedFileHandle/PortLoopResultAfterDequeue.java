package corpus.waitonsharedfilehandle;
// case: negative: port-driven pipe client keeps a read and a write outstanding with event-less OVERLAPPEDs; once GetQueuedCompletionStatus hands back a packet it calls GetOverlappedResult(bWait=TRUE) on that OVERLAPPED only to turn the packet into a result and a byte count, and a dequeued operation is already complete, so the call never waits on the pipe handle

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
import java.util.ArrayDeque;
import java.util.function.Consumer;

public final class PortLoopResultAfterDequeue implements AutoCloseable {
  private static final int MESSAGE = 400;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE port;
  private final Memory readRequest;
  private final Memory writeRequest;
  private final ArrayDeque<byte[]> outgoing = new ArrayDeque<>();
  private final Consumer<byte[]> onMessage;
  private boolean readInFlight;
  private boolean writeInFlight;
  private boolean closing;

  public PortLoopResultAfterDequeue(Kernel32 k32, String pipeName, Consumer<byte[]> onMessage) {
    this.k32 = k32;
    this.onMessage = onMessage;
    pipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ | WinBase.GENERIC_WRITE, 0, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_FLAG_OVERLAPPED, null);
    port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
    readRequest = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + MESSAGE);
    writeRequest = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + MESSAGE);
  }

  public void start() {
    armRead();
  }

  public void send(byte[] message) {
    outgoing.add(message);
    if (!writeInFlight) {
      startWrite();
    }
  }

  private void armRead() {
    if (!k32.ReadFile(pipe, readRequest.share(OVERLAPPED.SIZE), MESSAGE, null, readRequest)
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("read failed: error " + k32.GetLastError());
    }
    readInFlight = true;
  }

  private void startWrite() {
    byte[] next = outgoing.poll();
    if (next == null) {
      return;
    }
    int length = Math.min(next.length, MESSAGE);
    writeRequest.write(OVERLAPPED.SIZE, next, 0, length);
    if (!k32.WriteFile(pipe, writeRequest.share(OVERLAPPED.SIZE), length, null, writeRequest)
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("write failed: error " + k32.GetLastError());
    }
    writeInFlight = true;
  }

  public boolean pumpOnce(int timeoutMillis) {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, timeoutMillis);
    Pointer request = overlapped.getValue();
    if (request == null) {
      return false;
    }
    IntByReference transferred = new IntByReference();
    boolean ok = k32.GetOverlappedResult(pipe, request, transferred, true);
    if (request.equals(readRequest)) {
      readInFlight = false;
      if (ok) {
        onMessage.accept(readRequest.getByteArray(OVERLAPPED.SIZE, transferred.getValue()));
        if (!closing) {
          armRead();
        }
      }
    } else if (request.equals(writeRequest)) {
      writeInFlight = false;
      if (ok && !closing) {
        startWrite();
      }
    }
    return true;
  }

  @Override
  public void close() {
    closing = true;
    k32.CancelIoEx(pipe, (Pointer) null);
    while ((readInFlight || writeInFlight) && pumpOnce(WinBase.INFINITE)) {
      continue;
    }
    k32.CloseHandle(pipe);
    k32.CloseHandle(port);
    k32.LocalFree(readRequest);
    k32.LocalFree(writeRequest);
  }
}
