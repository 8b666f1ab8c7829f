package corpus.skippedcompletionunhandled;
// case: negative: journal writer bound to the thread pool sets only FILE_SKIP_SET_EVENT_ON_HANDLE, which stops the file handle from being signalled but still runs the pool callback for synchronous completions, so leaving a TRUE WriteFile's request to the callback is correct

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Pointer;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

public final class ThreadPoolWriterSkipsOnlyHandleEvent {
  private final Kernel32 k32;
  private final HANDLE journal;
  private final AtomicLong nextOffset = new AtomicLong();
  private final AtomicInteger unfinished = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();

  public ThreadPoolWriterSkipsOnlyHandleEvent(Kernel32 k32, String path) {
    this.k32 = k32;
    this.journal =
        k32.CreateFile(
            path, WinBase.GENERIC_WRITE, WinBase.FILE_SHARE_READ, null, WinBase.CREATE_ALWAYS,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    k32.BindIoCompletionCallback(journal, this::written, 0);
    k32.SetFileCompletionNotificationModes(journal, WinBase.FILE_SKIP_SET_EVENT_ON_HANDLE);
  }

  public void append(byte[] entry) {
    long offset = nextOffset.getAndAdd(entry.length);
    Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + entry.length);
    OVERLAPPED ov = new OVERLAPPED(request);
    ov.Offset = (int) offset;
    ov.OffsetHigh = (int) (offset >>> 32);
    ov.write();
    request.write(OVERLAPPED.SIZE, entry, 0, entry.length);
    unfinished.incrementAndGet();
    if (k32.WriteFile(journal, request.share(OVERLAPPED.SIZE), entry.length, null, request)) {
      return;
    }
    int error = k32.GetLastError();
    if (error != WinError.ERROR_IO_PENDING) {
      unfinished.decrementAndGet();
      failures.incrementAndGet();
      k32.LocalFree(request);
    }
  }

  private void written(int errorCode, int bytes, Pointer overlapped) {
    if (errorCode != WinError.ERROR_SUCCESS) {
      failures.incrementAndGet();
    }
    k32.LocalFree(overlapped);
    unfinished.decrementAndGet();
  }

  /** Waits (alertably, letting the pool run) until every appended entry is on disk. */
  public int awaitQuiet() {
    while (unfinished.get() > 0) {
      k32.SleepEx(10, true);
    }
    return failures.get();
  }

  public void close() {
    awaitQuiet();
    k32.CloseHandle(journal);
  }
}
