package corpus.completionroutineneverruns;
// case: negative: journal writer issues one WriteFileEx per record at advancing offsets, stops issuing on the first failure, and then sleeps alertably with SleepEx(INFINITE, TRUE) until every issued routine has run; buffers are freed only after the drain

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Pointer;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.util.ArrayList;
import java.util.List;

public final class JournalBatchDrainsAlertably implements AutoCloseable {
  private final Kernel32 k32;
  private final HANDLE journal;
  private long journalEnd;
  private int outstanding;
  private int firstCompletionError = WinError.ERROR_SUCCESS;

  public JournalBatchDrainsAlertably(Kernel32 k32, String path) {
    this.k32 = k32;
    this.journal =
        k32.CreateFile(
            path, WinBase.GENERIC_WRITE, WinBase.FILE_SHARE_READ, null, WinBase.OPEN_ALWAYS,
            WinBase.FILE_FLAG_OVERLAPPED, null);
  }

  public void appendBatch(List<byte[]> records) {
    List<Memory> buffers = new ArrayList<>();
    List<OVERLAPPED> requests = new ArrayList<>();
    int issueError = WinError.ERROR_SUCCESS;
    for (byte[] record : records) {
      Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, record.length);
      buffer.write(0, record, 0, record.length);
      OVERLAPPED ov = new OVERLAPPED(k32);
      ov.Offset = (int) journalEnd;
      ov.OffsetHigh = (int) (journalEnd >>> 32);
      if (!k32.WriteFileEx(journal, buffer, record.length, ov, this::onRecordWritten)) {
        issueError = k32.GetLastError();
        k32.LocalFree(buffer);
        break;
      }
      buffers.add(buffer);
      requests.add(ov);
      outstanding++;
      journalEnd += record.length;
    }
    while (outstanding > 0) {
      k32.SleepEx(WinBase.INFINITE, true);
    }
    for (Memory buffer : buffers) {
      k32.LocalFree(buffer);
    }
    requests.clear();
    if (issueError != WinError.ERROR_SUCCESS) {
      throw new IllegalStateException("journal append failed: error " + issueError);
    }
    if (firstCompletionError != WinError.ERROR_SUCCESS) {
      throw new IllegalStateException("journal write failed: error " + firstCompletionError);
    }
  }

  private void onRecordWritten(int errorCode, int count, Pointer overlapped) {
    outstanding--;
    if (errorCode != WinError.ERROR_SUCCESS && firstCompletionError == WinError.ERROR_SUCCESS) {
      firstCompletionError = errorCode;
    }
  }

  @Override
  public void close() {
    k32.CloseHandle(journal);
  }
}
