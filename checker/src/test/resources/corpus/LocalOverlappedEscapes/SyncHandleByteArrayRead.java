package corpus.localoverlappedescapes;
// case: negative: a byte[] passed to the runtime's ReadFile on a file opened without FILE_FLAG_OVERLAPPED; the read is synchronous, so the temporary copy outlives the transfer

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import java.io.ByteArrayOutputStream;

public final class SyncHandleByteArrayRead {
  private final Kernel32 k32;

  public SyncHandleByteArrayRead(Kernel32 k32) {
    this.k32 = k32;
  }

  public byte[] slurp(String path) {
    HANDLE file =
        k32.CreateFile(
            path, WinBase.GENERIC_READ, WinBase.FILE_SHARE_READ, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_ATTRIBUTE_NORMAL, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(file)) {
      throw new IllegalStateException("open failed: error " + k32.GetLastError());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    IntByReference read = new IntByReference();
    try {
      while (k32.ReadFile(file, chunk, chunk.length, read, (OVERLAPPED) null) && read.getValue() > 0) {
        out.write(chunk, 0, read.getValue());
      }
    } finally {
      k32.CloseHandle(file);
    }
    return out.toByteArray();
  }
}
