package corpus.nulloverlappedonasynchandle;
// case: negative: segment store opens the same file twice, an overlapped handle for random reads (each with an OVERLAPPED carrying the offset) and a plain handle for appends, which seeks to the end and writes with a null OVERLAPPED; the null goes only to the synchronous handle

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.LongByReference;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;

public final class AsyncReaderSyncAppenderTwoHandles implements AutoCloseable {
  private final Kernel32 k32;
  private final HANDLE reader;
  private final HANDLE appender;
  private final HANDLE readDone;

  public AsyncReaderSyncAppenderTwoHandles(Kernel32 k32, String path) throws IOException {
    this.k32 = k32;
    this.appender =
        k32.CreateFile(
            path, WinBase.GENERIC_WRITE, WinBase.FILE_SHARE_READ | WinBase.FILE_SHARE_WRITE, null,
            WinBase.OPEN_ALWAYS, WinBase.FILE_ATTRIBUTE_NORMAL, null);
    this.reader =
        k32.CreateFile(
            path, WinBase.GENERIC_READ, WinBase.FILE_SHARE_READ | WinBase.FILE_SHARE_WRITE, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_ATTRIBUTE_NORMAL | WinBase.FILE_FLAG_OVERLAPPED, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(appender) || HANDLE.INVALID_HANDLE_VALUE.equals(reader)) {
      throw new IOException("cannot open " + path + ": error " + k32.GetLastError());
    }
    this.readDone = k32.CreateEvent(null, true, false, null);
  }

  /** Appends a record; returns the offset it was written at. */
  public long append(byte[] record) throws IOException {
    LongByReference position = new LongByReference();
    if (!k32.SetFilePointerEx(appender, 0, position, WinBase.FILE_END)) {
      throw new IOException("seek failed: error " + k32.GetLastError());
    }
    Memory data = k32.LocalAlloc(WinBase.LMEM_FIXED, record.length);
    try {
      data.write(0, record, 0, record.length);
      IntByReference written = new IntByReference();
      if (!k32.WriteFile(appender, data, record.length, written, (OVERLAPPED) null)) {
        throw new IOException("append failed: error " + k32.GetLastError());
      }
      return position.getValue();
    } finally {
      k32.LocalFree(data);
    }
  }

  public byte[] read(long offset, int length) throws IOException {
    Memory data = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, length);
    OVERLAPPED ov = new OVERLAPPED(k32);
    ov.Offset = (int) offset;
    ov.OffsetHigh = (int) (offset >>> 32);
    ov.hEvent = readDone;
    try {
      if (!k32.ReadFile(reader, data, length, null, ov)
          && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
        throw new IOException("read failed: error " + k32.GetLastError());
      }
      IntByReference got = new IntByReference();
      if (!k32.GetOverlappedResult(reader, ov.getPointer(), got, true)) {
        throw new IOException("read failed: error " + k32.GetLastError());
      }
      return data.getByteArray(0, got.getValue());
    } finally {
      k32.LocalFree(data);
    }
  }

  @Override
  public void close() {
    k32.CloseHandle(readDone);
    k32.CloseHandle(reader);
    k32.CloseHandle(appender);
  }
}
