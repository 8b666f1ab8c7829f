package corpus.modifiedwhilepending;
// case: positive: HID keyboard LED controller sends an output report and zeroes the report buffer "for the next call" right after WriteFile, before GetOverlappedResult; when the write went pending the clear overwrites data the device has not taken yet

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

public final class JnaHidLedReportClearedBeforeWait implements AutoCloseable {
  interface HidKernel32 extends Kernel32 {
    HidKernel32 INSTANCE =
        Native.load("kernel32", HidKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean WriteFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  private static final byte LED_REPORT_ID = 0x01;
  private static final int REPORT_LENGTH = 2;

  private final HidKernel32 k32 = HidKernel32.INSTANCE;
  private final HANDLE device;
  private final Memory report = new Memory(REPORT_LENGTH);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaHidLedReportClearedBeforeWait(String devicePath) {
    device =
        k32.CreateFile(
            devicePath, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE,
            WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(device)) {
      throw new IllegalStateException("cannot open " + devicePath + ": " + k32.GetLastError());
    }
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
  }

  /** Sets num/caps/scroll lock LEDs; returns whether the device took the whole report. */
  public boolean setLeds(boolean num, boolean caps, boolean scroll) {
    int mask = (num ? 1 : 0) | (caps ? 2 : 0) | (scroll ? 4 : 0);
    report.setByte(0, LED_REPORT_ID);
    report.setByte(1, (byte) mask);
    k32.ResetEvent(ov.hEvent);
    if (!k32.WriteFile(device, report, REPORT_LENGTH, null, ov.getPointer())) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        return false;
      }
    }
    report.clear(); // expect: ModifiedWhilePending
    IntByReference sent = new IntByReference();
    return k32.GetOverlappedResult(device, ov.getPointer(), sent, true)
        && sent.getValue() == REPORT_LENGTH;
  }

  @Override
  public void close() {
    k32.CloseHandle(device);
    k32.CloseHandle(ov.hEvent);
  }
}
