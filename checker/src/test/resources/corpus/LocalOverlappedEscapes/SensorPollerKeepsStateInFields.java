package corpus.localoverlappedescapes;
// case: negative: the sensor poller's OVERLAPPED and LocalAlloc buffer are fields that outlive every call, so returning while the read is pending is correct and a later call collects the result

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class SensorPollerKeepsStateInFields implements AutoCloseable {
  private static final int SAMPLE = 24;

  private final Kernel32 k32;
  private final HANDLE sensor;
  private final OVERLAPPED ov;
  private final Memory sample;
  private boolean reading;

  public SensorPollerKeepsStateInFields(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    sensor =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    sample = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, SAMPLE);
  }

  public byte[] poll() {
    IntByReference got = new IntByReference();
    if (reading) {
      if (!k32.GetOverlappedResult(sensor, ov.getPointer(), got, false)) {
        if (k32.GetLastError() == WinError.ERROR_IO_INCOMPLETE) {
          return null;
        }
        reading = false;
        throw new IllegalStateException("sensor read failed: error " + k32.GetLastError());
      }
      reading = false;
      return sample.getByteArray(0, got.getValue());
    }
    k32.ResetEvent(ov.hEvent);
    if (k32.ReadFile(sensor, sample, SAMPLE, null, ov)) {
      k32.GetOverlappedResult(sensor, ov.getPointer(), got, false);
      return sample.getByteArray(0, got.getValue());
    }
    if (k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("sensor read failed: error " + k32.GetLastError());
    }
    reading = true;
    return null;
  }

  @Override
  public void close() {
    if (reading) {
      k32.CancelIoEx(sensor, ov.getPointer());
      k32.GetOverlappedResult(sensor, ov.getPointer(), new IntByReference(), true);
    }
    k32.CloseHandle(sensor);
    k32.CloseHandle(ov.hEvent);
    k32.LocalFree(sample);
  }
}
