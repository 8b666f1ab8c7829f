package corpus.modifiedwhilepending;
// case: negative: record patcher opens the data file without FILE_FLAG_OVERLAPPED and uses an OVERLAPPED only to carry the position; each synchronous ReadFile/WriteFile has completed when it returns, so rewriting the buffer and the OVERLAPPED's offset right after is safe

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import java.io.IOException;

public final class SyncHandleRecordPatcher implements AutoCloseable {
  private static final int RECORD = 128;
  private static final int FLAGS_AT = 4;

  private final Kernel32 k32;
  private final HANDLE data;
  private final Memory record;
  private final OVERLAPPED at;

  public SyncHandleRecordPatcher(Kernel32 k32, String path) throws IOException {
    this.k32 = k32;
    this.data =
        k32.CreateFile(
            path,
            WinBase.GENERIC_READ | WinBase.GENERIC_WRITE,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_ATTRIBUTE_NORMAL,
            null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(data)) {
      throw new IOException("cannot open " + path + ": error " + k32.GetLastError());
    }
    this.record = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, RECORD);
    this.at = new OVERLAPPED(k32);
  }

  /** Sets flag bits in each listed record. */
  public void setFlags(long[] recordNumbers, int bits) throws IOException {
    for (long number : recordNumbers) {
      long position = number * RECORD;
      at.Offset = (int) position;
      at.OffsetHigh = (int) (position >>> 32);
      if (!k32.ReadFile(data, record, RECORD, null, at)) {
        throw new IOException("read of record " + number + " failed: " + k32.GetLastError());
      }
      record.setInt(FLAGS_AT, record.getInt(FLAGS_AT) | bits);
      at.Offset = (int) position;
      at.OffsetHigh = (int) (position >>> 32);
      if (!k32.WriteFile(data, record, RECORD, null, at)) {
        throw new IOException("write of record " + number + " failed: " + k32.GetLastError());
      }
    }
  }

  @Override
  public void close() {
    k32.CloseHandle(data);
    k32.LocalFree(record);
  }
}
