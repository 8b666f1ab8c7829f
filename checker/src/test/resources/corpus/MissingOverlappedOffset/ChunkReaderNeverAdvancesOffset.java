package corpus.missingoverlappedoffset;
// case: positive: the backup reader sets the OVERLAPPED offset once before its loop and never advances it, so on the asynchronous handle every iteration re-reads the first chunk

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.ByteArrayOutputStream;

public final class ChunkReaderNeverAdvancesOffset {
  private static final int CHUNK = 1024;

  private final Kernel32 k32;

  public ChunkReaderNeverAdvancesOffset(Kernel32 k32) {
    this.k32 = k32;
  }

  public byte[] backup(String path, long expectedLength) {
    HANDLE source =
        k32.CreateFile(
            path, WinBase.GENERIC_READ, WinBase.FILE_SHARE_READ | WinBase.FILE_SHARE_WRITE, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_FLAG_OVERLAPPED, null);
    HANDLE done = k32.CreateEvent(null, true, false, null);
    Memory chunk = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, CHUNK);
    OVERLAPPED ov = new OVERLAPPED(k32);
    ov.Offset = 0;
    ov.OffsetHigh = 0;
    ov.hEvent = done;
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    long copied = 0;
    try {
      while (copied < expectedLength) {
        k32.ResetEvent(done);
        if (!k32.ReadFile(source, chunk, CHUNK, null, ov)) { // expect: MissingOverlappedOffset
          int error = k32.GetLastError();
          if (error == WinError.ERROR_HANDLE_EOF) {
            break;
          }
          if (error != WinError.ERROR_IO_PENDING) {
            throw new IllegalStateException("backup read failed: error " + error);
          }
        }
        IntByReference got = new IntByReference();
        if (!k32.GetOverlappedResult(source, ov.getPointer(), got, true) || got.getValue() == 0) {
          break;
        }
        copy.write(chunk.getByteArray(0, got.getValue()), 0, got.getValue());
        copied += got.getValue();
      }
      return copy.toByteArray();
    } finally {
      k32.LocalFree(chunk);
      k32.CloseHandle(done);
      k32.CloseHandle(source);
    }
  }
}
