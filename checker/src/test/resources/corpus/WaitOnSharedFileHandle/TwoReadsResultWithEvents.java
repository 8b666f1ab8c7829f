package corpus.waitonsharedfilehandle;
// case: negative: the header and root pages are read concurrently, but each OVERLAPPED carries its own event, so GetOverlappedResult(bWait=TRUE) waits on that event and not on the shared file handle

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class TwoReadsResultWithEvents implements AutoCloseable {
  private static final int PAGE = 128;

  private final Kernel32 k32;
  private final HANDLE file;
  private final Memory headerPage;
  private final Memory rootPage;

  public TwoReadsResultWithEvents(Kernel32 k32, String path) {
    this.k32 = k32;
    file =
        k32.CreateFile(
            path, WinBase.GENERIC_READ, WinBase.FILE_SHARE_READ, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    headerPage = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, PAGE);
    rootPage = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, PAGE);
  }

  public byte[][] readHeaderAndRoot(long rootOffset) {
    OVERLAPPED header = new OVERLAPPED(k32);
    header.Offset = 0;
    header.OffsetHigh = 0;
    header.hEvent = k32.CreateEvent(null, true, false, null);
    OVERLAPPED root = new OVERLAPPED(k32);
    root.Offset = (int) rootOffset;
    root.OffsetHigh = (int) (rootOffset >>> 32);
    root.hEvent = k32.CreateEvent(null, true, false, null);
    try {
      boolean headerStarted = issue(headerPage, header);
      boolean rootStarted = issue(rootPage, root);
      IntByReference headerCount = new IntByReference();
      IntByReference rootCount = new IntByReference();
      boolean headerOk =
          headerStarted && k32.GetOverlappedResult(file, header.getPointer(), headerCount, true);
      boolean rootOk =
          rootStarted && k32.GetOverlappedResult(file, root.getPointer(), rootCount, true);
      if (!headerOk || !rootOk) {
        throw new IllegalStateException("page read failed: error " + k32.GetLastError());
      }
      return new byte[][] {
        headerPage.getByteArray(0, headerCount.getValue()),
        rootPage.getByteArray(0, rootCount.getValue())
      };
    } finally {
      k32.CloseHandle(header.hEvent);
      k32.CloseHandle(root.hEvent);
    }
  }

  private boolean issue(Memory page, OVERLAPPED ov) {
    return k32.ReadFile(file, page, PAGE, null, ov)
        || k32.GetLastError() == WinError.ERROR_IO_PENDING;
  }

  @Override
  public void close() {
    k32.CloseHandle(file);
    k32.LocalFree(headerPage);
    k32.LocalFree(rootPage);
  }
}
