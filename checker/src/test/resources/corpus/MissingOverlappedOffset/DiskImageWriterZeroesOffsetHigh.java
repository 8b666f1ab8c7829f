package corpus.missingoverlappedoffset;
// case: positive: disk image writer streams a multi-gigabyte image to a file opened with OPEN_ALWAYS, tracking a 64-bit position (which can start past 4 GiB when an interrupted copy is resumed), but assigns OffsetHigh = 0 explicitly on every write; the position is cut to its low 32 bits, so everything past 4 GiB is written over the start of the image

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;
import java.io.InputStream;

public final class DiskImageWriterZeroesOffsetHigh implements AutoCloseable {
  private static final int CHUNK = 64 * 1024;

  private final Kernel32 k32;
  private final HANDLE image;
  private final Memory chunk;
  private final OVERLAPPED ov;

  public DiskImageWriterZeroesOffsetHigh(Kernel32 k32, String imagePath) {
    this.k32 = k32;
    image =
        k32.CreateFile(
            imagePath, WinBase.GENERIC_WRITE, 0, null, WinBase.OPEN_ALWAYS,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(image)) {
      throw new IllegalStateException("cannot open " + imagePath + ": error " + k32.GetLastError());
    }
    chunk = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, CHUNK);
    ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public long writeImage(InputStream source, long resumeAt) throws IOException {
    byte[] staging = new byte[CHUNK];
    long position = resumeAt;
    int n;
    while ((n = source.readNBytes(staging, 0, CHUNK)) > 0) {
      chunk.write(0, staging, 0, n);
      ov.Offset = (int) position;
      ov.OffsetHigh = 0;
      k32.ResetEvent(ov.hEvent);
      if (!k32.WriteFile(image, chunk, n, null, ov)) { // expect: MissingOverlappedOffset
        int error = k32.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IOException("image write failed: error " + error);
        }
      }
      IntByReference written = new IntByReference();
      if (!k32.GetOverlappedResult(image, ov.getPointer(), written, true)) {
        throw new IOException("image write failed: error " + k32.GetLastError());
      }
      position += written.getValue();
    }
    return position;
  }

  @Override
  public void close() {
    k32.CloseHandle(image);
    k32.CloseHandle(ov.hEvent);
    k32.LocalFree(chunk);
  }
}
