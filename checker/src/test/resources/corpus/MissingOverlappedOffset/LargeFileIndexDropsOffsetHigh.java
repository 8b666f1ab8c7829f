package corpus.missingoverlappedoffset;
// case: positive: a video index lookup reads at a 64-bit position but stores only the low 32 bits in Offset and never sets OffsetHigh, so entries past 4 GiB are read from the wrong place

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class LargeFileIndexDropsOffsetHigh implements AutoCloseable {
  private static final int ENTRY = 16;

  private final Kernel32 k32;
  private final HANDLE container;
  private final long indexStart;
  private final Memory entry;

  public LargeFileIndexDropsOffsetHigh(Kernel32 k32, String path, long indexStart) {
    this.k32 = k32;
    this.indexStart = indexStart;
    container =
        k32.CreateFile(
            path, WinBase.GENERIC_READ, WinBase.FILE_SHARE_READ, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    entry = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, ENTRY);
  }

  public long keyframeOffset(int frame) {
    long position = indexStart + (long) frame * ENTRY;
    OVERLAPPED ov = new OVERLAPPED(k32);
    ov.Offset = (int) position;
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    try {
      if (!k32.ReadFile(container, entry, ENTRY, null, ov)) { // expect: MissingOverlappedOffset
        int error = k32.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IllegalStateException("index read failed: error " + error);
        }
      }
      IntByReference got = new IntByReference();
      if (!k32.GetOverlappedResult(container, ov.getPointer(), got, true) || got.getValue() != ENTRY) {
        throw new IllegalStateException("short index entry");
      }
      return entry.getLong(8);
    } finally {
      k32.CloseHandle(ov.hEvent);
    }
  }

  @Override
  public void close() {
    k32.CloseHandle(container);
    k32.LocalFree(entry);
  }
}
