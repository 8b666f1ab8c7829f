package corpus.missingoverlappedoffset;
// case: negative: SetFilePointerEx(0, FILE_END) on the overlapped handle is used only to learn the file length; every write then carries that position explicitly in Offset/OffsetHigh and advances it

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.LongByReference;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class SizeQueryThenExplicitOffsets implements AutoCloseable {
  private final Kernel32 k32;
  private final HANDLE ledger;
  private final OVERLAPPED ov;
  private long end;

  public SizeQueryThenExplicitOffsets(Kernel32 k32, String path) {
    this.k32 = k32;
    ledger =
        k32.CreateFile(
            path, WinBase.GENERIC_READ | WinBase.GENERIC_WRITE, WinBase.FILE_SHARE_READ, null,
            WinBase.OPEN_ALWAYS, WinBase.FILE_FLAG_OVERLAPPED, null);
    LongByReference length = new LongByReference();
    if (!k32.SetFilePointerEx(ledger, 0, length, WinBase.FILE_END)) {
      throw new IllegalStateException("size query failed: error " + k32.GetLastError());
    }
    end = length.getValue();
    ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public void post(Memory entry, int length) {
    ov.Offset = (int) end;
    ov.OffsetHigh = (int) (end >>> 32);
    k32.ResetEvent(ov.hEvent);
    if (!k32.WriteFile(ledger, entry, length, null, ov)
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("ledger write failed: error " + k32.GetLastError());
    }
    IntByReference written = new IntByReference();
    if (!k32.GetOverlappedResult(ledger, ov.getPointer(), written, true)) {
      throw new IllegalStateException("ledger write failed: error " + k32.GetLastError());
    }
    end += written.getValue();
  }

  @Override
  public void close() {
    k32.CloseHandle(ledger);
    k32.CloseHandle(ov.hEvent);
  }
}
