package corpus.localoverlappedescapes;
// case: negative: a pipe server issues reads on a port-bound pipe with OVERLAPPED and buffer in LocalAlloc memory tracked in a map; the method returns while the read is pending but the storage lives until the packet is dequeued

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
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

public final class PortServerKeepsRequestsInMap {
  private static final int MESSAGE = 512;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE port;
  private final Map<Pointer, Memory> reads = new HashMap<>();
  private final Consumer<byte[]> handler;

  public PortServerKeepsRequestsInMap(Kernel32 k32, String name, Consumer<byte[]> handler) {
    this.k32 = k32;
    this.handler = handler;
    pipe =
        k32.CreateNamedPipe(
            name, WinBase.PIPE_ACCESS_INBOUND | WinBase.FILE_FLAG_OVERLAPPED,
            WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_WAIT, 1, MESSAGE, MESSAGE, 0, null);
    port = k32.CreateIoCompletionPort(pipe, null, 1, 1);
  }

  public void postRead() {
    Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + MESSAGE);
    OVERLAPPED view = new OVERLAPPED(request);
    view.hEvent = null;
    view.write();
    reads.put(request, request);
    if (!k32.ReadFile(pipe, request.share(OVERLAPPED.SIZE), MESSAGE, null, request)) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        reads.remove(request);
        k32.LocalFree(request);
        throw new IllegalStateException("postRead failed: error " + error);
      }
    }
  }

  public boolean dispatchOne(int timeoutMillis) {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    boolean ok = k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, timeoutMillis);
    Pointer ov = overlapped.getValue();
    if (ov == null) {
      return false;
    }
    Memory request = reads.remove(ov);
    if (ok) {
      handler.accept(request.getByteArray(OVERLAPPED.SIZE, bytes.getValue()));
    }
    k32.LocalFree(request);
    return ok;
  }
}
