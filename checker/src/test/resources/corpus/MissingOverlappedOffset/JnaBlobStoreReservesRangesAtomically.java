package corpus.missingoverlappedoffset;
// case: negative: concurrent blob store reserves each blob's range with AtomicLong.getAndAdd and writes the blob at that 64-bit position through Offset and OffsetHigh, each writer with its own OVERLAPPED and event; the shared end position moves forward on every reservation, so no two writes share a position

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.win32.W32APIOptions;
import java.util.concurrent.atomic.AtomicLong;

public final class JnaBlobStoreReservesRangesAtomically implements AutoCloseable {
  interface BlobKernel32 extends Kernel32 {
    BlobKernel32 INSTANCE = Native.load("kernel32", BlobKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean GetFileSizeEx(HANDLE hFile, LongByReference lpFileSize);

    boolean WriteFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  private static final BlobKernel32 K32 = BlobKernel32.INSTANCE;

  private final HANDLE store;
  private final AtomicLong end;

  public JnaBlobStoreReservesRangesAtomically(String path) {
    store =
        K32.CreateFile(
            path, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, WinNT.FILE_SHARE_READ, null,
            WinNT.OPEN_ALWAYS, WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(store)) {
      throw new IllegalStateException("cannot open " + path + ": " + K32.GetLastError());
    }
    LongByReference size = new LongByReference();
    if (!K32.GetFileSizeEx(store, size)) {
      throw new IllegalStateException("size query failed: " + K32.GetLastError());
    }
    end = new AtomicLong(size.getValue());
  }

  public long put(byte[] blob) {
    long at = end.getAndAdd(blob.length);
    Memory data = new Memory(blob.length);
    data.write(0, blob, 0, blob.length);
    WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
    ov.Offset = (int) at;
    ov.OffsetHigh = (int) (at >>> 32);
    ov.hEvent = K32.CreateEvent(null, true, false, null);
    ov.write();
    try {
      if (!K32.WriteFile(store, data, blob.length, null, ov.getPointer())
          && K32.GetLastError() != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("blob write failed: " + K32.GetLastError());
      }
      IntByReference written = new IntByReference();
      if (!K32.GetOverlappedResult(store, ov.getPointer(), written, true)) {
        throw new IllegalStateException("blob write failed: " + K32.GetLastError());
      }
      if (written.getValue() != blob.length) {
        throw new IllegalStateException("short blob write at " + at);
      }
      return at;
    } finally {
      K32.CloseHandle(ov.hEvent);
    }
  }

  @Override
  public void close() {
    K32.CloseHandle(store);
  }
}
