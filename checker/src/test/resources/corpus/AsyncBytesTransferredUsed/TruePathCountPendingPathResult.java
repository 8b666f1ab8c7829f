package corpus.asyncbytestransferredused;
// case: negative: index reader trusts ReadFile's lpNumberOfBytesRead only when ReadFile returned TRUE (synchronous completion, when kernel32 stores it) and takes the count from GetOverlappedResult when the read went pending

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class TruePathCountPendingPathResult implements AutoCloseable {
  private static final int ENTRY = 96;

  private final Kernel32 k32;
  private final HANDLE indexFile;
  private final Memory entry;
  private final OVERLAPPED ov;

  public TruePathCountPendingPathResult(Kernel32 k32, String path) {
    this.k32 = k32;
    indexFile =
        k32.CreateFile(
            path, WinBase.GENERIC_READ, WinBase.FILE_SHARE_READ, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    entry = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, ENTRY);
    ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public byte[] entry(long slot) {
    long offset = slot * ENTRY;
    ov.Offset = (int) offset;
    ov.OffsetHigh = (int) (offset >>> 32);
    IntByReference got = new IntByReference();
    if (k32.ReadFile(indexFile, entry, ENTRY, got, ov)) {
      return entry.getByteArray(0, got.getValue());
    }
    int error = k32.GetLastError();
    if (error == WinError.ERROR_HANDLE_EOF) {
      return new byte[0];
    }
    if (error != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("index read failed: error " + error);
    }
    IntByReference completed = new IntByReference();
    if (!k32.GetOverlappedResult(indexFile, ov.getPointer(), completed, true)) {
      if (k32.GetLastError() == WinError.ERROR_HANDLE_EOF) {
        return new byte[0];
      }
      throw new IllegalStateException("index read failed: error " + k32.GetLastError());
    }
    return entry.getByteArray(0, completed.getValue());
  }

  @Override
  public void close() {
    k32.CloseHandle(indexFile);
    k32.CloseHandle(ov.hEvent);
    k32.LocalFree(entry);
  }
}
