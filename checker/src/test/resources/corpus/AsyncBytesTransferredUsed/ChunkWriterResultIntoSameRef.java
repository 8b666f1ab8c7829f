package corpus.asyncbytestransferredused;
// case: negative: export writer passes the same IntByReference to WriteFile and, when the write went pending, to GetOverlappedResult, so after the join it holds the synchronous count or the completion's count; reading it there is correct

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class ChunkWriterResultIntoSameRef implements AutoCloseable {
  private static final int CHUNK = 300;

  private final Kernel32 k32;
  private final HANDLE export;
  private final Memory chunk;
  private final OVERLAPPED ov;
  private long exportEnd;

  public ChunkWriterResultIntoSameRef(Kernel32 k32, String path) {
    this.k32 = k32;
    export =
        k32.CreateFile(
            path, WinBase.GENERIC_WRITE, 0, null, WinBase.CREATE_ALWAYS,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    chunk = k32.LocalAlloc(WinBase.LMEM_FIXED, CHUNK);
    ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public long append(byte[] data) {
    long total = 0;
    IntByReference written = new IntByReference();
    for (int start = 0; start < data.length; start += CHUNK) {
      int n = Math.min(CHUNK, data.length - start);
      chunk.write(0, data, start, n);
      ov.Offset = (int) exportEnd;
      ov.OffsetHigh = (int) (exportEnd >>> 32);
      if (!k32.WriteFile(export, chunk, n, written, ov)) {
        if (k32.GetLastError() != WinError.ERROR_IO_PENDING) {
          throw new IllegalStateException("export write failed: error " + k32.GetLastError());
        }
        if (!k32.GetOverlappedResult(export, ov.getPointer(), written, true)) {
          throw new IllegalStateException("export write failed: error " + k32.GetLastError());
        }
      }
      exportEnd += written.getValue();
      total += written.getValue();
    }
    return total;
  }

  @Override
  public void close() {
    k32.CloseHandle(export);
    k32.CloseHandle(ov.hEvent);
    k32.LocalFree(chunk);
  }
}
