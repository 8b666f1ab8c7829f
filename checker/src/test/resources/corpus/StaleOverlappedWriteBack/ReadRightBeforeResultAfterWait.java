package corpus.staleoverlappedwriteback;
// case: negative: meter reader waits on the read's event and calls ov.read() immediately before passing the OVERLAPPED Structure to GetOverlappedResult, so the automatic write-back carries the kernel's own final status and count

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;

public final class ReadRightBeforeResultAfterWait implements AutoCloseable {
  private static final int RECORD = 64;

  private final Kernel32 k32;
  private final HANDLE meter;
  private final Memory record;
  private final OVERLAPPED ov;

  public ReadRightBeforeResultAfterWait(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    this.meter =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    this.record = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, RECORD);
    this.ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public byte[] nextRecord() throws IOException {
    if (!k32.ReadFile(meter, record, RECORD, null, ov)
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IOException("meter read failed: error " + k32.GetLastError());
    }
    if (k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE) != WinBase.WAIT_OBJECT_0) {
      throw new IllegalStateException("wait on the read's event failed: " + k32.GetLastError());
    }
    ov.read();
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(meter, ov, got, false)) {
      throw new IOException("meter read failed: error " + k32.GetLastError());
    }
    return record.getByteArray(0, got.getValue());
  }

  @Override
  public void close() {
    k32.CloseHandle(ov.hEvent);
    k32.LocalFree(record);
    k32.CloseHandle(meter);
  }
}
