package corpus.nulloverlappedonasynchandle;
// case: positive: HID reader with JNA direct mapping opens the device with attributes held in a local that include FILE_FLAG_OVERLAPPED; the timed read uses an OVERLAPPED and event, but the blocking read passes a null OVERLAPPED Structure

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;

public final class JnaDirectMappedHidReportNullOverlapped {
  static {
    Native.register("kernel32");
  }

  static native boolean ReadFile(
      HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
      IntByReference lpNumberOfBytesRead, WinBase.OVERLAPPED lpOverlapped);

  static native boolean GetOverlappedResult(
      HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

  static native boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);

  private final HANDLE hid;
  private final HANDLE reportEvent;
  private final int reportLength;
  private final Memory report;

  public JnaDirectMappedHidReportNullOverlapped(String devicePath, int reportLength) {
    int attributes = WinNT.FILE_ATTRIBUTE_NORMAL | WinNT.FILE_FLAG_OVERLAPPED;
    hid =
        Kernel32.INSTANCE.CreateFile(
            devicePath, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE,
            WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE, null, WinNT.OPEN_EXISTING,
            attributes, null);
    reportEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    this.reportLength = reportLength;
    this.report = new Memory(reportLength);
  }

  public byte[] readReport() {
    IntByReference read = new IntByReference();
    if (!ReadFile(hid, report, reportLength, read, null)) { // expect: NullOverlappedOnAsyncHandle
      throw new IllegalStateException("HID read failed: " + Native.getLastError());
    }
    return report.getByteArray(0, read.getValue());
  }

  public byte[] readReport(int timeoutMillis) {
    WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
    ov.hEvent = reportEvent;
    if (!ReadFile(hid, report, reportLength, null, ov)
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("HID read failed: " + Native.getLastError());
    }
    if (Kernel32.INSTANCE.WaitForSingleObject(reportEvent, timeoutMillis) != WinBase.WAIT_OBJECT_0) {
      CancelIoEx(hid, ov.getPointer());
    }
    IntByReference got = new IntByReference();
    if (!GetOverlappedResult(hid, ov.getPointer(), got, true)) {
      return null;
    }
    return report.getByteArray(0, got.getValue());
  }
}
