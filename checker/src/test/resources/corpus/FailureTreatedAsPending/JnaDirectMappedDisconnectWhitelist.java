package corpus.failuretreatedaspending;
// case: positive: a direct-mapped USB CDC reader returns -1 only for the errors its isDisconnect() helper knows and otherwise completes the read with GetOverlappedResult(bWait TRUE); an error outside that list (access denied, invalid parameter, aborted) started nothing, so the wait hangs

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;

public final class JnaDirectMappedDisconnectWhitelist {
  static {
    Native.register("kernel32");
  }

  static native boolean ReadFile(
      HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
      IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

  static native boolean GetOverlappedResult(
      HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

  private final HANDLE port;
  private final Memory rx = new Memory(64);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaDirectMappedDisconnectWhitelist(String portName) {
    port =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + portName, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
  }

  private static boolean isDisconnect(int error) {
    return error == WinError.ERROR_DEVICE_NOT_CONNECTED
        || error == WinError.ERROR_GEN_FAILURE
        || error == WinError.ERROR_INVALID_HANDLE;
  }

  public int read(byte[] dst) {
    int want = Math.min(dst.length, (int) rx.size());
    if (!ReadFile(port, rx, want, null, ov.getPointer()) && isDisconnect(Native.getLastError())) {
      return -1;
    }
    IntByReference got = new IntByReference();
    if (!GetOverlappedResult(port, ov.getPointer(), got, true)) { // expect: FailureTreatedAsPending
      return isDisconnect(Native.getLastError()) ? -1 : 0;
    }
    rx.read(0, dst, 0, got.getValue());
    return got.getValue();
  }

  public void close() {
    Kernel32.INSTANCE.CloseHandle(port);
    Kernel32.INSTANCE.CloseHandle(ov.hEvent);
  }
}
