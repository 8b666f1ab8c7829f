package corpus.asyncbytestransferredused;
// case: negative: port-based log tailer issues ReadFile with a null byte count and sizes every delivered chunk from the packet's lpNumberOfBytes returned by GetQueuedCompletionStatus, which is right for synchronous and pending completions alike

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

public final class PortHandlerUsesPacketCount {
  private static final int CHUNK = 128;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE port;
  private final Map<Long, Memory> buffers = new HashMap<>();
  private final Map<Long, OVERLAPPED> requests = new HashMap<>();

  public PortHandlerUsesPacketCount(Kernel32 k32, HANDLE overlappedPipe) {
    this.k32 = k32;
    this.pipe = overlappedPipe;
    this.port = k32.CreateIoCompletionPort(overlappedPipe, null, 3L, 1);
  }

  public void submitRead() {
    Memory buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, CHUNK);
    OVERLAPPED ov = new OVERLAPPED(k32);
    long key = ov.getPointer().address();
    buffers.put(key, buffer);
    requests.put(key, ov);
    if (!k32.ReadFile(pipe, buffer, CHUNK, null, ov.getPointer())
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      int error = k32.GetLastError();
      buffers.remove(key);
      requests.remove(key);
      k32.LocalFree(buffer);
      throw new IllegalStateException("read not started: error " + error);
    }
  }

  public int drain(Consumer<byte[]> sink, int timeoutMillis) {
    int delivered = 0;
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, timeoutMillis)
        || overlapped.getValue() != null) {
      long address = overlapped.getValue().address();
      requests.remove(address);
      Memory buffer = buffers.remove(address);
      if (buffer == null) {
        continue;
      }
      int length = bytes.getValue();
      if (length > 0) {
        sink.accept(buffer.getByteArray(0, length));
        delivered++;
      }
      k32.LocalFree(buffer);
    }
    return delivered;
  }
}
