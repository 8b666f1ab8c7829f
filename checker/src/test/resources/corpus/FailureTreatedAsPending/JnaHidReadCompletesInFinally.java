package corpus.failuretreatedaspending;
// case: positive: a HID reader makes sure no read is left in flight by completing it with GetOverlappedResult(bWait TRUE) in a finally block, but the finally also runs when ReadFile failed with an error other than ERROR_IO_PENDING; nothing was started, so the finally hangs instead of letting the exception out

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

public final class JnaHidReadCompletesInFinally {
  interface HidIo extends StdCallLibrary {
    HidIo INSTANCE = Native.load("kernel32", HidIo.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);
  }

  private final HANDLE device;
  private final Memory report;
  private final int reportLength;
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaHidReadCompletesInFinally(String path, int reportLength) {
    device =
        Kernel32.INSTANCE.CreateFile(
            path, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE,
            WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    this.reportLength = reportLength;
    report = new Memory(reportLength);
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
  }

  public byte[] readReport(int timeoutMillis) throws IOException {
    IntByReference got = new IntByReference();
    boolean started = HidIo.INSTANCE.ReadFile(device, report, reportLength, null, ov.getPointer());
    int error = started ? WinError.ERROR_SUCCESS : Native.getLastError();
    boolean completed = false;
    try {
      if (!started && error != WinError.ERROR_IO_PENDING) {
        throw new IOException("HID read failed: error " + error);
      }
      if (Kernel32.INSTANCE.WaitForSingleObject(ov.hEvent, timeoutMillis) != WinBase.WAIT_OBJECT_0) {
        HidIo.INSTANCE.CancelIoEx(device, ov.getPointer());
        throw new IOException("HID read timed out");
      }
      completed = HidIo.INSTANCE.GetOverlappedResult(device, ov.getPointer(), got, false);
      if (!completed) {
        throw new IOException("HID read failed: error " + Native.getLastError());
      }
      return report.getByteArray(0, got.getValue());
    } finally {
      if (!completed) {
        HidIo.INSTANCE.GetOverlappedResult(device, ov.getPointer(), got, true); // expect: FailureTreatedAsPending
      }
    }
  }

  public void close() {
    Kernel32.INSTANCE.CloseHandle(device);
    Kernel32.INSTANCE.CloseHandle(ov.hEvent);
  }
}
