package corpus.asyncbytestransferredused;
// case: positive: sensor poller folds "completed at once" and "went pending" into one condition, waits on the frame event in both cases, and decodes using ReadFile's lpNumberOfBytesRead; that value is only valid when ReadFile returned TRUE, not after a pending read

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class SensorFrameJoinedPendingCondition {
  private static final int FRAME = 24;

  private final Kernel32 k32;
  private final HANDLE sensor;
  private final Memory frame;
  private final OVERLAPPED frameOv;

  public SensorFrameJoinedPendingCondition(Kernel32 k32, HANDLE overlappedSensorPipe) {
    this.k32 = k32;
    this.sensor = overlappedSensorPipe;
    this.frame = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, FRAME);
    this.frameOv = new OVERLAPPED(k32);
    this.frameOv.hEvent = k32.CreateEvent(null, true, false, null);
    this.frameOv.write();
  }

  public double[] poll() {
    IntByReference got = new IntByReference();
    if (k32.ReadFile(sensor, frame, FRAME, got, frameOv.getPointer())
        || k32.GetLastError() == WinError.ERROR_IO_PENDING) {
      if (k32.WaitForSingleObject(frameOv.hEvent, WinBase.INFINITE) != WinBase.WAIT_OBJECT_0) {
        throw new IllegalStateException("sensor wait failed: error " + k32.GetLastError());
      }
      return decode(got.getValue()); // expect: AsyncBytesTransferredUsed
    }
    throw new IllegalStateException("sensor read failed: error " + k32.GetLastError());
  }

  private double[] decode(int length) {
    double[] values = new double[length / 8];
    for (int i = 0; i < values.length; i++) {
      values[i] = Double.longBitsToDouble(frame.getLong(i * 8L));
    }
    return values;
  }

  public void close() {
    k32.CloseHandle(frameOv.hEvent);
    k32.LocalFree(frame);
  }
}
