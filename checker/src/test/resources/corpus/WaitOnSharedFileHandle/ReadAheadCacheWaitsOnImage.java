package corpus.waitonsharedfilehandle;
// case: positive: block cache starts a read-ahead of the next block in prefetch() and leaves it outstanding until a later readBlock() takes it; readBlock() meanwhile issues its own read for another block and waits with WaitForSingleObject on the image file handle, which the still-running read-ahead can signal first

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class ReadAheadCacheWaitsOnImage implements AutoCloseable {
  private static final int BLOCK = 512;

  private final Kernel32 k32;
  private final HANDLE image;
  private final Memory aheadBuffer;
  private final OVERLAPPED aheadOv;
  private final Memory blockBuffer;
  private final OVERLAPPED blockOv;
  private boolean aheadInFlight;
  private long aheadBlock = -1;

  public ReadAheadCacheWaitsOnImage(Kernel32 k32, String imagePath) {
    this.k32 = k32;
    image =
        k32.CreateFile(
            imagePath, WinBase.GENERIC_READ, WinBase.FILE_SHARE_READ, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_FLAG_OVERLAPPED, null);
    aheadBuffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, BLOCK);
    aheadOv = new OVERLAPPED(k32);
    aheadOv.hEvent = k32.CreateEvent(null, true, false, null);
    blockBuffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, BLOCK);
    blockOv = new OVERLAPPED(k32);
  }

  public void prefetch(long block) {
    if (aheadInFlight) {
      return;
    }
    long position = block * BLOCK;
    aheadOv.Offset = (int) position;
    aheadOv.OffsetHigh = (int) (position >>> 32);
    k32.ResetEvent(aheadOv.hEvent);
    if (!k32.ReadFile(image, aheadBuffer, BLOCK, null, aheadOv)
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      return;
    }
    aheadInFlight = true;
    aheadBlock = block;
  }

  private byte[] takePrefetched(long block) {
    if (!aheadInFlight || block != aheadBlock) {
      return null;
    }
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(image, aheadOv.getPointer(), got, false)) {
      if (k32.GetLastError() == WinError.ERROR_IO_INCOMPLETE) {
        return null;
      }
      aheadInFlight = false;
      return null;
    }
    aheadInFlight = false;
    return aheadBuffer.getByteArray(0, got.getValue());
  }

  public byte[] readBlock(long block) {
    byte[] ahead = takePrefetched(block);
    if (ahead != null) {
      prefetch(block + 1);
      return ahead;
    }
    long position = block * BLOCK;
    blockOv.Offset = (int) position;
    blockOv.OffsetHigh = (int) (position >>> 32);
    if (!k32.ReadFile(image, blockBuffer, BLOCK, null, blockOv)) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("block read failed: error " + error);
      }
      if (k32.WaitForSingleObject(image, WinBase.INFINITE) != WinBase.WAIT_OBJECT_0) { // expect: WaitOnSharedFileHandle
        throw new IllegalStateException("block wait failed: error " + k32.GetLastError());
      }
    }
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(image, blockOv.getPointer(), got, false)) {
      throw new IllegalStateException("block read failed: error " + k32.GetLastError());
    }
    byte[] data = blockBuffer.getByteArray(0, got.getValue());
    prefetch(block + 1);
    return data;
  }

  @Override
  public void close() {
    if (aheadInFlight) {
      k32.CancelIoEx(image, aheadOv.getPointer());
      k32.GetOverlappedResult(image, aheadOv.getPointer(), new IntByReference(), true);
    }
    k32.CloseHandle(image);
    k32.CloseHandle(aheadOv.hEvent);
    k32.LocalFree(aheadBuffer);
    k32.LocalFree(blockBuffer);
  }
}
