package corpus.pendingtreatedasfailure;
// case: positive: a telemetry client keeps the FALSE of an overlapped pipe WriteFile in a local, and on FALSE closes the pipe and reports the sample as dropped without looking at the error, so a write still in progress is abandoned

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

public final class TelemetryPipeClientDropsOnFalseWrite {
  private static final Logger LOG = Logger.getLogger("telemetry");
  private static final int MAX_SAMPLE = 512;

  private final Kernel32 k32;
  private final String pipeName;
  private final Memory line;
  private final OVERLAPPED sendOv;
  private HANDLE pipe;

  public TelemetryPipeClientDropsOnFalseWrite(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    this.pipeName = pipeName;
    line = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, MAX_SAMPLE);
    sendOv = new OVERLAPPED(k32);
    sendOv.hEvent = k32.CreateEvent(null, true, false, null);
  }

  private boolean ensureOpen() {
    if (pipe == null) {
      HANDLE h =
          k32.CreateFile(
              pipeName, WinBase.GENERIC_WRITE, 0, null, WinBase.OPEN_EXISTING,
              WinBase.FILE_FLAG_OVERLAPPED, null);
      if (h.equals(HANDLE.INVALID_HANDLE_VALUE)) {
        return false;
      }
      pipe = h;
    }
    return true;
  }

  public boolean publish(String metric, double value) {
    if (!ensureOpen()) {
      return false;
    }
    byte[] bytes = (metric + "=" + value + "\n").getBytes(StandardCharsets.UTF_8);
    int length = Math.min(bytes.length, MAX_SAMPLE);
    line.write(0, bytes, 0, length);
    boolean queued = k32.WriteFile(pipe, line, length, null, sendOv); // expect: PendingTreatedAsFailure
    if (!queued) {
      LOG.fine("telemetry collector went away, dropping " + metric);
      k32.CloseHandle(pipe);
      pipe = null;
      return false;
    }
    IntByReference written = new IntByReference();
    return k32.GetOverlappedResult(pipe, sendOv.getPointer(), written, true)
        && written.getValue() == length;
  }

  public void shutdown() {
    if (pipe != null) {
      k32.CloseHandle(pipe);
    }
    k32.CloseHandle(sendOv.hEvent);
    k32.LocalFree(line);
  }
}
