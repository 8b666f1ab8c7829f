package corpus.missingoverlappedoffset;
// case: negative: log scanner advances its OVERLAPPED in place after each read, adding the byte count to Offset and carrying into OffsetHigh when the low half wraps, as C code ported to Java often does; every read starts where the previous one ended, beyond 4 GiB too

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.util.function.Consumer;

public final class ScannerAdvancesOverlappedInPlace implements AutoCloseable {
  private static final int CHUNK = 4096;

  private final Kernel32 k32;
  private final HANDLE log;
  private final Memory chunk;
  private final OVERLAPPED ov;

  public ScannerAdvancesOverlappedInPlace(Kernel32 k32, String path) {
    this.k32 = k32;
    log =
        k32.CreateFile(
            path, WinBase.GENERIC_READ, WinBase.FILE_SHARE_READ | WinBase.FILE_SHARE_WRITE, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_FLAG_OVERLAPPED, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(log)) {
      throw new IllegalStateException("cannot open " + path + ": error " + k32.GetLastError());
    }
    chunk = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, CHUNK);
    ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public long scan(Consumer<byte[]> sink) {
    ov.Offset = 0;
    ov.OffsetHigh = 0;
    long total = 0;
    while (true) {
      k32.ResetEvent(ov.hEvent);
      if (!k32.ReadFile(log, chunk, CHUNK, null, ov)) {
        int error = k32.GetLastError();
        if (error == WinError.ERROR_HANDLE_EOF) {
          break;
        }
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IllegalStateException("scan read failed: error " + error);
        }
      }
      IntByReference got = new IntByReference();
      if (!k32.GetOverlappedResult(log, ov.getPointer(), got, true)) {
        if (k32.GetLastError() == WinError.ERROR_HANDLE_EOF) {
          break;
        }
        throw new IllegalStateException("scan read failed: error " + k32.GetLastError());
      }
      int count = got.getValue();
      if (count == 0) {
        break;
      }
      sink.accept(chunk.getByteArray(0, count));
      total += count;
      int before = ov.Offset;
      ov.Offset += count;
      if (Integer.compareUnsigned(ov.Offset, before) < 0) {
        ov.OffsetHigh++;
      }
    }
    return total;
  }

  @Override
  public void close() {
    k32.CloseHandle(log);
    k32.CloseHandle(ov.hEvent);
    k32.LocalFree(chunk);
  }
}
