package corpus.localoverlappedescapes;
// case: negative: the link session allocates each request's OVERLAPPED and buffer from an arena it owns for its whole lifetime, not from one scoped to the method; beginReceive() returns with the read pending, and the arena is closed only in close(), after the read is cancelled and waited for

import io.github.overlapcheck.runtime.Arena;
import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class SessionArenaOutlivesPendingRead implements AutoCloseable {
  private static final int PACKET = 180;

  private final Kernel32 k32;
  private final HANDLE link;
  private final Arena session;
  private OVERLAPPED receiveOv;
  private Memory receiveBuffer;

  public SessionArenaOutlivesPendingRead(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    this.session = k32.openArena();
    link =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ | WinBase.GENERIC_WRITE, 0, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_FLAG_OVERLAPPED, null);
  }

  public HANDLE beginReceive() {
    if (receiveOv != null) {
      return receiveOv.hEvent;
    }
    Memory buffer = session.allocate(PACKET);
    OVERLAPPED ov = new OVERLAPPED(session);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    if (!k32.ReadFile(link, buffer, PACKET, null, ov)) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        k32.CloseHandle(ov.hEvent);
        throw new IllegalStateException("receive failed: error " + error);
      }
    }
    receiveOv = ov;
    receiveBuffer = buffer;
    return ov.hEvent;
  }

  public byte[] endReceive() {
    if (receiveOv == null) {
      throw new IllegalStateException("no receive in progress");
    }
    IntByReference got = new IntByReference();
    boolean ok = k32.GetOverlappedResult(link, receiveOv.getPointer(), got, true);
    int error = k32.GetLastError();
    k32.CloseHandle(receiveOv.hEvent);
    receiveOv = null;
    if (!ok) {
      throw new IllegalStateException("receive failed: error " + error);
    }
    return receiveBuffer.getByteArray(0, got.getValue());
  }

  @Override
  public void close() {
    if (receiveOv != null) {
      k32.CancelIoEx(link, receiveOv.getPointer());
      k32.GetOverlappedResult(link, receiveOv.getPointer(), new IntByReference(), true);
      k32.CloseHandle(receiveOv.hEvent);
      receiveOv = null;
    }
    k32.CloseHandle(link);
    session.close();
  }
}
