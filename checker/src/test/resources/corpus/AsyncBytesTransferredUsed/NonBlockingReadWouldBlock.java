package corpus.asyncbytestransferredused;
// case: negative: non-blocking channel returns WOULD_BLOCK as soon as a read goes pending and reads lpNumberOfBytesRead only on the fall-through that ReadFile's TRUE reaches; the pending read's count is later taken from GetOverlappedResult in poll()

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class NonBlockingReadWouldBlock {
  public static final int WOULD_BLOCK = -2;
  public static final int END_OF_STREAM = -1;
  private static final int CAPACITY = 256;

  private final Kernel32 k32;
  private final HANDLE channel;
  private final Memory buffer;
  private final OVERLAPPED ov;
  private boolean readPending;

  public NonBlockingReadWouldBlock(Kernel32 k32, HANDLE overlappedChannel) {
    this.k32 = k32;
    this.channel = overlappedChannel;
    this.buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, CAPACITY);
    this.ov = new OVERLAPPED(k32);
  }

  public int read(byte[] dst) {
    if (readPending) {
      return poll(dst);
    }
    IntByReference got = new IntByReference();
    if (!k32.ReadFile(channel, buffer, Math.min(dst.length, CAPACITY), got, ov.getPointer())) {
      int error = k32.GetLastError();
      if (error == WinError.ERROR_IO_PENDING) {
        readPending = true;
        return WOULD_BLOCK;
      }
      if (error == WinError.ERROR_BROKEN_PIPE) {
        return END_OF_STREAM;
      }
      throw new IllegalStateException("read failed: error " + error);
    }
    int n = got.getValue();
    buffer.read(0, dst, 0, n);
    return n;
  }

  private int poll(byte[] dst) {
    IntByReference done = new IntByReference();
    if (!k32.GetOverlappedResult(channel, ov.getPointer(), done, false)) {
      int error = k32.GetLastError();
      if (error == WinError.ERROR_IO_INCOMPLETE) {
        return WOULD_BLOCK;
      }
      readPending = false;
      if (error == WinError.ERROR_BROKEN_PIPE) {
        return END_OF_STREAM;
      }
      throw new IllegalStateException("read failed: error " + error);
    }
    readPending = false;
    int n = done.getValue();
    buffer.read(0, dst, 0, n);
    return n;
  }

  public void close() {
    if (readPending) {
      k32.CancelIoEx(channel, ov.getPointer());
      k32.GetOverlappedResult(channel, ov.getPointer(), new IntByReference(), true);
      readPending = false;
    }
    k32.LocalFree(buffer);
  }
}
