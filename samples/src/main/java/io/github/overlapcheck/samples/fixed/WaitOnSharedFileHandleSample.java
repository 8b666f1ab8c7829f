package io.github.overlapcheck.samples.fixed;

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

/** Reads the header page and the root page of a page file with both reads in flight at once. */
public final class WaitOnSharedFileHandleSample implements AutoCloseable {
  public static final int PAGE_SIZE = 128;

  private final Kernel32 k32;
  private final HANDLE file;
  private final Memory headerPage;
  private final Memory rootPage;

  public WaitOnSharedFileHandleSample(Kernel32 k32, String path) {
    this.k32 = k32;
    this.file =
        k32.CreateFile(
            path,
            WinBase.GENERIC_READ,
            WinBase.FILE_SHARE_READ,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.headerPage = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, PAGE_SIZE);
    this.rootPage = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, PAGE_SIZE);
  }

  /** Returns the header page and the root page, each as many bytes as were read. */
  public byte[][] readHeaderAndRoot(long rootOffset) {
    OVERLAPPED headerRead = startRead(headerPage, 0);
    OVERLAPPED rootRead = startRead(rootPage, rootOffset);
    return new byte[][] {finishRead(headerRead, headerPage), finishRead(rootRead, rootPage)};
  }

  private OVERLAPPED startRead(Memory page, long offset) {
    OVERLAPPED overlapped = new OVERLAPPED(k32);
    overlapped.Offset = (int) offset;
    overlapped.OffsetHigh = (int) (offset >>> 32);
    // Each read gets its own event: the file handle is signalled by whichever read finishes.
    overlapped.hEvent = k32.CreateEvent(null, true, false, null);
    if (!k32.ReadFile(file, page, PAGE_SIZE, null, overlapped)) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("ReadFile failed: error " + error);
      }
    }
    return overlapped;
  }

  private byte[] finishRead(OVERLAPPED overlapped, Memory page) {
    IntByReference count = new IntByReference();
    boolean ok = k32.GetOverlappedResult(file, overlapped.getPointer(), count, true);
    int error = k32.GetLastError();
    k32.CloseHandle(overlapped.hEvent);
    if (!ok) {
      throw new IllegalStateException("page read failed: error " + error);
    }
    return page.getByteArray(0, count.getValue());
  }

  @Override
  public void close() {
    k32.CloseHandle(file);
    k32.LocalFree(headerPage);
    k32.LocalFree(rootPage);
  }
}
