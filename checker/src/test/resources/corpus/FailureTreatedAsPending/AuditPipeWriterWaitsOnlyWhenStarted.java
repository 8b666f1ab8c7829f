package corpus.failuretreatedaspending;
// case: negative: an audit-log shipper waits for its overlapped pipe write with GetOverlappedResult(bWait TRUE) only when WriteFile returned TRUE or failed with ERROR_IO_PENDING; any other error is returned to the caller without waiting

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;

public final class AuditPipeWriterWaitsOnlyWhenStarted implements AutoCloseable {
  private static final int MAX_RECORD = 1024;

  private final Kernel32 k32;
  private final HANDLE collector;
  private final Memory record;
  private final OVERLAPPED ov;

  public AuditPipeWriterWaitsOnlyWhenStarted(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    collector =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_WRITE, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    record = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, MAX_RECORD);
    ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public int ship(String user, String action) {
    byte[] bytes = (user + "\t" + action + "\n").getBytes(StandardCharsets.UTF_8);
    int length = Math.min(bytes.length, MAX_RECORD);
    record.write(0, bytes, 0, length);
    boolean ok = k32.WriteFile(collector, record, length, null, ov);
    int error = ok ? WinError.ERROR_SUCCESS : k32.GetLastError();
    if (ok || error == WinError.ERROR_IO_PENDING) {
      IntByReference written = new IntByReference();
      if (!k32.GetOverlappedResult(collector, ov.getPointer(), written, true)) {
        return k32.GetLastError();
      }
      return written.getValue() == length ? WinError.ERROR_SUCCESS : WinError.ERROR_NO_DATA;
    }
    return error;
  }

  @Override
  public void close() {
    k32.CloseHandle(collector);
    k32.CloseHandle(ov.hEvent);
    k32.LocalFree(record);
  }
}
