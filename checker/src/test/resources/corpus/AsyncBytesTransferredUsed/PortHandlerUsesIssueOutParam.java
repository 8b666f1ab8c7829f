package corpus.asyncbytestransferredused;
// case: positive: port-based pipe reader keeps each request's lpNumberOfBytesRead reference next to its buffer and OVERLAPPED, and the completion loop sizes the delivered data from that reference instead of the packet's byte count; for every read that went pending the reference still holds 0

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
import java.util.function.Consumer;

public final class PortHandlerUsesIssueOutParam {
  private static final int CHUNK = 128;

  private static final class ReadRequest {
    final Memory buffer;
    final OVERLAPPED ov;
    final IntByReference transferred = new IntByReference();

    ReadRequest(Kernel32 k32) {
      buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, CHUNK);
      ov = new OVERLAPPED(k32);
    }
  }

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE port;
  private final Map<Long, ReadRequest> inFlight = new HashMap<>();

  public PortHandlerUsesIssueOutParam(Kernel32 k32, HANDLE overlappedPipe) {
    this.k32 = k32;
    this.pipe = overlappedPipe;
    this.port = k32.CreateIoCompletionPort(overlappedPipe, null, 7L, 1);
  }

  public void submitRead() {
    ReadRequest req = new ReadRequest(k32);
    inFlight.put(req.ov.getPointer().address(), req);
    if (k32.ReadFile(pipe, req.buffer, CHUNK, req.transferred, req.ov.getPointer())) {
      return;
    }
    int error = k32.GetLastError();
    if (error == WinError.ERROR_IO_PENDING) {
      return;
    }
    inFlight.remove(req.ov.getPointer().address());
    k32.LocalFree(req.buffer);
    throw new IllegalStateException("read not started: error " + error);
  }

  public int drain(Consumer<byte[]> sink, int timeoutMillis) {
    int delivered = 0;
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, timeoutMillis)
        || overlapped.getValue() != null) {
      ReadRequest req = inFlight.remove(overlapped.getValue().address());
      if (req == null) {
        continue;
      }
      int length = req.transferred.getValue(); // expect: AsyncBytesTransferredUsed
      if (length > 0) {
        sink.accept(req.buffer.getByteArray(0, length));
        delivered++;
      }
      k32.LocalFree(req.buffer);
    }
    return delivered;
  }
}
