package io.github.overlapcheck.samples.buggy;

import io.github.overlapcheck.runtime.Arena;
import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;

/** Reads the next measurement a sensor publishes on its named pipe, giving up after a timeout. */
public final class LocalOverlappedEscapesSample implements AutoCloseable {
  private static final int MEASUREMENT_SIZE = 64;

  private final Kernel32 k32;
  private final HANDLE sensor;
  private final HANDLE measurementReady;

  public LocalOverlappedEscapesSample(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    this.sensor =
        k32.CreateFile(
            pipeName,
            WinBase.GENERIC_READ,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.measurementReady = k32.CreateEvent(null, true, false, null);
  }

  /** Returns the next measurement, or null when the sensor sends none within the timeout. */
  public String readMeasurement(int timeoutMillis) {
    try (Arena frame = k32.openArena()) {
      OVERLAPPED overlapped = new OVERLAPPED(frame);
      overlapped.hEvent = measurementReady;
      Memory measurement = frame.allocate(MEASUREMENT_SIZE);
      if (!k32.ReadFile(sensor, measurement, MEASUREMENT_SIZE, null, overlapped)) {
        int error = k32.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IllegalStateException("ReadFile failed: error " + error);
        }
      }
      if (k32.WaitForSingleObject(measurementReady, timeoutMillis) != WinBase.WAIT_OBJECT_0) {
        return null;
      }
      IntByReference received = new IntByReference();
      if (!k32.GetOverlappedResult(sensor, overlapped.getPointer(), received, false)) {
        return null;
      }
      byte[] bytes = measurement.getByteArray(0, received.getValue());
      return new String(bytes, StandardCharsets.US_ASCII);
    }
  }

  @Override
  public void close() {
    k32.CloseHandle(sensor);
    k32.CloseHandle(measurementReady);
  }
}
