package corpus.missingoverlappedoffset;
// case: positive: the record reader positions an asynchronous file with SetFilePointerEx and then reads with an OVERLAPPED whose offset it leaves at zero; the file pointer is ignored for overlapped handles, so the record read is always at offset 0

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class SeekThenReadOnAsyncHandle implements AutoCloseable {
  private static final int RECORD = 64;

  private final Kernel32 k32;
  private final HANDLE table;
  private final Memory record;
  private final OVERLAPPED ov;

  public SeekThenReadOnAsyncHandle(Kernel32 k32, String path) {
    this.k32 = k32;
    table =
        k32.CreateFile(
            path, WinBase.GENERIC_READ, WinBase.FILE_SHARE_READ, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    record = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, RECORD);
    ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public byte[] readRecord(int recordNumber) {
    if (!k32.SetFilePointerEx(table, (long) recordNumber * RECORD, null, WinBase.FILE_BEGIN)) { // expect: MissingOverlappedOffset
      throw new IllegalStateException("seek failed: error " + k32.GetLastError());
    }
    k32.ResetEvent(ov.hEvent);
    if (!k32.ReadFile(table, record, RECORD, null, ov)) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("record read failed: error " + error);
      }
    }
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(table, ov.getPointer(), got, true)) {
      throw new IllegalStateException("record read failed: error " + k32.GetLastError());
    }
    return record.getByteArray(0, got.getValue());
  }

  @Override
  public void close() {
    k32.CloseHandle(table);
    k32.CloseHandle(ov.hEvent);
    k32.LocalFree(record);
  }
}
