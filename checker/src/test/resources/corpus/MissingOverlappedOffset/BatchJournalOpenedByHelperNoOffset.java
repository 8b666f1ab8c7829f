package corpus.missingoverlappedoffset;
// case: positive: the batch journal gets its handle from a helper that opens the file with OPEN_ALWAYS and FILE_FLAG_OVERLAPPED, then writes every batch with a fresh OVERLAPPED whose offset is never set; an asynchronous handle has no file pointer to append at, so each batch is written at offset 0 over the one before

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.util.List;

public final class BatchJournalOpenedByHelperNoOffset {
  private static final int MAX_BATCH = 16 * 1024;

  private final Kernel32 k32;

  public BatchJournalOpenedByHelperNoOffset(Kernel32 k32) {
    this.k32 = k32;
  }

  public int appendBatches(String journalPath, List<byte[]> batches) {
    HANDLE journal = openJournal(journalPath);
    HANDLE done = k32.CreateEvent(null, true, false, null);
    Memory buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, MAX_BATCH);
    int appended = 0;
    try {
      for (byte[] batch : batches) {
        if (batch.length > MAX_BATCH) {
          throw new IllegalArgumentException("batch too large: " + batch.length);
        }
        buffer.write(0, batch, 0, batch.length);
        OVERLAPPED ov = new OVERLAPPED(k32);
        ov.hEvent = done;
        k32.ResetEvent(done);
        if (!k32.WriteFile(journal, buffer, batch.length, null, ov)) { // expect: MissingOverlappedOffset
          int error = k32.GetLastError();
          if (error != WinError.ERROR_IO_PENDING) {
            throw new IllegalStateException("batch write failed: error " + error);
          }
        }
        IntByReference written = new IntByReference();
        if (!k32.GetOverlappedResult(journal, ov.getPointer(), written, true)) {
          throw new IllegalStateException("batch write failed: error " + k32.GetLastError());
        }
        appended++;
      }
      return appended;
    } finally {
      k32.LocalFree(buffer);
      k32.CloseHandle(done);
      k32.CloseHandle(journal);
    }
  }

  private HANDLE openJournal(String path) {
    HANDLE handle =
        k32.CreateFile(
            path, WinBase.GENERIC_WRITE, WinBase.FILE_SHARE_READ, null, WinBase.OPEN_ALWAYS,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(handle)) {
      throw new IllegalStateException("cannot open " + path + ": error " + k32.GetLastError());
    }
    return handle;
  }
}
