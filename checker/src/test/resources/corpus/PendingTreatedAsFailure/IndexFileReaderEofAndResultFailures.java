package corpus.pendingtreatedasfailure;
// case: negative: an index-file reader on an overlapped file maps ERROR_HANDLE_EOF to an empty result, rules out ERROR_IO_PENDING before throwing, and treats only GetOverlappedResult's FALSE (a completed read that failed) as a failure

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;

public final class IndexFileReaderEofAndResultFailures implements AutoCloseable {
  private static final int PAGE = 4096;

  private final Kernel32 k32;
  private final HANDLE index;
  private final Memory page;
  private final OVERLAPPED ov;

  public IndexFileReaderEofAndResultFailures(Kernel32 k32, String path) {
    this.k32 = k32;
    index =
        k32.CreateFile(
            path, WinBase.GENERIC_READ, WinBase.FILE_SHARE_READ, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    page = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, PAGE);
    ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public byte[] readPage(long pageNumber, int timeoutMillis) throws IOException {
    long position = pageNumber * PAGE;
    ov.Offset = (int) position;
    ov.OffsetHigh = (int) (position >>> 32);
    boolean ok = k32.ReadFile(index, page, PAGE, null, ov);
    if (!ok) {
      int error = k32.GetLastError();
      if (error == WinError.ERROR_HANDLE_EOF) {
        return new byte[0];
      }
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IOException("index read failed: error " + error);
      }
      if (k32.WaitForSingleObject(ov.hEvent, timeoutMillis) == WinBase.WAIT_TIMEOUT) {
        k32.CancelIoEx(index, ov.getPointer());
        k32.GetOverlappedResult(index, ov.getPointer(), new IntByReference(), true);
        throw new IOException("index read timed out at page " + pageNumber);
      }
    }
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(index, ov.getPointer(), got, false)) {
      int error = k32.GetLastError();
      if (error == WinError.ERROR_HANDLE_EOF) {
        return new byte[0];
      }
      throw new IOException("index read failed: error " + error);
    }
    return page.getByteArray(0, got.getValue());
  }

  @Override
  public void close() {
    k32.CloseHandle(index);
    k32.CloseHandle(ov.hEvent);
    k32.LocalFree(page);
  }
}
