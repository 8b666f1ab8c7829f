package corpus.completionroutineneverruns;
// case: positive: file copier issues ReadFileEx and WriteFileEx per chunk so a routine can report progress, but collects every result with GetOverlappedResult(bWait TRUE), a non-alertable wait; the copy itself works, yet no progress routine ever runs and the queued routines pile up on the thread

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Pointer;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.util.function.LongConsumer;

public final class CopyProgressRoutineAfterResultWait {
  private static final int CHUNK = 4096;

  private final Kernel32 k32;
  private final LongConsumer progress;
  private long reported;

  public CopyProgressRoutineAfterResultWait(Kernel32 k32, LongConsumer progress) {
    this.k32 = k32;
    this.progress = progress;
  }

  public long copy(HANDLE source, HANDLE target) {
    Memory chunk = k32.LocalAlloc(WinBase.LMEM_FIXED, CHUNK);
    OVERLAPPED ov = new OVERLAPPED(k32);
    IntByReference transferred = new IntByReference();
    long position = 0;
    try {
      while (true) {
        ov.Offset = (int) position;
        ov.OffsetHigh = (int) (position >>> 32);
        if (!k32.ReadFileEx(source, chunk, CHUNK, ov, this::onChunkDone)) { // expect: CompletionRoutineNeverRuns
          if (k32.GetLastError() == WinError.ERROR_HANDLE_EOF) {
            return position;
          }
          throw new IllegalStateException("read failed: error " + k32.GetLastError());
        }
        if (!k32.GetOverlappedResult(source, ov.getPointer(), transferred, true)) {
          if (k32.GetLastError() == WinError.ERROR_HANDLE_EOF) {
            return position;
          }
          throw new IllegalStateException("read failed: error " + k32.GetLastError());
        }
        int got = transferred.getValue();
        if (got == 0) {
          return position;
        }
        ov.Offset = (int) position;
        ov.OffsetHigh = (int) (position >>> 32);
        if (!k32.WriteFileEx(target, chunk, got, ov, this::onChunkDone)) { // expect: CompletionRoutineNeverRuns
          throw new IllegalStateException("write failed: error " + k32.GetLastError());
        }
        if (!k32.GetOverlappedResult(target, ov.getPointer(), transferred, true)) {
          throw new IllegalStateException("write failed: error " + k32.GetLastError());
        }
        position += transferred.getValue();
      }
    } finally {
      k32.LocalFree(chunk);
    }
  }

  private void onChunkDone(int errorCode, int count, Pointer overlapped) {
    if (errorCode == WinError.ERROR_SUCCESS) {
      reported += count;
      progress.accept(reported);
    }
  }
}
