package io.github.overlapcheck.samples.fixed;

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

/** Reads fixed-size blocks of a data file opened for overlapped I/O. */
public final class AsyncBytesTransferredUsedSample implements AutoCloseable {
  public static final int BLOCK_SIZE = 64;

  private final Kernel32 k32;
  private final HANDLE file;
  private final HANDLE blockRead;
  private final Memory block;

  public AsyncBytesTransferredUsedSample(Kernel32 k32, String path) {
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
    this.blockRead = k32.CreateEvent(null, true, false, null);
    this.block = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, BLOCK_SIZE);
  }

  /** Returns the bytes of block {@code index}: fewer than a block at the end, none past it. */
  public byte[] readBlock(long index) {
    long offset = index * BLOCK_SIZE;
    OVERLAPPED overlapped = new OVERLAPPED(k32);
    overlapped.Offset = (int) offset;
    overlapped.OffsetHigh = (int) (offset >>> 32);
    overlapped.hEvent = blockRead;
    IntByReference bytesRead = new IntByReference();
    if (!k32.ReadFile(file, block, BLOCK_SIZE, bytesRead, overlapped)) {
      int error = k32.GetLastError();
      if (error == WinError.ERROR_HANDLE_EOF) {
        return new byte[0];
      }
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("ReadFile failed: error " + error);
      }
      // The out-parameter is never filled in for a read that went pending.
      if (!k32.GetOverlappedResult(file, overlapped.getPointer(), bytesRead, true)) {
        throw new IllegalStateException("block read failed: error " + k32.GetLastError());
      }
    }
    return block.getByteArray(0, bytesRead.getValue());
  }

  @Override
  public void close() {
    k32.CloseHandle(file);
    k32.CloseHandle(blockRead);
    k32.LocalFree(block);
  }
}
