package corpus.releasedwhilepending;
// case: positive: modem prober opens each COM port, waits a bounded time for the banner read and, on timeout, calls CancelIo (same thread) and closes the port right away; the cancelled read has not completed yet when CloseHandle runs

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.W32APIOptions;
import java.nio.charset.StandardCharsets;

public final class JnaModemProbeCancelIoThenClose {
  interface ModemKernel32 extends Kernel32 {
    ModemKernel32 INSTANCE =
        Native.load("kernel32", ModemKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean CancelIo(HANDLE hFile);
  }

  private final ModemKernel32 k32 = ModemKernel32.INSTANCE;
  private final Memory banner = new Memory(128);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
  private final HANDLE bannerEvent;

  public JnaModemProbeCancelIoThenClose() {
    bannerEvent = k32.CreateEvent(null, true, false, null);
    ov.hEvent = bannerEvent;
    ov.write();
  }

  /** Returns the banner the device on comPort prints when opened, or null if it stays silent. */
  public String probe(String comPort, int timeoutMillis) {
    HANDLE port =
        k32.CreateFile(
            "\\\\.\\" + comPort, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(port)) {
      return null;
    }
    k32.ResetEvent(bannerEvent);
    if (!k32.ReadFile(port, banner, (int) banner.size(), null, ov.getPointer())) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        k32.CloseHandle(port);
        return null;
      }
      if (k32.WaitForSingleObject(bannerEvent, timeoutMillis) != WinBase.WAIT_OBJECT_0) {
        k32.CancelIo(port);
        k32.CloseHandle(port); // expect: ReleasedWhilePending
        return null;
      }
    }
    IntByReference got = new IntByReference();
    boolean ok = k32.GetOverlappedResult(port, ov.getPointer(), got, true);
    k32.CloseHandle(port);
    if (!ok || got.getValue() == 0) {
      return null;
    }
    return new String(banner.getByteArray(0, got.getValue()), StandardCharsets.US_ASCII).trim();
  }
}
