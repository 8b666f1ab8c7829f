package corpus.pendingtreatedasfailure;
// case: negative: a HID input-report reader decides whether a FALSE ReadFile is a real failure in a small helper that rules out ERROR_IO_PENDING, then waits on the OVERLAPPED's event and cancels and drains on timeout

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
import java.util.Optional;

public final class JnaHidInputReaderPendingHelper {
  interface DeviceIo extends StdCallLibrary {
    DeviceIo INSTANCE = Native.load("kernel32", DeviceIo.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);
  }

  private final HANDLE device;
  private final int inputReportLength;
  private final Memory report;
  private final WinBase.OVERLAPPED readOv = new WinBase.OVERLAPPED();

  public JnaHidInputReaderPendingHelper(String devicePath, int inputReportLength) {
    device =
        Kernel32.INSTANCE.CreateFile(
            devicePath, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE,
            WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    this.inputReportLength = inputReportLength;
    report = new Memory(inputReportLength);
    readOv.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    readOv.write();
  }

  private static boolean failedOutright(boolean started) {
    return !started && Native.getLastError() != WinError.ERROR_IO_PENDING;
  }

  public Optional<byte[]> readReport(int timeoutMillis) throws IOException {
    Kernel32.INSTANCE.ResetEvent(readOv.hEvent);
    if (failedOutright(
        DeviceIo.INSTANCE.ReadFile(device, report, inputReportLength, null, readOv.getPointer()))) {
      throw new IOException("HID read failed: error " + Native.getLastError());
    }
    IntByReference got = new IntByReference();
    if (Kernel32.INSTANCE.WaitForSingleObject(readOv.hEvent, timeoutMillis) != WinBase.WAIT_OBJECT_0) {
      DeviceIo.INSTANCE.CancelIoEx(device, readOv.getPointer());
      DeviceIo.INSTANCE.GetOverlappedResult(device, readOv.getPointer(), got, true);
      return Optional.empty();
    }
    if (!DeviceIo.INSTANCE.GetOverlappedResult(device, readOv.getPointer(), got, false)) {
      throw new IOException("HID read failed: error " + Native.getLastError());
    }
    return Optional.of(report.getByteArray(0, got.getValue()));
  }

  public void close() {
    Kernel32.INSTANCE.CloseHandle(device);
    Kernel32.INSTANCE.CloseHandle(readOv.hEvent);
  }
}
