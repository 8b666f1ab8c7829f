package corpus.staleoverlappedwriteback;
// case: positive: snapshot writer polls GetOverlappedResult with bWait FALSE, passing the OVERLAPPED Structure; each poll first writes the Java copy (STATUS_PENDING from the previous poll) back, so once the write completes its status is overwritten and the poll never sees it

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;

public final class PollingResultByValueNeverCompletes {
  private static final int MAX_POLLS = 500;

  private final Kernel32 k32;

  public PollingResultByValueNeverCompletes(Kernel32 k32) {
    this.k32 = k32;
  }

  public void save(String path, byte[] snapshot, Runnable whileWaiting) throws IOException {
    HANDLE file =
        k32.CreateFile(
            path, WinBase.GENERIC_WRITE, 0, null, WinBase.CREATE_ALWAYS,
            WinBase.FILE_ATTRIBUTE_NORMAL | WinBase.FILE_FLAG_OVERLAPPED, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(file)) {
      throw new IOException("cannot create " + path + ": error " + k32.GetLastError());
    }
    Memory data = k32.LocalAlloc(WinBase.LMEM_FIXED, snapshot.length);
    data.write(0, snapshot, 0, snapshot.length);
    OVERLAPPED ov = new OVERLAPPED(k32);
    ov.Offset = 0;
    ov.OffsetHigh = 0;
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    try {
      if (!k32.WriteFile(file, data, snapshot.length, null, ov)
          && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
        throw new IOException("write failed: error " + k32.GetLastError());
      }
      IntByReference written = new IntByReference();
      int polls = 0;
      while (!k32.GetOverlappedResult(file, ov, written, false)) { // expect: StaleOverlappedWriteBack
        if (k32.GetLastError() != WinError.ERROR_IO_INCOMPLETE) {
          throw new IOException("write failed: error " + k32.GetLastError());
        }
        if (++polls == MAX_POLLS) {
          k32.CancelIoEx(file, ov.getPointer());
          k32.GetOverlappedResult(file, ov.getPointer(), written, true);
          throw new IOException("snapshot write timed out");
        }
        whileWaiting.run();
        k32.Sleep(10);
      }
      if (written.getValue() != snapshot.length) {
        throw new IOException("short write: " + written.getValue());
      }
    } finally {
      k32.CloseHandle(ov.hEvent);
      k32.LocalFree(data);
      k32.CloseHandle(file);
    }
  }
}
