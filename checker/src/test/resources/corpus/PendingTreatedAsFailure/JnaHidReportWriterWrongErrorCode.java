package corpus.pendingtreatedasfailure;
// case: positive: HID output-report writer compares the error of a FALSE WriteFile with ERROR_IO_INCOMPLETE instead of ERROR_IO_PENDING, so a write that went pending is reported as a failed report

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.io.IOException;

public final class JnaHidReportWriterWrongErrorCode {
  interface HidIo extends StdCallLibrary {
    HidIo INSTANCE = Native.load("kernel32", HidIo.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean WriteFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);
  }

  private final HANDLE device;
  private final int reportLength;
  private final Memory report;
  private final WinBase.OVERLAPPED writeOv = new WinBase.OVERLAPPED();

  public JnaHidReportWriterWrongErrorCode(String devicePath, int outputReportLength) {
    device =
        Kernel32.INSTANCE.CreateFile(
            devicePath, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE,
            WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    reportLength = outputReportLength;
    report = new Memory(outputReportLength);
    writeOv.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    writeOv.write();
  }

  public void sendReport(byte reportId, byte[] payload, int timeoutMillis) throws IOException {
    report.clear();
    report.setByte(0, reportId);
    report.write(1, payload, 0, Math.min(payload.length, reportLength - 1));
    Kernel32.INSTANCE.ResetEvent(writeOv.hEvent);
    if (!HidIo.INSTANCE.WriteFile(device, report, reportLength, null, writeOv.getPointer())) { // expect: PendingTreatedAsFailure
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_INCOMPLETE) {
        throw new IOException("HID output report failed: error " + error);
      }
    }
    IntByReference written = new IntByReference();
    if (Kernel32.INSTANCE.WaitForSingleObject(writeOv.hEvent, timeoutMillis) != WinBase.WAIT_OBJECT_0) {
      HidIo.INSTANCE.CancelIoEx(device, writeOv.getPointer());
      HidIo.INSTANCE.GetOverlappedResult(device, writeOv.getPointer(), written, true);
      throw new IOException("HID output report timed out");
    }
    if (!HidIo.INSTANCE.GetOverlappedResult(device, writeOv.getPointer(), written, false)) {
      throw new IOException("HID output report failed: error " + Native.getLastError());
    }
  }

  public void close() {
    Kernel32.INSTANCE.CloseHandle(device);
    Kernel32.INSTANCE.CloseHandle(writeOv.hEvent);
  }
}
