package corpus.asyncbytestransferredused;
// case: positive: segment flusher writes a buffer in chunks at explicit offsets and, after waiting on the event of a write that went pending, adds WriteFile's lpNumberOfBytesWritten to the flushed total; for pending writes that out-parameter is never set, so the flusher reports a short write of a fully written segment

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class SegmentFlushCountsOutParam {
  private static final int CHUNK = 256;

  private final Kernel32 k32;
  private final HANDLE segmentFile;
  private final HANDLE chunkWritten;

  public SegmentFlushCountsOutParam(Kernel32 k32, HANDLE overlappedSegmentFile) {
    this.k32 = k32;
    this.segmentFile = overlappedSegmentFile;
    this.chunkWritten = k32.CreateEvent(null, true, false, null);
  }

  public long flush(Memory segment, int length, long base) {
    long flushed = 0;
    IntByReference written = new IntByReference();
    for (int start = 0; start < length; start += CHUNK) {
      int n = Math.min(CHUNK, length - start);
      long position = base + start;
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.hEvent = chunkWritten;
      ov.Offset = (int) position;
      ov.OffsetHigh = (int) (position >>> 32);
      if (!k32.WriteFile(segmentFile, segment.share(start), n, written, ov)) {
        int error = k32.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IllegalStateException("segment write failed: error " + error);
        }
        if (k32.WaitForSingleObjectEx(chunkWritten, WinBase.INFINITE, false) != WinBase.WAIT_OBJECT_0) {
          throw new IllegalStateException("segment wait failed: error " + k32.GetLastError());
        }
      }
      flushed += written.getValue(); // expect: AsyncBytesTransferredUsed
    }
    if (flushed != length) {
      throw new IllegalStateException("short segment write: " + flushed + " of " + length);
    }
    return flushed;
  }
}
