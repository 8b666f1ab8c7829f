package corpus.freedbeforecompletionpacket;
// case: positive: file bound to the thread pool with BindIoCompletionCallback; a block read that completes synchronously frees its request, yet the pool callback still runs for it and frees it a second time

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Pointer;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.util.function.BiConsumer;

public final class ThreadPoolReaderFreesOnSyncRead {
  private static final int BLOCK_SIZE = 512;

  private final Kernel32 k32;
  private final HANDLE volumeImage;
  private final BiConsumer<Long, byte[]> sink;

  public ThreadPoolReaderFreesOnSyncRead(
      Kernel32 k32, String imagePath, BiConsumer<Long, byte[]> sink) {
    this.k32 = k32;
    this.sink = sink;
    this.volumeImage =
        k32.CreateFile(
            imagePath,
            WinBase.GENERIC_READ,
            WinBase.FILE_SHARE_READ,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    if (!k32.BindIoCompletionCallback(volumeImage, this::onBlockRead, 0)) {
      throw new IllegalStateException("bind failed: error " + k32.GetLastError());
    }
  }

  public boolean readBlock(long blockNumber) {
    long position = blockNumber * BLOCK_SIZE;
    Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + BLOCK_SIZE);
    OVERLAPPED ov = new OVERLAPPED(request);
    ov.Offset = (int) position;
    ov.OffsetHigh = (int) (position >>> 32);
    ov.write();

    IntByReference read = new IntByReference();
    if (k32.ReadFile(volumeImage, request.share(OVERLAPPED.SIZE), BLOCK_SIZE, read, request)) {
      sink.accept(blockNumber, request.getByteArray(OVERLAPPED.SIZE, read.getValue()));
      k32.LocalFree(request); // expect: FreedBeforeCompletionPacket
      return true;
    }
    int error = k32.GetLastError();
    if (error == WinError.ERROR_IO_PENDING) {
      return true;
    }
    k32.LocalFree(request);
    return false;
  }

  private void onBlockRead(int errorCode, int bytesTransferred, Pointer overlapped) {
    if (errorCode == WinError.ERROR_SUCCESS) {
      OVERLAPPED ov = new OVERLAPPED(overlapped);
      long position = (ov.Offset & 0xFFFFFFFFL) | ((long) ov.OffsetHigh << 32);
      sink.accept(position / BLOCK_SIZE, overlapped.getByteArray(OVERLAPPED.SIZE, bytesTransferred));
    }
    k32.LocalFree(overlapped);
  }
}
