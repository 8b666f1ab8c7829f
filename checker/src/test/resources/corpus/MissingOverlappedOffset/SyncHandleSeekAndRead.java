package corpus.missingoverlappedoffset;
// case: negative: a tar reader opens the archive without FILE_FLAG_OVERLAPPED, seeks with SetFilePointerEx and reads synchronously; the system maintains the file pointer for synchronous handles

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;

public final class SyncHandleSeekAndRead implements AutoCloseable {
  private static final int BLOCK = 512;

  private final Kernel32 k32;
  private final HANDLE archive;
  private final Memory block;

  public SyncHandleSeekAndRead(Kernel32 k32, String path) {
    this.k32 = k32;
    archive =
        k32.CreateFile(
            path, WinBase.GENERIC_READ, WinBase.FILE_SHARE_READ, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_ATTRIBUTE_NORMAL, null);
    block = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, BLOCK);
  }

  public byte[] readHeaderBlock(long blockIndex) {
    if (!k32.SetFilePointerEx(archive, blockIndex * BLOCK, null, WinBase.FILE_BEGIN)) {
      throw new IllegalStateException("seek failed: error " + k32.GetLastError());
    }
    IntByReference read = new IntByReference();
    if (!k32.ReadFile(archive, block, BLOCK, read, (OVERLAPPED) null)) {
      throw new IllegalStateException("read failed: error " + k32.GetLastError());
    }
    return block.getByteArray(0, read.getValue());
  }

  public byte[] readNextBlock() {
    IntByReference read = new IntByReference();
    if (!k32.ReadFile(archive, block, BLOCK, read, (OVERLAPPED) null)) {
      throw new IllegalStateException("read failed: error " + k32.GetLastError());
    }
    return block.getByteArray(0, read.getValue());
  }

  @Override
  public void close() {
    k32.CloseHandle(archive);
    k32.LocalFree(block);
  }
}
