package corpus.modifiedwhilepending;
// case: negative: archive reader stages the next chunk's Offset/OffsetHigh in the OVERLAPPED object's Java fields while the current read is pending; the native OVERLAPPED the kernel uses is only written (ov.write()) after GetOverlappedResult has waited, and the pending status is checked through getPointer()

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;
import java.io.OutputStream;

public final class NextOffsetStagedInJavaFields {
  private static final int CHUNK = 16 * 1024;

  private final Kernel32 k32;
  private final HANDLE archive;
  private final Memory chunk;
  private final OVERLAPPED ov;

  public NextOffsetStagedInJavaFields(Kernel32 k32, String path) throws IOException {
    this.k32 = k32;
    this.archive =
        k32.CreateFile(
            path,
            WinBase.GENERIC_READ,
            WinBase.FILE_SHARE_READ,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(archive)) {
      throw new IOException("cannot open " + path + ": error " + k32.GetLastError());
    }
    this.chunk = k32.LocalAlloc(WinBase.LMEM_FIXED, CHUNK);
    this.ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
  }

  /** Copies the archive member at [start, start + length) to out. */
  public void extract(long start, long length, OutputStream out) throws IOException {
    long position = start;
    long end = start + length;
    ov.Offset = (int) position;
    ov.OffsetHigh = (int) (position >>> 32);
    ov.write();
    while (position < end) {
      int want = (int) Math.min(CHUNK, end - position);
      if (!k32.ReadFile(archive, chunk, want, null, ov.getPointer())) {
        int error = k32.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IOException("read at " + position + " failed: error " + error);
        }
      }
      long next = position + want;
      ov.Offset = (int) next;
      ov.OffsetHigh = (int) (next >>> 32);
      IntByReference got = new IntByReference();
      if (!k32.GetOverlappedResult(archive, ov.getPointer(), got, true)) {
        throw new IOException("read at " + position + " failed: error " + k32.GetLastError());
      }
      if (got.getValue() != want) {
        throw new IOException("short read at " + position);
      }
      out.write(chunk.getByteArray(0, want));
      position = next;
      ov.write();
    }
  }
}
