package corpus.pendingtreatedasfailure;
// case: negative: a sensor feed reader issues ReadFileEx, whose FALSE means the read was never queued (a started read returns TRUE even when it is still in progress), so throwing on FALSE is right; the routine runs during an alertable SleepEx

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Pointer;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;

public final class SensorPipeReadFileExFalseIsFailure implements AutoCloseable {
  private static final int SAMPLE = 16;

  private final Kernel32 k32;
  private final HANDLE feed;
  private final Memory sample;
  private final OVERLAPPED ov;
  private boolean outstanding;
  private int lastError;
  private int lastCount;

  public SensorPipeReadFileExFalseIsFailure(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    feed =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    sample = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, SAMPLE);
    ov = new OVERLAPPED(k32);
  }

  public double nextReading() throws IOException {
    if (!k32.ReadFileEx(feed, sample, SAMPLE, ov, this::onSample)) {
      throw new IOException("sensor read not queued: error " + k32.GetLastError());
    }
    outstanding = true;
    while (outstanding) {
      k32.SleepEx(WinBase.INFINITE, true);
    }
    if (lastError != WinError.ERROR_SUCCESS) {
      throw new IOException("sensor read failed: error " + lastError);
    }
    if (lastCount < 8) {
      throw new IOException("short sensor sample: " + lastCount + " bytes");
    }
    return Double.longBitsToDouble(sample.getLong(0));
  }

  private void onSample(int errorCode, int count, Pointer overlapped) {
    lastError = errorCode;
    lastCount = count;
    outstanding = false;
  }

  @Override
  public void close() {
    k32.CloseHandle(feed);
    k32.LocalFree(sample);
  }
}
