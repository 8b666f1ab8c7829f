package corpus.failuretreatedaspending;
// case: negative: a direct-mapped barcode reader waits on the OVERLAPPED's event after a TRUE ReadFile as well as after ERROR_IO_PENDING; a synchronously completed overlapped read still signals the event, and every other error throws before the wait

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import java.nio.charset.StandardCharsets;

public final class JnaDirectMappedSyncSuccessStillWaitsOnEvent {
  static {
    Native.register("kernel32");
  }

  static native boolean ReadFile(
      HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
      IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

  static native boolean GetOverlappedResult(
      HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

  static native boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);

  private final HANDLE scanner;
  private final Memory scan = new Memory(128);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaDirectMappedSyncSuccessStillWaitsOnEvent(String port) {
    scanner =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + port, WinNT.GENERIC_READ, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
  }

  public String nextBarcode(int timeoutMillis) {
    if (!ReadFile(scanner, scan, (int) scan.size(), null, ov.getPointer())) {
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("scanner read failed: error " + error);
      }
    }
    IntByReference got = new IntByReference();
    if (Kernel32.INSTANCE.WaitForSingleObject(ov.hEvent, timeoutMillis) == WinError.WAIT_TIMEOUT) {
      CancelIoEx(scanner, ov.getPointer());
      GetOverlappedResult(scanner, ov.getPointer(), got, true);
      return null;
    }
    if (!GetOverlappedResult(scanner, ov.getPointer(), got, false)) {
      throw new IllegalStateException("scanner read failed: error " + Native.getLastError());
    }
    return new String(scan.getByteArray(0, got.getValue()), StandardCharsets.US_ASCII).trim();
  }

  public void close() {
    Kernel32.INSTANCE.CloseHandle(scanner);
    Kernel32.INSTANCE.CloseHandle(ov.hEvent);
  }
}
