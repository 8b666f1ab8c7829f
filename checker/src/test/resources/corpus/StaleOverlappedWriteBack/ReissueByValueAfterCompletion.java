package corpus.staleoverlappedwriteback;
// case: negative: chunked file hasher passes its OVERLAPPED Structure by value only to ReadFile, where writing the Java Offset/OffsetHigh before the read starts is the point; each completion is read through getPointer() before the offset is advanced and the Structure is reused

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

public final class ReissueByValueAfterCompletion {
  private static final int CHUNK = 64 * 1024;

  private final Kernel32 k32;

  public ReissueByValueAfterCompletion(Kernel32 k32) {
    this.k32 = k32;
  }

  public byte[] sha256(String path) throws IOException, NoSuchAlgorithmException {
    HANDLE file =
        k32.CreateFile(
            path, WinBase.GENERIC_READ, WinBase.FILE_SHARE_READ, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(file)) {
      throw new IOException("cannot open " + path + ": error " + k32.GetLastError());
    }
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    Memory chunk = k32.LocalAlloc(WinBase.LMEM_FIXED, CHUNK);
    OVERLAPPED ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    long position = 0;
    try {
      while (true) {
        ov.Offset = (int) position;
        ov.OffsetHigh = (int) (position >>> 32);
        if (!k32.ReadFile(file, chunk, CHUNK, null, ov)) {
          int error = k32.GetLastError();
          if (error == WinError.ERROR_HANDLE_EOF) {
            break;
          }
          if (error != WinError.ERROR_IO_PENDING) {
            throw new IOException("read failed: error " + error);
          }
        }
        IntByReference got = new IntByReference();
        if (!k32.GetOverlappedResult(file, ov.getPointer(), got, true)) {
          if (k32.GetLastError() == WinError.ERROR_HANDLE_EOF) {
            break;
          }
          throw new IOException("read failed: error " + k32.GetLastError());
        }
        if (got.getValue() == 0) {
          break;
        }
        digest.update(chunk.getByteArray(0, got.getValue()));
        position += got.getValue();
      }
      return digest.digest();
    } finally {
      k32.CloseHandle(ov.hEvent);
      k32.LocalFree(chunk);
      k32.CloseHandle(file);
    }
  }
}
