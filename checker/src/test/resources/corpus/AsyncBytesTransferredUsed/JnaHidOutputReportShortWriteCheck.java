package corpus.asyncbytestransferredused;
// case: positive: HID output-report writer (a Kernel32 sub-interface with a Pointer WriteFile) checks for a short write by comparing lpNumberOfBytesWritten with the report length after waiting for a pending write; the kernel leaves that out-parameter at 0 for pending writes, so every pending report is reported as failed

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

public final class JnaHidOutputReportShortWriteCheck {
  interface HidKernel32 extends Kernel32 {
    HidKernel32 INSTANCE = Native.load("kernel32", HidKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean WriteFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);
  }

  private static final int WRITE_TIMEOUT_MILLIS = 1000;

  private final HANDLE device;
  private final Memory report;
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaHidOutputReportShortWriteCheck(String devicePath, int outputReportLength) {
    device =
        HidKernel32.INSTANCE.CreateFile(
            devicePath, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE,
            WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    report = new Memory(outputReportLength);
    ov.hEvent = HidKernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
  }

  public boolean sendReport(byte reportId, byte[] payload) {
    int length = (int) report.size();
    report.clear();
    report.setByte(0, reportId);
    report.write(1, payload, 0, Math.min(payload.length, length - 1));
    IntByReference written = new IntByReference();
    if (!HidKernel32.INSTANCE.WriteFile(device, report, length, written, ov.getPointer())) {
      int error = HidKernel32.INSTANCE.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        return false;
      }
      int wait = HidKernel32.INSTANCE.WaitForSingleObject(ov.hEvent, WRITE_TIMEOUT_MILLIS);
      if (wait != WinBase.WAIT_OBJECT_0) {
        HidKernel32.INSTANCE.CancelIoEx(device, ov.getPointer());
        HidKernel32.INSTANCE.GetOverlappedResult(device, ov.getPointer(), written, true);
        return false;
      }
    }
    return written.getValue() == length; // expect: AsyncBytesTransferredUsed
  }

  public void close() {
    HidKernel32.INSTANCE.CloseHandle(device);
    HidKernel32.INSTANCE.CloseHandle(ov.hEvent);
  }
}
