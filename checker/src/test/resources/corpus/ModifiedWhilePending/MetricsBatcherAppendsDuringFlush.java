package corpus.modifiedwhilepending;
// case: positive: metrics batcher lets flush() leave its WriteFile in flight (flag inFlight) and only waits for it at the next flush, but append() copies new records into the same batch buffer, also right after its own flush(), while that write may still be pending

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class MetricsBatcherAppendsDuringFlush implements AutoCloseable {
  private static final int CAPACITY = 8192;

  private final Kernel32 k32;
  private final HANDLE sink;
  private final Memory batch;
  private final OVERLAPPED ov;
  private int used;
  private boolean inFlight;

  public MetricsBatcherAppendsDuringFlush(Kernel32 k32, HANDLE overlappedPipe) {
    this.k32 = k32;
    this.sink = overlappedPipe;
    this.batch = k32.LocalAlloc(WinBase.LMEM_FIXED, CAPACITY);
    this.ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
  }

  public void append(byte[] record) {
    if (record.length > CAPACITY) {
      throw new IllegalArgumentException("record larger than a batch");
    }
    if (used + record.length > CAPACITY) {
      flush();
    }
    batch.write(used, record, 0, record.length); // expect: ModifiedWhilePending
    used += record.length;
  }

  public void flush() {
    if (used == 0) {
      return;
    }
    awaitInFlight();
    if (!k32.WriteFile(sink, batch, used, null, ov.getPointer())) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("metrics write failed: error " + error);
      }
    }
    inFlight = true;
    used = 0;
  }

  private void awaitInFlight() {
    if (!inFlight) {
      return;
    }
    inFlight = false;
    IntByReference sent = new IntByReference();
    if (!k32.GetOverlappedResult(sink, ov.getPointer(), sent, true)) {
      throw new IllegalStateException("metrics write failed: error " + k32.GetLastError());
    }
  }

  @Override
  public void close() {
    flush();
    awaitInFlight();
    k32.CloseHandle(ov.hEvent);
    k32.LocalFree(batch);
  }
}
