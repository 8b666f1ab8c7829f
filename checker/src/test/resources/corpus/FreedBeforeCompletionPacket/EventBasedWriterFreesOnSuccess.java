package corpus.freedbeforecompletionpacket;
// case: negative: the export file is never associated with a completion port (completion is signalled through an event), so freeing the buffer when WriteFile returns TRUE, or after GetOverlappedResult, is correct

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class EventBasedWriterFreesOnSuccess implements AutoCloseable {
  private final Kernel32 k32;
  private final HANDLE export;
  private final HANDLE written;
  private final OVERLAPPED ov;
  private long position;

  public EventBasedWriterFreesOnSuccess(Kernel32 k32, String path) {
    this.k32 = k32;
    this.export =
        k32.CreateFile(
            path, WinBase.GENERIC_WRITE, 0, null, WinBase.CREATE_ALWAYS,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    this.written = k32.CreateEvent(null, true, false, null);
    this.ov = new OVERLAPPED(k32);
  }

  public void writeRow(byte[] row) {
    Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, row.length);
    buffer.write(0, row, 0, row.length);
    ov.Offset = (int) position;
    ov.OffsetHigh = (int) (position >>> 32);
    ov.hEvent = written;
    k32.ResetEvent(written);

    if (k32.WriteFile(export, buffer, row.length, null, ov)) {
      position += row.length;
      k32.LocalFree(buffer);
      return;
    }
    int error = k32.GetLastError();
    if (error != WinError.ERROR_IO_PENDING) {
      k32.LocalFree(buffer);
      throw new IllegalStateException("export write failed: error " + error);
    }
    IntByReference count = new IntByReference();
    boolean ok = k32.GetOverlappedResult(export, ov.getPointer(), count, true);
    k32.LocalFree(buffer);
    if (!ok) {
      throw new IllegalStateException("export write failed: error " + k32.GetLastError());
    }
    position += count.getValue();
  }

  @Override
  public void close() {
    k32.CloseHandle(export);
    k32.CloseHandle(written);
  }
}
