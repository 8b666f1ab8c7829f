package corpus.missingoverlappedoffset;
// case: positive: fixed-size record store (JNA direct mapping) computes a 64-bit record position but assigns only Offset and leaves OffsetHigh at zero, so records beyond 4 GiB overwrite records near the start of the file

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;

public final class JnaRecordStoreDropsOffsetHigh implements AutoCloseable {
  static {
    Native.register("kernel32");
  }

  static native boolean WriteFile(
      HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
      IntByReference lpNumberOfBytesWritten, WinBase.OVERLAPPED lpOverlapped);

  static native boolean GetOverlappedResult(
      HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

  private static final int RECORD_SIZE = 4096;

  private final HANDLE store;
  private final Memory page = new Memory(RECORD_SIZE);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaRecordStoreDropsOffsetHigh(String path) {
    store =
        Kernel32.INSTANCE.CreateFile(
            path, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_ALWAYS,
            WinNT.FILE_FLAG_OVERLAPPED | WinNT.FILE_FLAG_NO_BUFFERING, null);
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
  }

  public void put(long recordId, byte[] record) {
    if (record.length > RECORD_SIZE) {
      throw new IllegalArgumentException("record too large");
    }
    page.clear();
    page.write(0, record, 0, record.length);
    ov.Offset = (int) (recordId * RECORD_SIZE);
    Kernel32.INSTANCE.ResetEvent(ov.hEvent);
    if (!WriteFile(store, page, RECORD_SIZE, null, ov)) { // expect: MissingOverlappedOffset
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("record write failed: " + error);
      }
    }
    if (!GetOverlappedResult(store, ov.getPointer(), new IntByReference(), true)) {
      throw new IllegalStateException("record write failed: " + Native.getLastError());
    }
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(store);
    Kernel32.INSTANCE.CloseHandle(ov.hEvent);
  }
}
