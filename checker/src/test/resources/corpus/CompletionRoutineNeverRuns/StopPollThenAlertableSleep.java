package corpus.completionroutineneverruns;
// case: negative: device reader checks a stop event with a zero-timeout WaitForSingleObject after issuing ReadFileEx, cancelling with CancelIoEx when it is set, but it waits for the routine with an alertable SleepEx, so the routine (normal or aborted) always runs before the method returns

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Pointer;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class StopPollThenAlertableSleep {
  private static final int RECORD = 32;

  private final Kernel32 k32;
  private final HANDLE device;
  private final HANDLE stop;
  private final Memory record;
  private final OVERLAPPED ov;
  private boolean completed;
  private int completionError;
  private int completionCount;

  public StopPollThenAlertableSleep(Kernel32 k32, HANDLE overlappedDevice, HANDLE stop) {
    this.k32 = k32;
    this.device = overlappedDevice;
    this.stop = stop;
    this.record = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, RECORD);
    this.ov = new OVERLAPPED(k32);
  }

  public byte[] nextRecord() {
    completed = false;
    if (!k32.ReadFileEx(device, record, RECORD, ov.getPointer(), this::onRecord)) {
      throw new IllegalStateException("ReadFileEx failed: error " + k32.GetLastError());
    }
    boolean cancelled = false;
    while (!completed) {
      if (!cancelled && k32.WaitForSingleObject(stop, 0) == WinBase.WAIT_OBJECT_0) {
        k32.CancelIoEx(device, ov.getPointer());
        cancelled = true;
      }
      k32.SleepEx(50, true);
    }
    if (completionError == WinError.ERROR_OPERATION_ABORTED) {
      return null;
    }
    if (completionError != WinError.ERROR_SUCCESS) {
      throw new IllegalStateException("record read failed: error " + completionError);
    }
    return record.getByteArray(0, completionCount);
  }

  private void onRecord(int errorCode, int count, Pointer overlapped) {
    completionError = errorCode;
    completionCount = count;
    completed = true;
  }

  public void release() {
    k32.LocalFree(record);
  }
}
