package corpus.localoverlappedescapes;
// case: positive: the fetch keeps the OVERLAPPED pointer and buffer in fields to poll later, but both were allocated in a try-with-resources Arena that closes when startFetch returns, so the pending read's storage is freed under it

import io.github.overlapcheck.runtime.Arena;
import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Pointer;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class ArenaOverlappedPointerKeptInField {
  private static final int FRAME = 256;

  private final Kernel32 k32;
  private final HANDLE feed;
  private Pointer inFlight;
  private Memory inFlightBuffer;

  public ArenaOverlappedPointerKeptInField(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    feed =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
  }

  public byte[] startFetch() {
    try (Arena scope = k32.openArena()) {
      Memory buffer = scope.allocate(FRAME);
      OVERLAPPED ov = new OVERLAPPED(scope);
      IntByReference got = new IntByReference();
      if (k32.ReadFile(feed, buffer, FRAME, got, ov)) { // expect: LocalOverlappedEscapes
        return buffer.getByteArray(0, got.getValue());
      }
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("fetch failed: error " + error);
      }
      inFlight = ov.getPointer();
      inFlightBuffer = buffer;
      return null;
    }
  }

  public byte[] poll() {
    if (inFlight == null) {
      return null;
    }
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(feed, inFlight, got, false)) {
      if (k32.GetLastError() == WinError.ERROR_IO_INCOMPLETE) {
        return null;
      }
      inFlight = null;
      throw new IllegalStateException("fetch failed: error " + k32.GetLastError());
    }
    inFlight = null;
    return inFlightBuffer.getByteArray(0, got.getValue());
  }
}
