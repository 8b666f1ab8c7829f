package corpus.staleoverlappedwriteback;
// case: negative: sensor reader passes the OVERLAPPED Structure to GetOverlappedResult on two paths, both safe: when ReadFile returned TRUE the Java copy was read back after the read had completed, and when it went pending the code waits on the event and calls read() before the call

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;

public final class ResultByValueAfterSyncOrRefresh implements AutoCloseable {
  private static final int SAMPLE = 48;

  private final Kernel32 k32;
  private final HANDLE sensor;
  private final HANDLE sampleReady;
  private final Memory sample;

  public ResultByValueAfterSyncOrRefresh(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    this.sensor =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    this.sampleReady = k32.CreateEvent(null, true, false, null);
    this.sample = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, SAMPLE);
  }

  public byte[] read() throws IOException {
    OVERLAPPED ov = new OVERLAPPED(k32);
    ov.hEvent = sampleReady;
    boolean done = k32.ReadFile(sensor, sample, SAMPLE, null, ov);
    if (!done) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IOException("sensor read failed: error " + error);
      }
      k32.WaitForSingleObject(sampleReady, WinBase.INFINITE);
      ov.read();
    }
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(sensor, ov, got, false)) {
      throw new IOException("sensor read failed: error " + k32.GetLastError());
    }
    return sample.getByteArray(0, got.getValue());
  }

  @Override
  public void close() {
    k32.CloseHandle(sampleReady);
    k32.LocalFree(sample);
    k32.CloseHandle(sensor);
  }
}
