package corpus.localoverlappedescapes;
// case: negative: heartbeat read with arena-scoped OVERLAPPED and buffer and a timeout; on timeout it calls CancelIoEx and then waits for the aborted read with GetOverlappedResult(bWait=TRUE) before leaving the arena

import io.github.overlapcheck.runtime.Arena;
import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class ArenaTimeoutCancelsAndWaits {
  private final Kernel32 k32;
  private final HANDLE peer;
  private final HANDLE beat;

  public ArenaTimeoutCancelsAndWaits(Kernel32 k32, HANDLE peer) {
    this.k32 = k32;
    this.peer = peer;
    this.beat = k32.CreateEvent(null, true, false, null);
  }

  public boolean heartbeat(int timeoutMillis) {
    try (Arena frame = k32.openArena()) {
      Memory token = frame.allocate(8);
      OVERLAPPED ov = new OVERLAPPED(frame);
      ov.hEvent = beat;
      k32.ResetEvent(beat);
      if (!k32.ReadFile(peer, token, 8, null, ov)) {
        int error = k32.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          return false;
        }
        if (k32.WaitForSingleObject(beat, timeoutMillis) != WinBase.WAIT_OBJECT_0) {
          k32.CancelIoEx(peer, ov.getPointer());
          k32.GetOverlappedResult(peer, ov.getPointer(), new IntByReference(), true);
          return false;
        }
      }
      IntByReference count = new IntByReference();
      return k32.GetOverlappedResult(peer, ov.getPointer(), count, false) && count.getValue() == 8;
    }
  }
}
