package corpus.completionroutineneverruns;
// case: positive: telemetry forwarder writes each sample to an overlapped pipe with WriteFileEx and then blocks in WaitForSingleObject on the pipe handle; that wait is not alertable, so the routine that counts acknowledged samples and records write errors never runs and a failed write goes unnoticed

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Pointer;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class TelemetryPipeWriterWaitsOnHandle implements AutoCloseable {
  private static final int SAMPLE_SIZE = 16;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final Memory sample;
  private final OVERLAPPED ov;
  private long acknowledged;
  private int lastError = WinError.ERROR_SUCCESS;

  public TelemetryPipeWriterWaitsOnHandle(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    pipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_WRITE, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(pipe)) {
      throw new IllegalStateException("collector not listening: error " + k32.GetLastError());
    }
    sample = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, SAMPLE_SIZE);
    ov = new OVERLAPPED(k32);
  }

  public void publish(long timestamp, double value) {
    sample.setLong(0, timestamp);
    sample.setLong(8, Double.doubleToRawLongBits(value));
    if (!k32.WriteFileEx(pipe, sample, SAMPLE_SIZE, ov.getPointer(), this::onSampleWritten)) { // expect: CompletionRoutineNeverRuns
      throw new IllegalStateException("WriteFileEx failed: error " + k32.GetLastError());
    }
    if (k32.WaitForSingleObject(pipe, WinBase.INFINITE) != WinBase.WAIT_OBJECT_0) {
      throw new IllegalStateException("wait failed: error " + k32.GetLastError());
    }
    if (lastError != WinError.ERROR_SUCCESS) {
      throw new IllegalStateException("sample rejected by collector: error " + lastError);
    }
  }

  private void onSampleWritten(int errorCode, int count, Pointer overlapped) {
    if (errorCode == WinError.ERROR_SUCCESS && count == SAMPLE_SIZE) {
      acknowledged++;
    } else {
      lastError = errorCode;
    }
  }

  public long acknowledged() {
    return acknowledged;
  }

  @Override
  public void close() {
    k32.CloseHandle(pipe);
    k32.LocalFree(sample);
  }
}
