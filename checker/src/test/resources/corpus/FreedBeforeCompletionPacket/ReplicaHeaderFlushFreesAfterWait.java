package corpus.freedbeforecompletionpacket;
// case: positive: a port-bound replica file gets a header write that the caller waits for on an event, then frees the request on every path including the TRUE one; the completion packet is still queued and the port thread frees the request again

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

public final class ReplicaHeaderFlushFreesAfterWait {
  private static final int HEADER_SIZE = 96;
  private static final long REPLICA_KEY = 3;

  private final Kernel32 k32;
  private final HANDLE replica;
  private final HANDLE port;
  private final HANDLE headerDone;

  public ReplicaHeaderFlushFreesAfterWait(Kernel32 k32, String path, HANDLE sharedPort) {
    this.k32 = k32;
    this.replica =
        k32.CreateFile(
            path,
            WinBase.GENERIC_READ | WinBase.GENERIC_WRITE,
            0,
            null,
            WinBase.OPEN_ALWAYS,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.port = k32.CreateIoCompletionPort(replica, sharedPort, REPLICA_KEY, 0);
    this.headerDone = k32.CreateEvent(null, true, false, null);
  }

  public void flushHeader(byte[] header) {
    if (header.length != HEADER_SIZE) {
      throw new IllegalArgumentException("header must be " + HEADER_SIZE + " bytes");
    }
    Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + HEADER_SIZE);
    request.write(OVERLAPPED.SIZE, header, 0, HEADER_SIZE);
    OVERLAPPED ov = new OVERLAPPED(request);
    ov.Offset = 0;
    ov.OffsetHigh = 0;
    ov.hEvent = headerDone;
    ov.write();
    k32.ResetEvent(headerDone);

    if (!k32.WriteFile(replica, request.share(OVERLAPPED.SIZE), HEADER_SIZE, null, request)) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        k32.LocalFree(request);
        throw new IllegalStateException("header write failed: error " + error);
      }
      IntByReference written = new IntByReference();
      if (!k32.GetOverlappedResult(replica, (Pointer) request, written, true)) {
        throw new IllegalStateException("header write failed: error " + k32.GetLastError());
      }
    }
    k32.LocalFree(request); // expect: FreedBeforeCompletionPacket
  }

  /** Run by the owner of the shared port for packets carrying {@link #REPLICA_KEY}. */
  public void servicePort() {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, 0)
        || overlapped.getValue() != null) {
      if (key.getValue() == REPLICA_KEY && overlapped.getValue() != null) {
        k32.LocalFree(overlapped.getValue());
      }
    }
  }
}
