package corpus.staleoverlappedwriteback;
// case: negative: log shipper writes chunks through a completion port with request blocks kept in a map; after a packet is dequeued it builds a fresh OVERLAPPED view over the packet's pointer (read at construction) and passes that view by value to GetOverlappedResult, writing back only the completed values

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
import java.util.function.LongConsumer;

public final class DequeuedPacketViewByValue {
  private static final long KEY = 7;

  private final Kernel32 k32;
  private final HANDLE file;
  private final HANDLE port;
  private final Map<Long, Memory> inFlight = new HashMap<>();

  public DequeuedPacketViewByValue(Kernel32 k32, String path) {
    this.k32 = k32;
    this.file =
        k32.CreateFile(
            path, WinBase.GENERIC_WRITE, WinBase.FILE_SHARE_READ, null, WinBase.OPEN_ALWAYS,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    this.port = k32.CreateIoCompletionPort(file, null, KEY, 1);
  }

  public boolean submit(byte[] chunk, long offset) {
    Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + chunk.length);
    request.write(OVERLAPPED.SIZE, chunk, 0, chunk.length);
    OVERLAPPED ov = new OVERLAPPED(request);
    ov.Offset = (int) offset;
    ov.OffsetHigh = (int) (offset >>> 32);
    inFlight.put(request.address(), request);
    if (!k32.WriteFile(file, request.share(OVERLAPPED.SIZE), chunk.length, null, ov)
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      inFlight.remove(request.address());
      k32.LocalFree(request);
      return false;
    }
    return true;
  }

  /** Dequeues until every submitted chunk completed; reports the end offset of each. */
  public void drain(LongConsumer writtenUpTo) {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (!inFlight.isEmpty()) {
      boolean ok = k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE);
      Pointer p = overlapped.getValue();
      if (p == null) {
        throw new IllegalStateException("port failed: error " + k32.GetLastError());
      }
      OVERLAPPED done = new OVERLAPPED(p);
      IntByReference count = new IntByReference();
      if (ok && k32.GetOverlappedResult(file, done, count, false)) {
        long at = (done.Offset & 0xFFFFFFFFL) | ((long) done.OffsetHigh << 32);
        writtenUpTo.accept(at + count.getValue());
      }
      k32.LocalFree(inFlight.remove(p.address()));
    }
  }

  public void close() {
    drain(end -> {});
    k32.CloseHandle(port);
    k32.CloseHandle(file);
  }
}
