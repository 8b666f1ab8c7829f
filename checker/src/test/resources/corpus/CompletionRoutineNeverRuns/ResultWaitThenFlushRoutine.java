package corpus.completionroutineneverruns;
// case: negative: the reader collects the result with GetOverlappedResult(bWait TRUE), a non-alertable wait, but then calls SleepEx(0, TRUE); the completed read's routine is already queued by then and the zero-timeout alertable sleep runs it before the method returns

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Pointer;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class ResultWaitThenFlushRoutine {
  private static final int PAGE = 1024;

  private final Kernel32 k32;
  private final HANDLE index;
  private final Memory page;
  private final OVERLAPPED ov;
  private long pagesSeen;
  private long bytesSeen;

  public ResultWaitThenFlushRoutine(Kernel32 k32, HANDLE overlappedIndexFile) {
    this.k32 = k32;
    this.index = overlappedIndexFile;
    this.page = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, PAGE);
    this.ov = new OVERLAPPED(k32);
  }

  public byte[] readPage(long pageNumber) {
    long offset = pageNumber * PAGE;
    ov.Offset = (int) offset;
    ov.OffsetHigh = (int) (offset >>> 32);
    if (!k32.ReadFileEx(index, page, PAGE, ov, this::onPageRead)) {
      if (k32.GetLastError() == WinError.ERROR_HANDLE_EOF) {
        return new byte[0];
      }
      throw new IllegalStateException("ReadFileEx failed: error " + k32.GetLastError());
    }
    IntByReference got = new IntByReference();
    boolean ok = k32.GetOverlappedResult(index, ov.getPointer(), got, true);
    int error = k32.GetLastError();
    k32.SleepEx(0, true);
    if (!ok) {
      if (error == WinError.ERROR_HANDLE_EOF) {
        return new byte[0];
      }
      throw new IllegalStateException("page read failed: error " + error);
    }
    return page.getByteArray(0, got.getValue());
  }

  private void onPageRead(int errorCode, int count, Pointer overlapped) {
    if (errorCode == WinError.ERROR_SUCCESS) {
      pagesSeen++;
      bytesSeen += count;
    }
  }

  public long pagesSeen() {
    return pagesSeen;
  }

  public void release() {
    k32.LocalFree(page);
  }
}
