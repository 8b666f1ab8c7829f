package corpus.staleoverlappedwriteback;
// case: positive: telemetry reader calls ov.read() right after issuing the read (to trace the request state), then waits on the event and passes the Structure to GetOverlappedResult; the refresh happened before completion, so the write-back still carries STATUS_PENDING over the kernel's result

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.util.logging.Logger;

public final class EarlyReadThenWaitStillStale implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("telemetry");
  private static final int FRAME = 128;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE frameReady;
  private final Memory frame;

  public EarlyReadThenWaitStillStale(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    this.pipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    this.frameReady = k32.CreateEvent(null, true, false, null);
    this.frame = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, FRAME);
  }

  public byte[] nextFrame() {
    OVERLAPPED ov = new OVERLAPPED(k32);
    ov.hEvent = frameReady;
    if (!k32.ReadFile(pipe, frame, FRAME, null, ov)) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        LOG.warning("telemetry read failed: " + error);
        return null;
      }
    }
    ov.read();
    LOG.fine("frame read issued, status 0x" + Long.toHexString(ov.Internal));
    k32.WaitForSingleObject(frameReady, WinBase.INFINITE);
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(pipe, ov, got, false)) { // expect: StaleOverlappedWriteBack
      LOG.warning("telemetry read failed: " + k32.GetLastError());
      return null;
    }
    return frame.getByteArray(0, got.getValue());
  }

  @Override
  public void close() {
    k32.CloseHandle(frameReady);
    k32.LocalFree(frame);
    k32.CloseHandle(pipe);
  }
}
