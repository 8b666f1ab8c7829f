package corpus.localoverlappedescapes;
// case: positive: licence-dongle challenge/response over an overlapped pipe; the response read uses an OVERLAPPED and buffer from a try-with-resources Arena and the method returns on timeout, closing the arena while the read is still pending

import io.github.overlapcheck.runtime.Arena;
import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class ArenaDongleResponseTimesOut {
  private static final int CHALLENGE = 16;
  private static final int RESPONSE = 32;

  private final Kernel32 k32;
  private final HANDLE dongle;
  private final HANDLE writeDone;
  private final HANDLE responseReady;

  public ArenaDongleResponseTimesOut(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    dongle =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ | WinBase.GENERIC_WRITE, 0, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_FLAG_OVERLAPPED, null);
    writeDone = k32.CreateEvent(null, true, false, null);
    responseReady = k32.CreateEvent(null, true, false, null);
  }

  public byte[] authenticate(byte[] challenge, int timeoutMillis) {
    try (Arena frame = k32.openArena()) {
      Memory out = frame.allocate(CHALLENGE);
      out.write(0, challenge, 0, CHALLENGE);
      OVERLAPPED writeOv = new OVERLAPPED(frame);
      writeOv.hEvent = writeDone;
      k32.ResetEvent(writeDone);
      if (!k32.WriteFile(dongle, out, CHALLENGE, null, writeOv)
          && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("challenge failed: error " + k32.GetLastError());
      }
      IntByReference sent = new IntByReference();
      if (!k32.GetOverlappedResult(dongle, writeOv.getPointer(), sent, true)) {
        throw new IllegalStateException("challenge failed: error " + k32.GetLastError());
      }

      Memory in = frame.allocate(RESPONSE);
      OVERLAPPED readOv = new OVERLAPPED(frame);
      readOv.hEvent = responseReady;
      k32.ResetEvent(responseReady);
      if (!k32.ReadFile(dongle, in, RESPONSE, null, readOv)) { // expect: LocalOverlappedEscapes
        int error = k32.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IllegalStateException("response failed: error " + error);
        }
        if (k32.WaitForSingleObject(responseReady, timeoutMillis) == WinBase.WAIT_TIMEOUT) {
          return null;
        }
      }
      IntByReference received = new IntByReference();
      if (!k32.GetOverlappedResult(dongle, readOv.getPointer(), received, false)) {
        return null;
      }
      return in.getByteArray(0, received.getValue());
    }
  }
}
