package corpus.releasedwhilepending;
// case: positive: journal tailer reads a batch of records with read-ahead, posting the next ReadFile as soon as a record is consumed; after the last record the read-ahead is still pending when the per-batch buffer is freed

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.util.ArrayList;
import java.util.List;

public final class BatchReaderFreesAfterReadAhead {
  private static final int RECORD = 256;

  private final Kernel32 k32;
  private final HANDLE journalPipe;
  private final OVERLAPPED ov;

  public BatchReaderFreesAfterReadAhead(Kernel32 k32, HANDLE overlappedJournalPipe) {
    this.k32 = k32;
    this.journalPipe = overlappedJournalPipe;
    this.ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
  }

  public List<byte[]> readBatch(int records) {
    List<byte[]> batch = new ArrayList<>(records);
    Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, RECORD);
    post(buffer);
    for (int i = 0; i < records; i++) {
      IntByReference got = new IntByReference();
      if (!k32.GetOverlappedResult(journalPipe, ov.getPointer(), got, true)) {
        break;
      }
      batch.add(buffer.getByteArray(0, got.getValue()));
      post(buffer);
    }
    k32.LocalFree(buffer); // expect: ReleasedWhilePending
    return batch;
  }

  private void post(Memory buffer) {
    if (!k32.ReadFile(journalPipe, buffer, RECORD, null, ov.getPointer())) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("journal read failed: error " + error);
      }
    }
  }
}
