package corpus.missingoverlappedoffset;
// case: negative: the page cache writer sets both halves of the OVERLAPPED offset in a same-class helper before every write, so each page lands at its own position

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.util.Map;

public final class OffsetSetByHelper {
  private static final int PAGE = 256;

  private final Kernel32 k32;
  private final HANDLE pageFile;
  private final OVERLAPPED ov;

  public OffsetSetByHelper(Kernel32 k32, String path) {
    this.k32 = k32;
    pageFile =
        k32.CreateFile(
            path, WinBase.GENERIC_READ | WinBase.GENERIC_WRITE, 0, null, WinBase.OPEN_ALWAYS,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public void flushDirty(Map<Long, Memory> dirtyPages) {
    for (Map.Entry<Long, Memory> page : dirtyPages.entrySet()) {
      positionAt(ov, page.getKey() * PAGE);
      k32.ResetEvent(ov.hEvent);
      if (!k32.WriteFile(pageFile, page.getValue(), PAGE, null, ov)
          && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("page write failed: error " + k32.GetLastError());
      }
      if (!k32.GetOverlappedResult(pageFile, ov.getPointer(), new IntByReference(), true)) {
        throw new IllegalStateException("page write failed: error " + k32.GetLastError());
      }
    }
  }

  private static void positionAt(OVERLAPPED overlapped, long position) {
    overlapped.Offset = (int) position;
    overlapped.OffsetHigh = (int) (position >>> 32);
  }
}
