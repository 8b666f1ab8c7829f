package corpus.missingoverlappedoffset;
// case: negative: game-controller HID reader issues overlapped reads on the device interface path without any offset; HID devices are not seeking devices

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;

public final class JnaHidReadNoOffsets implements AutoCloseable {
  static {
    Native.register("kernel32");
  }

  static native boolean ReadFile(
      HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
      IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

  static native boolean GetOverlappedResult(
      HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

  static native boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);

  private final HANDLE controller;
  private final Memory report;
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaHidReadNoOffsets(String interfacePath, int inputReportLength) {
    controller =
        Kernel32.INSTANCE.CreateFile(
            interfacePath, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE,
            WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    report = new Memory(inputReportLength);
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
  }

  public byte[] poll(int timeoutMillis) {
    Kernel32.INSTANCE.ResetEvent(ov.hEvent);
    if (!ReadFile(controller, report, (int) report.size(), null, ov.getPointer())) {
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("HID read failed: " + error);
      }
      if (Kernel32.INSTANCE.WaitForSingleObject(ov.hEvent, timeoutMillis) != WinBase.WAIT_OBJECT_0) {
        CancelIoEx(controller, ov.getPointer());
      }
    }
    IntByReference got = new IntByReference();
    if (!GetOverlappedResult(controller, ov.getPointer(), got, true)) {
      return null;
    }
    return report.getByteArray(0, got.getValue());
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(controller);
    Kernel32.INSTANCE.CloseHandle(ov.hEvent);
  }
}
