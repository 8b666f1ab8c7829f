package corpus.asyncbytestransferredused;
// case: negative: config loader opens the file without FILE_FLAG_OVERLAPPED and reads with a null OVERLAPPED; ReadFile blocks until the read is done, so lpNumberOfBytesRead is the real count and is the right thing to use

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import java.io.ByteArrayOutputStream;

public final class SyncHandleReadCount {
  private static final int BLOCK = 512;

  private final Kernel32 k32;

  public SyncHandleReadCount(Kernel32 k32) {
    this.k32 = k32;
  }

  public byte[] load(String path) {
    HANDLE file =
        k32.CreateFile(
            path, WinBase.GENERIC_READ, WinBase.FILE_SHARE_READ, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_ATTRIBUTE_NORMAL, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(file)) {
      throw new IllegalStateException("cannot open " + path + ": error " + k32.GetLastError());
    }
    Memory block = k32.LocalAlloc(WinBase.LMEM_FIXED, BLOCK);
    ByteArrayOutputStream contents = new ByteArrayOutputStream();
    try {
      IntByReference got = new IntByReference();
      while (true) {
        if (!k32.ReadFile(file, block, BLOCK, got, (OVERLAPPED) null)) {
          throw new IllegalStateException("read failed: error " + k32.GetLastError());
        }
        int n = got.getValue();
        if (n == 0) {
          return contents.toByteArray();
        }
        contents.write(block.getByteArray(0, n), 0, n);
      }
    } finally {
      k32.LocalFree(block);
      k32.CloseHandle(file);
    }
  }
}
