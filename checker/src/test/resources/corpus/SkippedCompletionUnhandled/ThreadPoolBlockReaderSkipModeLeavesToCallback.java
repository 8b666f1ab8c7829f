package corpus.skippedcompletionunhandled;
// case: positive: block reader bound to the thread pool with BindIoCompletionCallback turns on FILE_SKIP_COMPLETION_PORT_ON_SUCCESS, but a ReadFile that returns TRUE still counts on the pool callback to hand the block over and free the request; with skip-on-success the callback never runs for it, so cached blocks are never delivered and their requests leak

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Pointer;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.util.function.BiConsumer;

public final class ThreadPoolBlockReaderSkipModeLeavesToCallback {
  private static final int BLOCK_SIZE = 4096;

  private final Kernel32 k32;
  private final HANDLE image;
  private final BiConsumer<Long, byte[]> sink;

  public ThreadPoolBlockReaderSkipModeLeavesToCallback(
      Kernel32 k32, String imagePath, BiConsumer<Long, byte[]> sink) {
    this.k32 = k32;
    this.sink = sink;
    this.image =
        k32.CreateFile(
            imagePath,
            WinBase.GENERIC_READ,
            WinBase.FILE_SHARE_READ,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    if (!k32.BindIoCompletionCallback(image, this::onBlockRead, 0)
        || !k32.SetFileCompletionNotificationModes(
            image, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS)) {
      throw new IllegalStateException("setup failed: error " + k32.GetLastError());
    }
  }

  /** Starts reading one block. */
  public boolean requestBlock(long blockNumber) {
    long position = blockNumber * BLOCK_SIZE;
    Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + BLOCK_SIZE);
    OVERLAPPED ov = new OVERLAPPED(request);
    ov.Offset = (int) position;
    ov.OffsetHigh = (int) (position >>> 32);
    ov.write();
    boolean started =
        k32.ReadFile(image, request.share(OVERLAPPED.SIZE), BLOCK_SIZE, null, request) // expect: SkippedCompletionUnhandled
            || k32.GetLastError() == WinError.ERROR_IO_PENDING;
    if (!started) {
      k32.LocalFree(request);
    }
    return started;
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
