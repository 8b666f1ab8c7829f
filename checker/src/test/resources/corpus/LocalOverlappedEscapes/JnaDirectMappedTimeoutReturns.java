package corpus.localoverlappedescapes;
// case: positive: barcode scanner reader with JNA direct mapping passes a method-local OVERLAPPED Structure; when the wait times out the method returns without cancelling or waiting, so the Structure's memory is collected while the read is still pending

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

public final class JnaDirectMappedTimeoutReturns {
  static {
    Native.register("kernel32");
  }

  static native boolean ReadFile(
      HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
      IntByReference lpNumberOfBytesRead, WinBase.OVERLAPPED lpOverlapped);

  static native boolean GetOverlappedResult(
      HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

  private final HANDLE scanner;
  private final HANDLE scanEvent;
  private final Memory scanBuffer = new Memory(128);

  public JnaDirectMappedTimeoutReturns(String comPort) {
    scanner =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + comPort, WinNT.GENERIC_READ, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    scanEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
  }

  public String nextBarcode(int timeoutMillis) {
    WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
    ov.hEvent = scanEvent;
    Kernel32.INSTANCE.ResetEvent(scanEvent);
    IntByReference count = new IntByReference();
    if (!ReadFile(scanner, scanBuffer, (int) scanBuffer.size(), count, ov)) { // expect: LocalOverlappedEscapes
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("scanner read failed: " + error);
      }
      if (Kernel32.INSTANCE.WaitForSingleObject(scanEvent, timeoutMillis) == WinError.WAIT_TIMEOUT) {
        return null;
      }
      if (!GetOverlappedResult(scanner, ov.getPointer(), count, false)) {
        throw new IllegalStateException("scanner read failed: " + Native.getLastError());
      }
    }
    return new String(scanBuffer.getByteArray(0, count.getValue()), StandardCharsets.US_ASCII).trim();
  }
}
